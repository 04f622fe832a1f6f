import type { IDataObject } from 'n8n-workflow';

import type { Explained, ListQuery, Provider, RequestAction } from '../types';
import { commonErrorMessage, isObject, messageOf, seg } from '../fields';

/**
 * n8n (docs.n8n.io/api): the executions of an n8n instance, through its public API (`/api/v1`,
 * header `X-N8N-API-KEY`, checked on n8n 2.41.1: dev/providers/n8n/recorded). A run is an
 * execution, its workflow the n8n workflow. Bare objects, errors `{ message }`.
 *
 * - Reads never ask for `includeData` (an execution's data can be large and holds node parameters
 *   verbatim); a failed execution is read once with it for its error, Include Output for its output.
 *   What those reads carry is kept aside: the run object (Include Raw Run) never has `data`,
 *   `workflowData` or `customData`.
 * - Stop answers 200 without the execution's id (the item comes from a read), 409 for a finished one.
 * - Lists: newest first by id, cursor paging (`nextCursor`, filters sent again with every cursor),
 *   at most 250 a page, one status word a request; a running execution is listed only when
 *   `status=running` is asked for. Start times are filtered by the node (n8n 1.x has no date filters).
 * - Retry answers only when the new execution has ended: its time limit is the wait timeout.
 * - n8n 1.x (checked on 1.123.50) has no stop route (404 "not found"), no date filters, and fewer
 *   status words (400 "must be equal to one of the allowed values" for the others).
 */

/** What an execution's `data` told, kept beside the run object it was read with (never in it). */
const details = new WeakMap<IDataObject, { error?: string; output?: unknown; outputNote?: string }>();

const HEAVY = ['data', 'workflowData', 'customData'];

/** The execution without its data; what the data says is kept aside for facts() and the output. */
function execution(body: IDataObject): IDataObject {
	const run: IDataObject = {};
	for (const [key, value] of Object.entries(body)) if (!HEAVY.includes(key)) run[key] = value;
	if (isObject(body.data)) details.set(run, fromData(body.data, String(body.status ?? '')));
	return run;
}

function fromData(data: IDataObject, status: string): { error?: string; output?: unknown; outputNote?: string } {
	const result = isObject(data.resultData) ? data.resultData : {};
	const error = isObject(result.error) ? result.error : undefined;
	let message = messageOf(error?.message);
	const failedNode = isObject(error?.node) && typeof error.node.name === 'string' ? error.node.name : undefined;
	if (message && failedNode && !message.includes(failedNode)) message = `${failedNode}: ${message}`;
	const runData = isObject(result.runData) ? result.runData : {};
	const last = typeof result.lastNodeExecuted === 'string' ? result.lastNodeExecuted : undefined;
	const runs = last && Array.isArray(runData[last]) ? (runData[last] as IDataObject[]) : [];
	const lastRun = runs[runs.length - 1];
	const main = isObject(lastRun) && isObject(lastRun.data) && Array.isArray(lastRun.data.main) ? lastRun.data.main : undefined;
	const items = Array.isArray(main?.[0]) ? (main?.[0] as unknown[]) : undefined;
	const output = items?.map((item) => (isObject(item) ? item.json : undefined)).filter((json) => json !== undefined);
	let outputNote: string | undefined;
	if (output === undefined) {
		outputNote =
			status === 'canceled' && Object.keys(runData).length === 0
				? 'n8n keeps no node output of an execution stopped while it ran.'
				: Object.keys(runData).length === 0
					? 'The n8n instance saved no node data for this execution (see the workflow\'s "Save execution progress" and "Save successful production executions" settings).'
					: 'The last node of this execution gave no items.';
	}
	return { error: status === 'error' || status === 'crashed' ? message : undefined, output, outputNote };
}

/** The list request: every filter again with every cursor (n8n's cursor carries none). */
function listRequest(query: ListQuery) {
	const qs: Record<string, string> = { limit: String(Math.min(250, Math.max(1, query.pageSize))) };
	if (query.workflowId) qs.workflowId = query.workflowId;
	if (query.status) qs.status = query.status;
	if (typeof query.next === 'string' && query.next !== '') qs.cursor = query.next;
	return { method: 'GET' as const, path: '/executions', qs };
}

/** The scope a key needs for each kind of request (n8n answers 403 without it). */
const SCOPES: Record<RequestAction, string> = {
	read: 'execution:read',
	output: 'execution:read',
	cancel: 'execution:stop',
	list: 'execution:list',
	start: 'execution:read',
	retry: 'execution:retry',
};

function explainError(failure: { action: RequestAction; statusCode: number; message: string | undefined }): Explained | undefined {
	const { action, statusCode, message } = failure;
	if (statusCode === 403) {
		return {
			reason: `the API key lacks the scope ${SCOPES[action]}`,
			hint: `Create a key with the execution scopes (execution:list, execution:read, execution:stop, execution:retry) in the instance's Settings → n8n API, and put it in the n8n Instance API credential.`,
		};
	}
	// n8n 1.x has no stop route: its API answers an unknown route 404 "not found" (an unknown execution is "Failed to find execution to stop").
	if (action === 'cancel' && statusCode === 404 && message === 'not found') {
		return {
			message: 'this n8n version cannot stop executions through its API; n8n 2.x can',
			hint: 'Upgrade the instance to n8n 2.x to cancel its executions from another workflow. Get, Get Many, Wait Until Finished and Retry work on n8n 1.x.',
		};
	}
	return undefined;
}

export const n8n: Provider = {
	name: 'n8n',
	displayName: 'n8n',
	option: { name: 'n8n', description: 'Executions of an n8n instance (this one or another)' },
	credentialType: 'n8nInstanceApi',
	defaultBaseUrl: 'http://localhost:5678/api/v1',
	needsWorkflowId: false,
	notFoundCheck: 'the execution ID (a number)',
	hasWaitingStatus: true,
	fields: [],
	workflowLabel: 'Workflow ID',
	workflowNoun: 'workflow',
	statuses: {
		new: 'queued',
		running: 'running',
		waiting: 'waiting',
		success: 'succeeded',
		error: 'failed',
		crashed: 'failed',
		canceled: 'cancelled',
	},
	getRun: (ref) => ({ method: 'GET', path: `/executions/${seg(ref.runId)}` }),
	cancelRun: (ref) => ({ method: 'POST', path: `/executions/${seg(ref.runId)}/stop` }),
	errorMessage: commonErrorMessage,
	explainError,
	// The stop answer has no id: it is no run (the client reads the execution).
	unwrap: (body) => (isObject(body) && body.id !== undefined && 'status' in body ? execution(body) : undefined),
	facts: (run) => ({
		runId: run.id,
		workflowId: run.workflowId,
		providerStatus: run.status,
		startedAt: run.startedAt,
		// A waiting execution has a stoppedAt too (when it was parked): it counts for finished ones only.
		finishedAt: run.stoppedAt,
		error: details.get(run)?.error,
	}),
	mayBeSelf: true,
	cancelConflictStatuses: [409],
	notOffered: {
		start: "n8n's API cannot start a workflow. Start it with a Webhook node in it (call its URL with an HTTP Request node), or with n8n's Execute Workflow node on the same instance; then use Get Many (workflow ID, status running) to find its execution.",
	},
	retry: {
		needsStepKey: false,
		// The answer comes only when the new execution has ended: the wait timeout is the time limit (0: none).
		request: (ref, input) => ({
			method: 'POST',
			path: `/executions/${seg(ref.runId)}/retry`,
			body: { loadWorkflow: false },
			timeoutMs: input.waitTimeoutMs > 0 ? input.waitTimeoutMs : 2_000_000_000,
		}),
		// The answer names the new execution but has no stoppedAt: the node reads it.
		answer: (body) => (isObject(body) && body.id !== undefined && body.id !== null ? { runId: String(body.id) } : undefined),
		// 409: succeeded, queued, or stopped before it started.
		refusalStatuses: [409],
		refusesFinished: true,
	},
	list: {
		pageSize: 250,
		filtersStatus: () => true,
		filtersStartedAfter: false,
		entryIsRun: true,
		hiddenUnlessAsked: ['running'],
		unknownStatus: (statusCode, body) => statusCode === 400 && /request\/query\/status must be equal to one of the allowed values/.test(String(messageOf(isObject(body) ? body.message : undefined) ?? '')),
		request: listRequest,
		page: (body) => {
			if (!isObject(body) || !Array.isArray(body.data)) return undefined;
			const next = typeof body.nextCursor === 'string' && body.nextCursor !== '' ? body.nextCursor : undefined;
			return { runs: body.data.filter(isObject).map(execution), next };
		},
	},
	// A failed execution's message is in its data: read once, with includeData, when first seen failed.
	errorRead: (ref) => ({ method: 'GET', path: `/executions/${seg(ref.runId)}`, qs: { includeData: 'true' } }),
	output: {
		read: (ref) => ({ method: 'GET', path: `/executions/${seg(ref.runId)}`, qs: { includeData: 'true' } }),
		fromRead: (run) => details.get(run)?.output,
		noteFromRead: (run) => details.get(run)?.outputNote,
	},
};
