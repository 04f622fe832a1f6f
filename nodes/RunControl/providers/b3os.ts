import type { Provider } from './types';
import { isObject, messageOf, seg } from './fields';
import type { IDataObject } from 'n8n-workflow';

/**
 * B3OS (https://docs.b3os.org): paths under `/v1`, answers in a `{ code, data, message, requestId }`
 * envelope (older pages: `{ success, data }`). Polled with `summary=true`, which leaves out the
 * execution state and workflow definition. Cancel answers 409 for a run that is not running or waiting.
 */
export const b3os: Provider = {
	name: 'b3os',
	displayName: 'B3OS',
	option: { name: 'B3OS', description: 'Runs of B3OS workflows' },
	credentialType: 'b3osApi',
	defaultBaseUrl: 'https://api.b3os.org',
	needsWorkflowId: false,
	hasWaitingStatus: true,
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
};

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
