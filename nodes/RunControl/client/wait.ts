import { DeadlineReached } from '../transport';
import type { Stopper } from '../transport';
import type { NormalizedRun } from '../providers';

export interface WaitSettings {
	pollIntervalMs: number;
	/** 0 = no limit. */
	timeoutMs: number;
	/** When the run counts as done (finished, or waiting where the user stops there). */
	isDone: (run: NormalizedRun) => boolean;
}

export interface WaitResult {
	run: NormalizedRun | undefined;
	polls: number;
	waitedMs: number;
	timedOut: boolean;
}

/**
 * The one wait loop. Polls a run `pollIntervalMs` after the previous answer arrived (so the
 * provider never sees two checks of one run closer than that) until `isDone`, the timeout, or Stop.
 * `first` is a state already known (e.g. the cancel answer): then the first poll comes one
 * interval later. Where the poll comes from (a read of the run, or a list round) is the caller's. `poll(deadline)` may throw DeadlineReached when a pause
 * (429, back-off) would run past the deadline: that ends the wait as timed out.
 */
export async function waitForRun(
	poll: (deadline: number | undefined) => Promise<NormalizedRun>,
	settings: WaitSettings,
	stopper: Stopper,
	first?: NormalizedRun,
): Promise<WaitResult> {
	const start = Date.now();
	const deadline = settings.timeoutMs > 0 ? start + settings.timeoutMs : undefined;
	let run = first;
	let polls = 0;
	let lastPollAt = first ? start : undefined;
	let timedOut = false;
	while (!run || !settings.isDone(run)) {
		if (lastPollAt !== undefined) {
			const next = lastPollAt + settings.pollIntervalMs;
			if (deadline !== undefined && next > deadline) {
				await stopper.pause(deadline - Date.now());
				timedOut = true;
				break;
			}
			await stopper.pause(next - Date.now());
		}
		const read = await poll(deadline).then(
			(state) => ({ state }),
			(error: unknown) => ({ error }),
		);
		lastPollAt = Date.now();
		if ('error' in read) {
			if (!(read.error instanceof DeadlineReached)) throw read.error;
			timedOut = true;
			break;
		}
		run = read.state;
		polls++;
	}
	return { run, polls, waitedMs: Date.now() - start, timedOut };
}
