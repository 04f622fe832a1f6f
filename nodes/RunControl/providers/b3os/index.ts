import type { IDataObject } from 'n8n-workflow';

import type { Provider } from '../types';
import { commonErrorMessage, hexId, isObject, messageOf, seg } from '../fields';

/** The run ID rule of the official B3OS client (MCP `packages/mcp/src/`): the service's own IDs look like `run_c9i6j8k2l0m3`. */
const RUN_ID = /^run_\w+$/;

/**
 * B3OS (https://docs.b3os.org): paths under `/v1`, answers in a `{ code, data, message, requestId }`
 * envelope (older pages: `{ success, data }`). Polled with `summary=true`, which leaves out the
 * execution state and workflow definition. Cancel answers 409 for a run that is not running or waiting.
 *
 * From the OpenAPI definition generated from B3's service code (`openapi/b3-b3os-workflow-openapi.json`
 * in the public repository api-evangelist/b3):
 * - Errors are `{ code, details[], message, requestId }`; `code` is a business code (e.g. 400079), and
 *   the request ID is what B3OS support asks for: both go into every error the node shows.
 * - A start (`RunParams`) takes a client-chosen `runId` ("must start with run_"; the official client
 *   checks `^run_\w+$`, so the node makes `run_` + 32 hex digits and checks a given one against
 *   that rule). A duplicate run ID is HTTP 400 with business code 400079 (documented for `POST
 *   /v1/runs`; the node also takes a 409 as one), an invalid one 400 with 400078. The answer holds
 *   the run ID only.
 * - `POST /v1/runs/{id}/retry` retries a failed or cancelled run from its failure point (409 otherwise).
 * Runs are listed per workflow or org-wide (`RunListItem` entries, a server-side status filter,
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
	// ErrorResponse `{ code, details[], message, requestId }`: the message, then what `details` says.
	errorMessage: (body) => {
		const own = commonErrorMessage(body);
		const details = isObject(body) ? messageOf(body.details) : undefined;
		return details !== undefined && own !== undefined && !own.includes(details) ? `${own}: ${details}` : (own ?? details);
	},
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
	errorFacts: (body, headers) => {
		const code = isObject(body) && (typeof body.code === 'number' || typeof body.code === 'string') ? String(body.code) : undefined;
		const fromBody = isObject(body) && typeof body.requestId === 'string' && body.requestId !== '' ? body.requestId : undefined;
		const fromHeader = typeof headers['x-request-id'] === 'string' ? headers['x-request-id'] : undefined;
		return { code, requestId: fromBody ?? fromHeader };
	},
	cancelConflictStatuses: [409, 400],
	start: {
		newRunId: () => `run_${hexId(32)}`,
		checkRunId: (runId) =>
			RUN_ID.test(runId) ? undefined : 'B3OS run IDs are "run_" followed by letters, digits and underscores only (e.g. run_invoice_42)',
		refusal: (statusCode, body) => {
			const code = isObject(body) ? Number(body.code) : Number.NaN;
			if (statusCode === 409 || (statusCode === 400 && code === 400079)) return 'duplicate';
			return statusCode === 400 && code === 400078 ? 'invalidRunId' : undefined;
		},
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
	retry: {
		needsStepKey: false,
		// "Retry a failed or cancelled run from its failure point" (spec); 409 for any other run.
		request: (ref) => ({ method: 'POST', path: `/v1/runs/${seg(ref.runId)}/retry` }),
		// The spec answers the new run whole (GetRunSuccessResponse); the official client reads `runId`.
		answer: (body) => {
			const data = isObject(body) ? body.data : undefined;
			if (!isObject(data)) return undefined;
			if ('status' in data && typeof data.id === 'string' && data.id !== '') return { run: data };
			return typeof data.runId === 'string' && data.runId !== '' ? { runId: data.runId } : undefined;
		},
		refusalStatuses: [409],
		refusesFinished: true,
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
		noneNote: 'B3OS gives no node results for this run.',
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
