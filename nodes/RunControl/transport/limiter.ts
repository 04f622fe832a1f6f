import type { Stopper } from './stop';
import { StoppedError } from './stop';

interface Waiter {
	grant: () => void;
	refuse: () => void;
}

/**
 * Bounds the requests in flight; waiters are served first come, first served. On Stop every
 * queued waiter is refused at once, through the Stopper's one listener (none per waiter).
 */
export class Limiter {
	private active = 0;

	private queue: Waiter[] = [];

	private head = 0;

	constructor(
		private readonly limit: number,
		private readonly stopper: Stopper,
	) {
		stopper.onStop(() => {
			const queued = this.queue.slice(this.head);
			this.queue = [];
			this.head = 0;
			for (const waiter of queued) waiter.refuse();
		});
	}

	async acquire(): Promise<void> {
		this.stopper.throwIfStopped();
		if (this.active < this.limit) {
			this.active++;
			return;
		}
		await new Promise<void>((resolve, reject) => {
			this.queue.push({ grant: resolve, refuse: () => reject(new StoppedError()) });
		});
	}

	release(): void {
		if (this.head < this.queue.length) {
			const next = this.queue[this.head++];
			this.compact();
			next.grant(); // the slot passes straight to the next waiter
			return;
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
