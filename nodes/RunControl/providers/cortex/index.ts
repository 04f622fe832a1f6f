import type { IDataObject } from 'n8n-workflow';

import type { Provider } from '../types';
import { commonErrorMessage, field, headerNumber, isObject, pageAt, seg } from '../fields';

/**
 * Cortex (https://docs.withcortex.ai): every path is under `/apps/{app_id}` (`c`: the key's own app)
 * and a run is addressed by workflow and run. Runs of discoverable (shared) workflows are cancelled
 * through `/workflows/discover/{workflow_id}/…`; they are read through the ordinary path.
 * A start (`background: true`) has no idempotency key, so it is never sent twice. Lists are bare
 * arrays, page/take, with the page, the page size used and the total in `pagination-*` headers: the
 * next page is the next number at the size the server reports.
 *
 * From the official SDK trycortexai/cortex-node (`src/openapi.ts`, generated from Cortex's OpenAPI
 * definition; `src/fetch.ts`, `src/constants.ts`): a start answers 200 with the run (`RunSchema`);
 * `take` has no documented maximum (default 100); errors are `{ status, message, errors? }`; a run
 * is replayed from a step with `POST …/runs/{run_id}/replay` (on the own path only).
 * Not documented, and handled either way:
 * - whether a read without `verbose=all` carries `result` (`RunSchema.result` is optional; `all` is
 *   the only value of `verbose`): Include Output reads the run once with `verbose=all` where the
 *   run in hand has no result;
 * - what cancelling a finished run answers: a 400, 409 or 422 is checked by reading the run (a
 *   finished run is "already finished"), a 200 with the run unchanged is taken as it stands.
 */
export const cortex: Provider = {
	name: 'cortex',
	displayName: 'Cortex',
	option: { name: 'Cortex', description: 'Runs of Cortex workflows, own or discoverable' },
	credentialType: 'cortexApi',
	defaultBaseUrl: 'https://api.withcortex.ai',
	needsWorkflowId: true,
	notFoundCheck: 'the run ID, the workflow ID, the workflow source',
	hasWaitingStatus: false,
	workflowLabel: 'Workflow ID',
	workflowNoun: 'workflow',
	fields: [
		{
			displayName: 'Workflow Source',
			name: 'workflowSource',
			type: 'options',
			options: [
				{ name: 'Own Workflow', value: 'own', description: "A workflow of the credential's own app" },
				{
					name: 'Discoverable Workflow',
					value: 'discoverable',
					description: 'A shared workflow run from your app (cancelled through the /workflows/discover/ path)',
				},
			],
			default: 'own',
			description: 'Whether the workflow is one of your own or a discoverable (shared) one',
			// Only where the path differs: a discoverable workflow is started and cancelled under
			// /workflows/discover/; its runs are read and listed through the ordinary path.
			displayOptions: { show: { operation: ['start', 'cancel'] } },
		},
	],
	// Own or discoverable: read for a run the item names and for a start; a run found in a list is own.
	readFields: (param) => ({ discoverable: param('workflowSource', 'own') === 'discoverable' }),
	statuses: {
		pending: 'queued',
		running: 'running',
		completed: 'succeeded',
		failed: 'failed',
		cancelled: 'cancelled',
		skipped: 'skipped',
	},
	getRun: (ref, credentials) => ({
		method: 'GET',
		path: `${workflowPath(credentials.appId, ref.workflowId, false)}/runs/${seg(ref.runId)}`,
	}),
	cancelRun: (ref, credentials) => ({
		method: 'POST',
		path: `${workflowPath(credentials.appId, ref.workflowId, ref.fields.discoverable === true)}/runs/${seg(ref.runId)}/cancel`,
	}),
	errorMessage: commonErrorMessage,
	unwrap: (body) => (isObject(body) && 'status' in body ? body : undefined),
	facts: (run) => ({
		runId: run.id,
		workflowId: run.workflow_id,
		providerStatus: run.status,
		startedAt: run.started_at,
		finishedAt: run.ended_at,
		error: run.error,
		output: run.result,
		cost: field(run, 'usage', 'total'),
	}),
	cancelConflictStatuses: [400, 409, 422],
	start: {
		hasVersion: true,
		request: (input, credentials) => {
			const body: IDataObject = { input: input.inputs, background: true };
			if (input.version) body.workflow_version_id = /^\d+$/.test(input.version) ? Number(input.version) : input.version;
			return { method: 'POST', path: `${workflowPath(credentials.appId, input.workflowId, input.fields.discoverable === true)}/runs`, body };
		},
		answer: (body) => (isObject(body) && 'status' in body ? { run: body } : undefined),
	},
	retry: {
		needsStepKey: true,
		// The SDK has replay on the own path only (no discover variant), so a discoverable run replays there too.
		request: (ref, input, credentials) => ({
			method: 'POST',
			path: `${workflowPath(credentials.appId, ref.workflowId, false)}/runs/${seg(ref.runId)}/replay`,
			body: { stepKey: input.stepKey, background: true },
		}),
		answer: (body) => (isObject(body) && 'status' in body ? { run: body } : undefined),
		// Undocumented: a 4xx for a run still going means it cannot be replayed yet; for a finished
		// run it is an error (e.g. a step key the workflow does not have), shown with Cortex's message.
		refusalStatuses: [400, 409, 422],
		refusesFinished: false,
	},
	list: {
		pageSize: 100,
		filtersStatus: () => true,
		filtersStartedAfter: false,
		entryIsRun: true,
		request: (query, credentials) => {
			const at = pageAt(query.next);
			const qs: Record<string, string> = { page: String(at?.page ?? 1), take: String(at?.size ?? query.pageSize) };
			if (query.status) qs.status = query.status.toUpperCase();
			return { method: 'GET', path: `${workflowPath(credentials.appId, query.workflowId, false)}/runs`, qs };
		},
		page: (body, headers, query) => {
			if (!Array.isArray(body)) return undefined;
			const runs = body.filter(isObject);
			const asked = pageAt(query.next) ?? { page: 1, size: query.pageSize };
			const count = headerNumber(headers, 'pagination-count');
			// The next page number at the page size the server says it used (it may serve fewer than asked).
			const take = positive(headerNumber(headers, 'pagination-take')) ?? asked.size;
			const page = positive(headerNumber(headers, 'pagination-page')) ?? asked.page;
			const more = count === undefined ? runs.length > 0 : page * take < count;
			return { runs, next: more && runs.length > 0 ? { page: page + 1, size: take } : undefined, total: count };
		},
	},
	output: {
		read: (ref, credentials) => ({ ...cortex.getRun(ref, credentials), qs: { verbose: 'all' } }),
		fromRead: (run) => run.result,
	},
};

function workflowPath(appId: unknown, workflowId: string, discoverable: boolean): string {
	const app = typeof appId === 'string' && appId.trim() !== '' ? appId.trim() : 'c';
	return `/apps/${seg(app)}/workflows/${discoverable ? 'discover/' : ''}${seg(workflowId)}`;
}

function positive(value: number | undefined): number | undefined {
	return value !== undefined && value >= 1 ? Math.floor(value) : undefined;
}
