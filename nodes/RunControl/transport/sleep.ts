import { sleep } from 'n8n-workflow';

/** Thrown when the execution was stopped (n8n's Stop button, or a workflow timeout). */
export class StoppedError extends Error {
	constructor() {
		super('The execution was stopped');
		this.name = 'StoppedError';
	}
}

/** The longest single timer: a stopped wait leaves at most this much timer behind. */
const SLICE_MS = 250;

/**
 * Waits `ms` milliseconds, or until `signal` aborts (then throws StoppedError).
 * Uses n8n-workflow's `sleep` in short slices raced against the signal, so Stop takes effect at
 * once and no long timer outlives a stopped execution.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	const until = Date.now() + Math.max(0, ms);
	throwIfStopped(signal);
	for (let left = until - Date.now(); left > 0; left = until - Date.now()) {
		await raceStop(sleep(Math.min(left, SLICE_MS)), signal);
	}
}

export function throwIfStopped(signal?: AbortSignal): void {
	if (signal?.aborted) throw new StoppedError();
}

/** Resolves with `promise`, or rejects with StoppedError as soon as `signal` aborts. */
export async function raceStop<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
	if (!signal) return await promise;
	throwIfStopped(signal);
	let onAbort: (() => void) | undefined;
	const stopped = new Promise<never>((_, reject) => {
		onAbort = () => reject(new StoppedError());
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		return await Promise.race([promise, stopped]);
	} finally {
		if (onAbort) signal.removeEventListener('abort', onAbort);
	}
}
