/**
 * The run state machine shared by the three fakes (the provider words differ): a run has an
 * initial status and may move to a final one after N reads or after a time, evaluated lazily at
 * each request touching it (no timers per run); a cancel is immediate or takes N reads to show.
 */
import type { FakeRunSpec } from './types';

export interface Words {
	initial: string;
	/** The status of a run that is queued, not started yet (where the provider has one). */
	queued?: string;
	final: string;
	cancelled: string;
	terminal: ReadonlySet<string>;
	cancellable: ReadonlySet<string>;
	failed: ReadonlySet<string>;
	defaultError: string;
}

export interface RunState {
	spec: FakeRunSpec;
	id: string;
	workflowId: string;
	status: string;
	finalStatus: string;
	addedAt: number;
	startedAtMs: number;
	/** Set while the status is terminal. */
	endedAtMs?: number;
	updatedAtMs: number;
	/** GETs of this run answered so far. */
	polls: number;
	/** An automatic transition to finalStatus is still pending. */
	auto: boolean;
	finishAt?: number;
	/** A queued run becomes `words.initial` at this time (spec.startAfterMs). */
	startAt?: number;
	finishAfterPolls?: number;
	cancelPending: boolean;
	cancelPollsLeft: number;
	/** Set when the run was cancelled through the API (or with the cancelled word). */
	cancelError?: string;
	cancelledByApiAt?: number;
	/** Provider-specific state. */
	extra: Record<string, unknown>;
}

export function createRun(spec: FakeRunSpec, words: Words, workflowId: string, now: number): RunState {
	if (typeof spec.id !== 'string') throw new TypeError('FakeRunSpec.id must be a string');
	const queuedMs = spec.status === undefined && words.queued !== undefined && (spec.startAfterMs ?? 0) > 0 ? (spec.startAfterMs as number) : 0;
	const status = spec.status ?? (queuedMs > 0 ? (words.queued as string) : words.initial);
	const started = spec.startedAt !== undefined ? Date.parse(spec.startedAt) : now + queuedMs;
	if (Number.isNaN(started)) throw new TypeError(`FakeRunSpec.startedAt is not a date: ${spec.startedAt}`);
	const terminal = words.terminal.has(status);
	const auto = !terminal && !spec.orphaned && (spec.finishAfterPolls !== undefined || spec.finishAfterMs !== undefined);
	return {
		spec,
		id: spec.id,
		workflowId,
		status,
		finalStatus: spec.finalStatus ?? words.final,
		addedAt: now,
		startedAtMs: started,
		endedAtMs: terminal ? Math.max(started, now) : undefined,
		updatedAtMs: queuedMs > 0 ? now : Math.max(started, now),
		polls: 0,
		auto,
		finishAt: auto && spec.finishAfterMs !== undefined ? now + queuedMs + spec.finishAfterMs : undefined,
		startAt: queuedMs > 0 ? now + queuedMs : undefined,
		finishAfterPolls: auto ? spec.finishAfterPolls : undefined,
		cancelPending: false,
		cancelPollsLeft: 0,
		extra: {},
	};
}

/** Sets a status at a time; terminal statuses get an end time. */
export function applyStatus(run: RunState, status: string, at: number, words: Words): void {
	run.status = status;
	run.updatedAtMs = at;
	if (words.terminal.has(status)) {
		// A queued run that ends before it started (cancelled while PENDING) starts and ends at once.
		if (run.startAt !== undefined) run.startedAtMs = Math.min(run.startedAtMs, at);
		run.endedAtMs = Math.max(at, run.startedAtMs);
		run.auto = false;
		run.startAt = undefined;
	} else {
		run.endedAtMs = undefined;
	}
}

/** Applies the time-based transition if it is due (lazy: called at each request touching the run). */
export function settle(run: RunState, words: Words, now: number): void {
	if (run.startAt !== undefined && now >= run.startAt) {
		if (run.status === words.queued) applyStatus(run, words.initial, run.startAt, words);
		run.startAt = undefined;
	}
	if (run.auto && run.finishAt !== undefined && now >= run.finishAt) {
		applyStatus(run, run.finalStatus, run.finishAt, words);
		run.auto = false;
	}
}

/** A GET of the run: settles, counts the poll and applies poll-based transitions. */
export function poll(run: RunState, words: Words, now: number, onCancelled?: (run: RunState, at: number) => void): void {
	settle(run, words, now);
	if (run.cancelPending) {
		if (run.cancelPollsLeft > 0) run.cancelPollsLeft--;
		else finishCancel(run, words, now, onCancelled);
	} else if (run.auto && run.finishAfterPolls !== undefined && run.polls >= run.finishAfterPolls) {
		applyStatus(run, run.finalStatus, now, words);
		run.auto = false;
	}
	run.polls++;
}

function finishCancel(run: RunState, words: Words, now: number, onCancelled?: (run: RunState, at: number) => void): void {
	run.cancelPending = false;
	run.cancelledByApiAt = now;
	applyStatus(run, words.cancelled, now, words);
	onCancelled?.(run, now);
}

/**
 * An accepted cancel: immediate, or pending for `cancelTakesPolls` GETs. The caller has already
 * checked that the run is cancellable. The automatic lifecycle stops either way.
 */
export function acceptCancel(run: RunState, words: Words, now: number, onCancelled?: (run: RunState, at: number) => void): void {
	run.auto = false;
	if (run.cancelPending) return; // a second cancel while the first is pending changes nothing
	const polls = run.spec.cancelTakesPolls ?? 0;
	if (polls > 0) {
		run.cancelPending = true;
		run.cancelPollsLeft = polls;
		run.updatedAtMs = now;
	} else {
		finishCancel(run, words, now, onCancelled);
	}
}

/** The failure message for the current status, if the status carries one. */
export function failureMessage(run: RunState, words: Words): string | undefined {
	if (words.failed.has(run.status)) return run.spec.error ?? words.defaultError;
	return undefined;
}
