import type { NormalizedRun } from '../providers';

/** The trigger's events (interface.md): what each fires on. */
export const EVENTS = [
	{ name: 'Run Cancelled', value: 'cancelled', description: 'A run was cancelled' },
	{ name: 'Run Failed', value: 'failed', description: 'A run failed (failed or partial)' },
	{ name: 'Run Finished', value: 'finished', description: 'A run finished, in any final status' },
	{ name: 'Run Started', value: 'started', description: 'A run was first seen, in any status (a queued run included)' },
	{ name: 'Run Succeeded', value: 'succeeded', description: 'A run succeeded' },
] as const;

export type TriggerEvent = (typeof EVENTS)[number]['value'];

export function isEvent(value: unknown): value is TriggerEvent {
	return EVENTS.some((event) => event.value === value);
}

/** Whether a finished run is one the (finish) event fires on. */
export function finishMatches(event: TriggerEvent, run: NormalizedRun): boolean {
	if (!run.finished) return false;
	switch (event) {
		case 'finished':
			return true;
		case 'succeeded':
			return run.status === 'succeeded';
		case 'failed':
			return run.status === 'failed' || run.status === 'partial';
		case 'cancelled':
			return run.status === 'cancelled';
		default:
			return false;
	}
}
