import { sleep } from 'n8n-workflow';

/** Thrown when the execution was stopped (n8n's Stop button, a workflow timeout, or a failed item). */
export class StoppedError extends Error {
	constructor() {
		super('The execution was stopped');
		this.name = 'StoppedError';
	}
}

/** The longest single timer: a stopped wait leaves at most this much timer behind. */
const SLICE_MS = 250;

/**
 * The Stop of one execution, shared by everything that waits in it. It holds ONE listener on the
 * abort signal however many requests, pauses and queued requests are waiting (n8n's log warns
 * about more than 10 listeners on one signal), and wakes them all at once on Stop.
 */
export class Stopper {
	private readonly waiters = new Set<() => void>();

	constructor(readonly signal?: AbortSignal) {
		signal?.addEventListener(
			'abort',
			() => {
				const waiting = [...this.waiters];
				this.waiters.clear();
				for (const wake of waiting) wake();
			},
			{ once: true },
		);
	}

	get stopped(): boolean {
		return this.signal?.aborted === true;
	}

	throwIfStopped(): void {
		if (this.stopped) throw new StoppedError();
	}

	/** Calls `wake` on Stop; returns the function that unregisters it. */
	onStop(wake: () => void): () => void {
		this.waiters.add(wake);
		return () => this.waiters.delete(wake);
	}

	/** Resolves with `promise`, or rejects with StoppedError as soon as the execution stops. */
	async race<T>(promise: Promise<T>): Promise<T> {
		if (!this.signal) return await promise;
		this.throwIfStopped();
		return await new Promise<T>((resolve, reject) => {
			const forget = this.onStop(() => reject(new StoppedError()));
			promise.then(
				(value) => {
					forget();
					resolve(value);
				},
				(error: unknown) => {
					forget();
					reject(error);
				},
			);
		});
	}

	/**
	 * Waits `ms` milliseconds, or until Stop (then throws StoppedError), with n8n-workflow's
	 * `sleep` in short slices: no long timer outlives a stopped execution.
	 */
	async pause(ms: number): Promise<void> {
		const until = Date.now() + Math.max(0, ms);
		this.throwIfStopped();
		for (let left = until - Date.now(); left > 0; left = until - Date.now()) {
			await this.race(sleep(Math.min(left, SLICE_MS)));
		}
	}
}
