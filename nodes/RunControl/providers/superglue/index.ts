import type { Provider } from '../types';
import { commonErrorMessage, field, isObject, messageOf, pageAt, seg, uuid } from '../fields';

/**
 * superglue (https://docs.superglue.cloud): REST API under `/v1`, run objects without envelope.
 * Cancel answers 200 for a running or already aborted run and 400 for a finished one. A start
 * takes a client-chosen `runId` (409 when taken) and runs asynchronously only with
 * `options.async: true`. Lists are newest first, page/limit with `hasMore` (the next page is the next
 * number at the `limit` the server reports), one status per request.
 * Async runs carry no `data`: their result is at `/runs/{id}/results`, a route the open-source
 * server (1.4.0) does not have.
 */
export const superglue: Provider = {
	name: 'superglue',
	displayName: 'superglue',
	option: { name: 'superglue', description: 'Runs of superglue tools (cloud or self-hosted)' },
	credentialType: 'superglueApi',
	defaultBaseUrl: 'https://api.superglue.ai/v1',
	needsWorkflowId: false,
	notFoundCheck: 'the run ID',
	hasWaitingStatus: false,
	workflowLabel: 'Tool ID',
	workflowNoun: 'tool',
	fields: [
		{
			displayName:
				'superglue returns result data (Output) only for runs that were started synchronously; for other runs, turn on the Include Output option',
			name: 'superglueOutputNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { operation: ['get', 'waitUntilFinished'] } },
		},
		{
			// Start runs asynchronously: with Wait for Finish on, the finished run has no Output either.
			displayName:
				'superglue returns no result data (Output) for runs started by this node: to get it once the run has finished, also turn on the Include Output option',
			name: 'superglueOutputNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { operation: ['start'], '/options.waitForFinish': [true] } },
		},
	],
	statuses: {
		running: 'running',
		success: 'succeeded',
		failed: 'failed',
		aborted: 'cancelled',
	},
	getRun: (ref) => ({ method: 'GET', path: `/runs/${seg(ref.runId)}` }),
	cancelRun: (ref) => ({ method: 'POST', path: `/runs/${seg(ref.runId)}/cancel` }),
	errorMessage: commonErrorMessage,
	unwrap: (body) => (isObject(body) && 'status' in body ? body : undefined),
	facts: (run) => ({
		runId: run.runId,
		workflowId: run.toolId,
		providerStatus: run.status,
		startedAt: field(run, 'metadata', 'startedAt'),
		finishedAt: field(run, 'metadata', 'completedAt'),
		durationMs: field(run, 'metadata', 'durationMs'),
		error: run.error,
		output: run.data,
	}),
	cancelConflictStatuses: [400, 409],
	// superglue has no retry route: a run is run again by starting its tool with the same inputs.
	notOffered: { retry: "superglue has no retry. Use the Start operation with the run's Tool ID and inputs (the run's toolPayload) to run it again." },
	start: {
		newRunId: uuid,
		refusal: (statusCode) => (statusCode === 409 ? 'duplicate' : undefined),
		hasVersion: false,
		request: (input) => ({
			method: 'POST',
			path: `/tools/${seg(input.workflowId)}/run`,
			body: { runId: input.runId, inputs: input.inputs, options: { async: true } },
		}),
		answer: (body) => (isObject(body) && 'status' in body ? { run: body } : undefined),
	},
	list: {
		// The docs cap a page at 100 (the open-source server at 1000).
		pageSize: 100,
		filtersStatus: () => true,
		filtersStartedAfter: true,
		// List entries are the run objects of a read (recorded: without the `data` of a run started synchronously).
		entryIsRun: true,
		request: (query) => {
			const at = pageAt(query.next);
			const qs: Record<string, string> = { page: String(at?.page ?? 1), limit: String(at?.size ?? query.pageSize) };
			if (query.workflowId) qs.toolId = query.workflowId;
			if (query.status) qs.status = query.status;
			if (query.startedAfter) qs.startedAfter = query.startedAfter;
			return { method: 'GET', path: '/runs', qs };
		},
		page: (body, _headers, query) => {
			if (!isObject(body) || !Array.isArray(body.data)) return undefined;
			const runs = body.data.filter(isObject);
			const total = typeof body.total === 'number' && body.total >= runs.length ? body.total : undefined;
			const asked = pageAt(query.next) ?? { page: 1, size: query.pageSize };
			// The next page number at the page size the server says it used (it may serve fewer than asked).
			const page = typeof body.page === 'number' && body.page >= 1 ? body.page : asked.page;
			const size = typeof body.limit === 'number' && body.limit >= 1 ? body.limit : asked.size;
			const more = typeof body.hasMore === 'boolean' ? body.hasMore : runs.length > 0;
			return { runs, next: more && runs.length > 0 ? { page: page + 1, size } : undefined, total };
		},
	},
	output: {
		results: (ref) => ({ method: 'GET', path: `/runs/${seg(ref.runId)}/results` }),
		fromResults: (statusCode, body) => {
			if (statusCode === 404 && isObject(body) && body.statusCode === 404 && /route/i.test(String(body.message))) {
				return {
					output: null,
					note: 'This superglue server stores no run results (it has no /runs/{id}/results route; the open-source server keeps none).',
				};
			}
			if (statusCode === 404) return { output: null, note: 'superglue has no stored result for this run.' };
			if (statusCode < 200 || statusCode >= 300) {
				return { output: null, note: `superglue did not give the run's result (HTTP ${statusCode}${messageOf(body) ? `: ${messageOf(body)}` : ''}).` };
			}
			const data = field(body, 'data');
			const output = field(data, 'data');
			if (output === undefined || output === null) {
				return { output: null, note: messageOf(field(body, 'message')) ?? 'superglue stored no result data for this run.' };
			}
			return { output, note: null };
		},
	},
};
