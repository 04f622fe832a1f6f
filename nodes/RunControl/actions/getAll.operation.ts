import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { newWalk } from '../client';
import type { ReadRun, RunClient } from '../client';
import { PROVIDER_LIST, wordsFor } from '../providers';
import type { RunStatus } from '../providers';
import type { ItemReader } from './item';
import { present } from '../params/present';
import { includeOutputOption, withCommonOptions } from '../params/options';
import type { Job, OperationModule } from './types';
import { onlyRunsOf, workflowIdFields } from '../params/workflowField';

interface GetAllJob extends Job {
	workflowId: string;
	returnAll: boolean;
	limit: number;
	statuses: RunStatus[];
	startedAfter?: number;
	startedBefore?: number;
	includeOutput: boolean;
}

const STATUSES: Array<{ name: string; value: RunStatus }> = [
	{ name: 'Cancelled', value: 'cancelled' },
	{ name: 'Failed', value: 'failed' },
	{ name: 'Partial', value: 'partial' },
	{ name: 'Queued', value: 'queued' },
	{ name: 'Running', value: 'running' },
	{ name: 'Skipped', value: 'skipped' },
	{ name: 'Succeeded', value: 'succeeded' },
	{ name: 'Waiting', value: 'waiting' },
];

const show = { operation: ['getAll'] };

/**
 * The Status filter offers the statuses the chosen provider has: one entry per set of statuses,
 * shown for the providers that have that set ('/provider': the node's Provider, from inside Filters).
 */
function statusFilters(): INodeProperties[] {
	const groups = new Map<string, string[]>();
	for (const provider of PROVIDER_LIST) {
		const has = new Set(Object.values(provider.statuses));
		const key = STATUSES.filter((status) => has.has(status.value)).map((status) => status.value).join(',');
		groups.set(key, [...(groups.get(key) ?? []), provider.name]);
	}
	return [...groups.entries()].map(([key, providers]) => ({
		displayName: 'Status',
		name: 'status',
		type: 'multiOptions',
		options: STATUSES.filter((status) => key.split(',').includes(status.value)),
		default: [],
		description: 'Only runs in one of these statuses. Empty: every status.',
		displayOptions: { show: { '/provider': providers } },
	}));
}

const properties: INodeProperties[] = [
	...workflowIdFields(
		['getAll'],
		(provider) => provider.needsWorkflowId,
		(group, required) => (required ? `${group.label} whose runs to list` : onlyRunsOf(group.noun)),
	),
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...show, returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Started After',
				name: 'startedAfter',
				type: 'dateTime',
				default: '',
				description: 'Only runs that started at or after this time. Runs not started yet (queued) are left out.',
			},
			{
				displayName: 'Started Before',
				name: 'startedBefore',
				type: 'dateTime',
				default: '',
				description:
					"Only runs that started before this time, e.g. {{ $now.minus(10, 'minutes') }} for runs going for more than 10 minutes. Runs not started yet (queued) are left out.",
			},
			...statusFilters(),
		],
	},
];

const options = withCommonOptions([includeOutputOption]);

/** With Limit, a list that is not newest first is read whole up to this many pages (Return All: all of it). */
const UNORDERED_MAX_PAGES = 100;

/** Runs without a start time (queued) come first, then newest first. */
function newestFirst(a: ReadRun, b: ReadRun): number {
	if (a.run.startedAt === null || b.run.startedAt === null) return (a.run.startedAt === null ? 0 : 1) - (b.run.startedAt === null ? 0 : 1);
	return Date.parse(b.run.startedAt) - Date.parse(a.run.startedAt);
}

/** Get Many: the runs that match, newest first, from the provider's run lists. */
export const getAll: OperationModule<GetAllJob> = {
	option: {
		name: 'Get Many',
		value: 'getAll',
		description: 'List runs, newest first, filtered by status and start time',
		action: 'Get many runs',
	},
	usesRunId: false,
	properties,
	options,
	read(reader: ItemReader): GetAllJob {
		const workflowId = reader.provider.needsWorkflowId ? reader.workflowId() : reader.text('workflowId');
		const returnAll = reader.value('returnAll', false) === true;
		const limit = Math.floor(Number(reader.value('limit', 50)));
		if (!returnAll && !(limit >= 1)) {
			throw reader.fail(`Limit must be at least 1 (item ${reader.itemIndex + 1} has ${String(reader.value('limit', 50))})`, 'Set Limit to 1 or more, or turn on Return All.');
		}
		const filters = (reader.value('filters', {}) ?? {}) as IDataObject;
		const given = filters.status;
		const statuses = (Array.isArray(given) ? given : typeof given === 'string' && given !== '' ? given.split(',') : []).map((status) =>
			String(status).trim(),
		) as RunStatus[];
		const unknown = statuses.filter((status) => !STATUSES.some((entry) => entry.value === status));
		if (unknown.length > 0) {
			throw reader.fail(
				`Status filter '${unknown.join(', ')}' is not a run status (item ${reader.itemIndex + 1})`,
				`Use the normalized statuses: ${STATUSES.map((entry) => entry.value).join(', ')}.`,
			);
		}
		const o = reader.options(options);
		return {
			itemIndex: reader.itemIndex,
			runId: '',
			concurrency: o.concurrency as number,
			includeRaw: o.includeRaw === true,
			includeOutput: o.includeOutput === true,
			workflowId,
			returnAll,
			limit,
			statuses,
			startedAfter: reader.date(filters.startedAfter, 'Started After'),
			startedBefore: reader.date(filters.startedBefore, 'Started Before'),
		};
	},
	async execute(client: RunClient, job: GetAllJob): Promise<IDataObject[]> {
		const { provider } = client;
		const want = job.returnAll ? Infinity : job.limit;
		const dated = job.startedAfter !== undefined || job.startedBefore !== undefined;
		const matches = (state: ReadRun): boolean => {
			const { run } = state;
			if (job.statuses.length > 0 && !job.statuses.includes(run.status)) return false;
			if (!dated) return true;
			if (run.startedAt === null) return false;
			const at = Date.parse(run.startedAt);
			return (job.startedAfter === undefined || at >= job.startedAfter) && (job.startedBefore === undefined || at < job.startedBefore);
		};
		// Server-side status filters where the provider has them, one list per status word (one
		// status per request); else one list, filtered here. A status the provider lacks matches none.
		let walks: Array<string | undefined> = [undefined];
		if (job.statuses.length > 0) {
			const words = job.statuses.flatMap((status) => wordsFor(provider, status));
			if (words.length === 0) return [];
			if (provider.list.filtersStatus(job.workflowId)) walks = words;
		}
		const startedAfter = job.startedAfter === undefined ? undefined : new Date(job.startedAfter).toISOString();
		// When the server applies every filter, a page holds only matches: ask for no more than wanted.
		// A filter the node applies (Started Before, a status the list cannot filter) thins pages out.
		const serverFiltered = job.startedBefore === undefined && walks.every((status) => status !== undefined || job.statuses.length === 0);
		const pageSize = serverFiltered && want !== Infinity ? want : undefined;
		let sorted = walks.length === 1;
		const found: ReadRun[][] = await Promise.all(
			walks.map(async (status) => {
				const runs: ReadRun[] = [];
				const walk = newWalk();
				for await (const state of client.list({ workflowId: job.workflowId, status, startedAfter, pageSize }, job.itemIndex, walk)) {
					const { startedAt } = state.run;
					// On a list newest first, a run older than Started After ends the walk, and so does
					// Limit. A list in another order is read whole (up to a bound) and sorted here.
					const older = job.startedAfter !== undefined && startedAt !== null && Date.parse(startedAt) < job.startedAfter;
					if (older && walk.newestFirst) break;
					if (!walk.newestFirst && want !== Infinity && walk.pages > UNORDERED_MAX_PAGES) {
						client.note(`${provider.displayName}: Get Many read ${UNORDERED_MAX_PAGES} pages of a list that is not newest first and stopped there; the runs are the newest of those pages.`);
						break;
					}
					if (!older && matches(state)) runs.push(state);
					if (runs.length >= want && walk.newestFirst) break;
				}
				if (!walk.newestFirst) sorted = false;
				return runs;
			}),
		);
		// A run that changed status between two walks may be in both: it is output once.
		const seen = new Set<string>();
		let runs = (sorted ? found[0] : found.flat().sort(newestFirst)).filter((state) => !seen.has(state.run.runId) && seen.add(state.run.runId) !== undefined);
		if (runs.length > want) runs = runs.slice(0, want);
		// Failed runs' messages where the list lacks them, one read each, in order.
		for (let index = 0; index < runs.length; index++) runs[index] = await client.completeError(runs[index], job.itemIndex, job.workflowId);
		return await Promise.all(
			runs.map(async (state) => {
				if (!job.includeOutput) return present(job.includeRaw, state.run, state.raw);
				const target = { itemIndex: job.itemIndex, ref: { runId: state.run.runId, workflowId: state.run.workflowId ?? job.workflowId, fields: {} } };
				const withOutput = await client.withOutput(target, state);
				return present(job.includeRaw, withOutput.run, withOutput.raw, { outputNote: withOutput.outputNote });
			}),
		);
	},
};
