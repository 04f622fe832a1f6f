import type { IDataObject } from 'n8n-workflow';

import type { Provider } from '../types';
import { commonErrorMessage, isObject, messageOf, seg, uuid } from '../fields';

/**
 * B3OS (https://docs.b3os.org): paths under `/v1`, answers in a `{ code, data, message, requestId }`
 * envelope (older pages: `{ success, data }`). Polled with `summary=true`, which leaves out the
 * execution state and workflow definition. Cancel answers 409 for a run that is not running or waiting.
 * A start takes a client-chosen `runId` (prefix `run_`, 409 when taken) and answers with the run ID
 * only. Runs are listed per workflow or org-wide (`RunListItem` entries, a server-side status filter,
 * `limit` default 20, at most 100), offset paging with `hasMore`: the next page starts at the offset
 * plus the runs received (a server may serve fewer than asked). No order is documented.
 */
export const b3os: Provider = {
	name: 'b3os',
	displayName: 'B3OS',
	option: { name: 'B3OS', description: 'Runs of B3OS workflows' },
	credentialType: 'b3osApi',
	defaultBaseUrl: 'https://api.b3os.org',
	needsWorkflowId: false,
	notFoundCheck: 'the run ID',
	hasWaitingStatus: true,
	workflowLabel: 'Workflow ID',
	workflowNoun: 'workflow',
	fields: [],
	statuses: {
		running: 'running',
		waiting: 'waiting',
		success: 'succeeded',
		partial: 'partial',
		failure: 'failed',
		cancelled: 'cancelled',
	},
	getRun: (ref) => ({ method: 'GET', path: `/v1/runs/${seg(ref.runId)}`, qs: { summary: 'true' } }),
	cancelRun: (ref) => ({ method: 'POST', path: `/v1/runs/${seg(ref.runId)}/cancel` }),
	errorMessage: commonErrorMessage,
	unwrap: (body) => {
		const data = isObject(body) ? body.data : undefined;
		return isObject(data) && 'status' in data ? data : undefined;
	},
	facts: (run) => ({
		runId: run.id,
		workflowId: run.workflowId,
		providerStatus: run.status,
		startedAt: run.startedAt,
		finishedAt: run.finishedAt,
		error: messageOf(run.error) ?? failedNodeError(run.executionState) ?? failureSummary(run),
		cost: run.totalCu,
	}),
	cancelConflictStatuses: [409, 400],
	start: {
		newRunId: () => `run_${uuid()}`,
		checkRunId: (runId) => (runId.startsWith('run_') ? undefined : 'B3OS run IDs start with "run_"'),
		duplicateStatus: 409,
		hasVersion: true,
		checkVersion: (version) => (/^[1-9]\d*$/.test(version) ? undefined : 'B3OS workflow versions are whole numbers (1, 2, 3…)'),
		request: (input) => {
			const body: IDataObject = { payload: input.inputs, runId: input.runId };
			if (input.version) body.version = Number(input.version);
			return { method: 'POST', path: `/v1/workflows/${seg(input.workflowId)}/run`, body };
		},
		answer: (body) => {
			const data = isObject(body) ? body.data : undefined;
			if (!isObject(data)) return undefined;
			if ('status' in data) return { run: data };
			return typeof data.runId === 'string' && data.runId !== '' ? { runId: data.runId } : undefined;
		},
	},
	list: {
		pageSize: 100,
		filtersStatus: () => true,
		filtersStartedAfter: false,
		// A list entry is a `RunListItem`: the normalized fields, not the whole run of a read.
		entryIsRun: false,
		request: (query) => {
			const offset = typeof query.next === 'number' ? query.next : 0;
			const qs: Record<string, string> = { limit: String(query.pageSize), offset: String(offset) };
			if (query.status) qs.status = query.status;
			if (!query.workflowId) return { method: 'GET', path: '/v1/runs', qs };
			return { method: 'GET', path: `/v1/workflows/${seg(query.workflowId)}/runs`, qs };
		},
		page: (body, _headers, query) => {
			const data = isObject(body) ? body.data : undefined;
			if (!isObject(data) || !Array.isArray(data.items)) return undefined;
			const runs = data.items.filter(isObject);
			// The next page starts after the runs received, whatever `limit` the server says it used.
			const offset = typeof data.offset === 'number' && data.offset >= 0 ? data.offset : typeof query.next === 'number' ? query.next : 0;
			const more = typeof data.hasMore === 'boolean' ? data.hasMore : runs.length > 0;
			return { runs, next: more && runs.length > 0 ? offset + runs.length : undefined };
		},
	},
	output: {
		read: (ref) => ({ method: 'GET', path: `/v1/runs/${seg(ref.runId)}`, qs: { summary: 'false' } }),
		fromRead: (run) => nodeResults(run.executionState),
	},
};

/** With `summary=false`: `{ nodeKey: result }` of the nodes that succeeded; else undefined. */
function nodeResults(state: unknown): IDataObject | undefined {
	if (!isObject(state)) return undefined;
	const out: IDataObject = {};
	for (const [key, node] of Object.entries(state)) {
		if (isObject(node) && String(node.status).toLowerCase() === 'success') out[key] = node.result as IDataObject[string];
	}
	return out;
}

/** With `summary=false` the failing node holds the message. */
function failedNodeError(state: unknown): string | undefined {
	if (!isObject(state)) return undefined;
	for (const node of Object.values(state)) {
		if (isObject(node) && String(node.status).toLowerCase() === 'failure') {
			return messageOf((node as IDataObject).error) ?? messageOf((node as IDataObject).result);
		}
	}
	return undefined;
}

/** Newer API versions put a run summary on the run; it is the message only for a failed run. */
function failureSummary(run: IDataObject): string | undefined {
	return String(run.status).toLowerCase() === 'failure' ? messageOf(run.summary) : undefined;
}
