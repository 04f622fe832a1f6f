import { StoppedError, throwIfStopped } from './sleep';

interface Waiter {
	grant: () => void;
	cancelled: boolean;
}

/** Bounds the requests in flight; waiters are served first come, first served. */
export class Limiter {
	private active = 0;

	private queue: Waiter[] = [];

	private head = 0;

	constructor(private readonly limit: number) {}

	async acquire(signal?: AbortSignal): Promise<void> {
		throwIfStopped(signal);
		if (this.active < this.limit) {
			this.active++;
			return;
		}
		await new Promise<void>((resolve, reject) => {
			const onAbort = () => {
				waiter.cancelled = true;
				reject(new StoppedError());
			};
			const waiter: Waiter = {
				cancelled: false,
				grant: () => {
					signal?.removeEventListener('abort', onAbort);
					resolve();
				},
			};
			this.queue.push(waiter);
			signal?.addEventListener('abort', onAbort, { once: true });
		});
	}

	release(): void {
		while (this.head < this.queue.length) {
			const next = this.queue[this.head++];
			if (!next.cancelled) {
				this.compact();
				next.grant(); // the slot passes straight to the next waiter
				return;
			}
		}
		this.active--;
		this.compact();
	}

	private compact(): void {
		if (this.head === this.queue.length) {
			this.queue = [];
			this.head = 0;
		} else if (this.head > 1024) {
			this.queue = this.queue.slice(this.head);
			this.head = 0;
		}
	}
}
