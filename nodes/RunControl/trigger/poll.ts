import type { IDataObject } from 'n8n-workflow';

import { newWalk } from '../client';
import type { ReadRun, RunClient, Target } from '../client';
import { wordsFor } from '../providers';
import type { NormalizedRun } from '../providers';
import { finishMatches } from './events';
import type { TriggerEvent } from './events';

/**
 * What the trigger keeps between polls, in the node's static data. Bounded however many runs pass:
 * the newest start time seen (the cursor), the IDs started exactly then, and the runs seen
 * unfinished (for the start event: only those seen without a start time yet).
 */
export interface PollState {
	/** provider|workflow|event: a change of any starts over (no backlog). */
	key: string;
	/** Epoch ms of the newest start seen, or null before any run was seen. */
	cursor: number | null;
	atCursor: string[];
	/** Run ID → its start (epoch ms, 0 when it had none). */
	open: Record<string, number>;
}

export interface PollSettings {
	event: TriggerEvent;
	workflowId: string;
	key: string;
	itemIndex: number;
	/** Runs of this workflow never fire (the trigger's own, where the provider's runs may be them). */
	ownWorkflowId?: string;
}

/** A list that is not newest first is read whole, up to this many pages a poll. */
const UNORDERED_MAX_PAGES = 100;

/** Whether a run may fire: never one of the trigger's own workflow. */
const mayFire = (settings: PollSettings, read: ReadRun): boolean => !settings.ownWorkflowId || read.run.workflowId !== settings.ownWorkflowId;

const startOf = (run: NormalizedRun): number | null => (run.startedAt === null ? null : Date.parse(run.startedAt));

/** The state saved by the last poll n8n stored, when it is one of ours for these settings. */
export function readState(data: IDataObject, key: string): PollState | undefined {
	const state = data.runControl as unknown as PollState | undefined;
	return state && state.key === key && typeof state.open === 'object' && Array.isArray(state.atCursor) ? state : undefined;
}

export function writeState(data: IDataObject, state: PollState): void {
	data.runControl = state as unknown as IDataObject;
}

/**
 * One poll. Lists the runs started since the cursor (newest first, stopping at the cursor), and
 * the unfinished runs, to find the runs that left the unfinished set; such a run is read on its
 * own only to confirm that it finished. Returns the runs to emit and the state to save; it
 * changes nothing itself, so a poll that fails moves nothing.
 */
export async function poll(
	client: RunClient,
	settings: PollSettings,
	previous: PollState | undefined,
): Promise<{ emit: ReadRun[]; state: PollState }> {
	const { event, workflowId } = settings;
	const tracksFinish = event !== 'started';
	const first = previous === undefined;
	const state: PollState = previous
		? { key: previous.key, cursor: previous.cursor, atCursor: [...previous.atCursor], open: { ...previous.open } }
		: { key: settings.key, cursor: null, atCursor: [], open: {} };
	const emit: ReadRun[] = [];
	const finishedNow = new Set<string>();
	const seenInList = new Map<string, ReadRun>();

	// 1. Runs started since the cursor. The first poll only learns where "now" is: no backlog.
	const oldestOpen = Object.values(state.open).filter((at) => at > 0);
	const statusFiltered = client.provider.list.filtersStatus(workflowId);
	// Without a server-side status filter, the unfiltered list also shows what the open runs became:
	// read it down to the oldest open run (never one request per run).
	const floor = !first && tracksFinish && !statusFiltered && oldestOpen.length > 0 ? Math.min(...oldestOpen) : undefined;
	let newest = state.cursor;
	let newestIds: string[] = newest === null ? [] : [...state.atCursor];
	// Without a status filter the first poll finds the runs in progress in the recent history only.
	const firstReach = first && tracksFinish && !statusFiltered ? 10 * client.provider.list.pageSize : 0;
	let listed = 0;
	// The walk stops at the cursor only while the list's pages are newest first; a list in another
	// order is read whole (up to a bound).
	const walk = newWalk();
	for await (const read of client.list({ workflowId }, settings.itemIndex, walk)) {
		const { run } = read;
		const at = startOf(run);
		listed++;
		if (!walk.newestFirst && walk.pages > UNORDERED_MAX_PAGES) {
			client.note(`${client.provider.displayName}: the trigger read ${UNORDERED_MAX_PAGES} pages of a run list that is not newest first and stopped there.`);
			break;
		}
		if (first && at !== null && newest !== null && at < newest) {
			if (listed > firstReach && walk.newestFirst) break;
			if (!run.finished) state.open[run.runId] = at;
			continue;
		}
		if (!first && at !== null && state.cursor !== null && at < state.cursor) {
			if (floor === undefined || at < floor) {
				if (walk.newestFirst) break;
				continue;
			}
			seenInList.set(run.runId, read);
			continue;
		}
		seenInList.set(run.runId, read);
		if (at !== null) {
			if (newest === null || at > newest) {
				newest = at;
				newestIds = [run.runId];
			} else if (at === newest && !newestIds.includes(run.runId)) newestIds.push(run.runId);
		}
		if (first) {
			if (tracksFinish ? !run.finished : at === null) state.open[run.runId] = at ?? 0;
			continue;
		}
		const known =
			run.runId in state.open || (at !== null && state.cursor !== null && at === state.cursor && state.atCursor.includes(run.runId));
		if (known) continue;
		// A run seen for the first time.
		if (event === 'started') {
			if (mayFire(settings, read)) emit.push(read);
			if (at === null) state.open[run.runId] = 0;
		} else if (run.finished) {
			if (finishMatches(event, run) && mayFire(settings, read)) emit.push(read);
			finishedNow.add(run.runId);
		} else {
			state.open[run.runId] = at ?? 0;
		}
	}

	// 2. The runs seen before that are still open: which left the unfinished list?
	const stillOpen = new Set<string>();
	if (tracksFinish && (first || Object.keys(state.open).length > 0)) {
		if (statusFiltered) {
			const words = ['queued', 'running', 'waiting'].flatMap((status) => wordsFor(client.provider, status));
			for (const status of words) {
				for await (const read of client.list({ workflowId, status }, settings.itemIndex)) {
					stillOpen.add(read.run.runId);
					if (first && !read.run.finished) state.open[read.run.runId] = startOf(read.run) ?? 0;
				}
			}
		} else {
			for (const [runId, read] of seenInList) if (!read.run.finished) stillOpen.add(runId);
		}
	}
	if (!first) {
		const gone = Object.keys(state.open).filter((runId) => {
			if (finishedNow.has(runId)) return false;
			if (!tracksFinish) {
				// The start event keeps only runs seen without a start time. One that has one now is done
				// with; so is one the walk (down to the cursor) no longer shows: it started before the
				// cursor, so it can never look new again (or it was deleted).
				const seen = seenInList.get(runId);
				return seen === undefined || startOf(seen.run) !== null;
			}
			return !stillOpen.has(runId);
		});
		const confirmed = await Promise.all(
			gone.map(async (runId) => {
				if (!tracksFinish) return { runId, read: undefined, drop: true };
				const listed = seenInList.get(runId);
				if (listed?.run.finished) return { runId, read: listed, drop: true };
				// Lists shift while paged: a run is taken as finished only after reading it.
				const target: Target = { ref: { runId, workflowId, fields: {} }, itemIndex: settings.itemIndex };
				const read = await client.read(target).then(
					(value) => value,
					(error: unknown) => {
						if (error instanceof Error && 'httpCode' in error && (error as { httpCode?: string }).httpCode === '404') return null;
						throw error;
					},
				);
				if (read === null) return { runId, read: undefined, drop: true }; // deleted meanwhile
				return { runId, read: read.run.finished ? read : undefined, drop: read.run.finished };
			}),
		);
		for (const { runId, read, drop } of confirmed) {
			if (read && finishMatches(event, read.run) && mayFire(settings, read)) emit.push(read);
			if (drop) delete state.open[runId];
		}
	}
	state.cursor = newest;
	state.atCursor = newestIds;
	// The events' failed runs get their messages where the lists lack them (one read each).
	for (let index = 0; index < emit.length; index++) emit[index] = await client.completeError(emit[index], settings.itemIndex, workflowId);
	return { emit, state };
}

/**
 * Fetch Test Event: the most recent matching run (by start for `started`, else by finish). Where the
 * server filters by status, the first page of each matching status is read (a run that finished
 * recently may have started long ago); elsewhere the newest runs, a page or so, never a whole history.
 */
export async function mostRecent(client: RunClient, settings: PollSettings): Promise<ReadRun | undefined> {
	const found = await findMostRecent(client, settings);
	return found && (await client.completeError(found, settings.itemIndex, settings.workflowId));
}

async function findMostRecent(client: RunClient, settings: PollSettings): Promise<ReadRun | undefined> {
	const { event, workflowId } = settings;
	if (event === 'started') {
		// The newest start of the first page of each list read (a list need not be newest first).
		const walk = newWalk();
		let latest: ReadRun | undefined;
		for await (const read of client.list({ workflowId }, settings.itemIndex, walk)) {
			if (walk.pages > walk.lists) break;
			if (!mayFire(settings, read)) continue;
			if (latest === undefined || (read.run.startedAt === null ? latest.run.startedAt !== null : (latest.run.startedAt ?? '') < read.run.startedAt)) latest = read;
		}
		return latest;
	}
	const { provider } = client;
	const pageSize = provider.list.pageSize;
	let best: ReadRun | undefined;
	const consider = (read: ReadRun) => {
		if (finishMatches(event, read.run) && mayFire(settings, read) && (best === undefined || (read.run.finishedAt ?? '') > (best.run.finishedAt ?? ''))) best = read;
	};
	if (provider.list.filtersStatus(workflowId)) {
		const words = Object.keys(provider.statuses).filter((word) => finishMatches(event, { finished: true, status: provider.statuses[word] } as NormalizedRun));
		for (const status of words) {
			let seen = 0;
			for await (const read of client.list({ workflowId, status }, settings.itemIndex)) {
				consider(read);
				if (++seen >= pageSize) break;
			}
		}
		return best;
	}
	let seen = 0;
	for await (const read of client.list({ workflowId }, settings.itemIndex)) {
		consider(read);
		if (++seen >= pageSize && best !== undefined) break;
		if (seen >= 10 * pageSize) break;
	}
	return best;
}
