import type { IDataObject } from 'n8n-workflow';

import type { Provider, RunStatus } from './types';
import { messageOf } from './fields';

/** The normalized run item of the public contract (interface.md). Pure: no I/O. */
export interface NormalizedRun extends IDataObject {
	provider: string;
	/** The operation value that produced the item (get, cancel, …). */
	operation: string;
	runId: string;
	workflowId: string | null;
	status: RunStatus;
	providerStatus: string | null;
	finished: boolean;
	succeeded: boolean;
	startedAt: string | null;
	finishedAt: string | null;
	durationMs: number | null;
	error: string | null;
	output: IDataObject | IDataObject[] | string | number | boolean | null;
	cost: number | null;
}

const FINISHED: ReadonlySet<RunStatus> = new Set<RunStatus>([
	'succeeded',
	'partial',
	'failed',
	'cancelled',
	'skipped',
]);

export function isFinished(status: RunStatus): boolean {
	return FINISHED.has(status);
}

export function statusOf(provider: Provider, providerStatus: unknown): RunStatus {
	if (typeof providerStatus !== 'string') return 'unknown';
	const key = providerStatus.trim().toLowerCase();
	return Object.prototype.hasOwnProperty.call(provider.statuses, key)
		? provider.statuses[key]
		: 'unknown';
}

/** ISO 8601 UTC, or null for missing, unparseable or zero ("0001-01-01") times. */
export function isoTime(value: unknown): string | null {
	let date: Date | undefined;
	if (typeof value === 'string' && value.trim() !== '') date = new Date(value);
	else if (typeof value === 'number' && Number.isFinite(value)) {
		date = new Date(value < 1e11 ? value * 1000 : value);
	}
	if (!date || Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1971) return null;
	return date.toISOString();
}

function finiteNumber(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
		return Number(value);
	}
	return null;
}

function stringOrNull(value: unknown): string | null {
	if (typeof value === 'string' && value !== '') return value;
	if (typeof value === 'number') return String(value);
	return null;
}

export function normalizeRun(
	provider: Provider,
	operation: string,
	requested: { runId: string; workflowId: string },
	run: IDataObject,
	now: number,
): NormalizedRun {
	const facts = provider.facts(run);
	const status = statusOf(provider, facts.providerStatus);
	const finished = isFinished(status);
	const startedAt = isoTime(facts.startedAt);
	const finishedAt = finished ? isoTime(facts.finishedAt) : null;
	let durationMs = finiteNumber(facts.durationMs);
	if (durationMs === null && startedAt !== null) {
		const end = finishedAt !== null ? Date.parse(finishedAt) : finished ? null : now;
		durationMs = end === null ? null : Math.max(0, end - Date.parse(startedAt));
	}
	const output = facts.output === undefined ? null : (facts.output as NormalizedRun['output']);
	return {
		provider: provider.name,
		operation,
		runId: stringOrNull(facts.runId) ?? requested.runId,
		workflowId: stringOrNull(facts.workflowId) ?? (requested.workflowId || null),
		status,
		providerStatus: typeof facts.providerStatus === 'string' ? facts.providerStatus : null,
		finished,
		succeeded: status === 'succeeded',
		startedAt,
		finishedAt,
		durationMs,
		error: messageOf(facts.error) ?? null,
		output,
		cost: finiteNumber(facts.cost),
	};
}

/** A run whose state was never seen (a wait that timed out before its first answer). */
export function unseenRun(
	provider: Provider,
	operation: string,
	requested: { runId: string; workflowId: string },
): NormalizedRun {
	return {
		provider: provider.name,
		operation,
		runId: requested.runId,
		workflowId: requested.workflowId || null,
		status: 'unknown',
		providerStatus: null,
		finished: false,
		succeeded: false,
		startedAt: null,
		finishedAt: null,
		durationMs: null,
		error: null,
		output: null,
		cost: null,
	};
}
