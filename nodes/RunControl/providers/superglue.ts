import type { Provider } from './types';
import { field, isObject, seg } from './fields';

/**
 * superglue (https://docs.superglue.cloud): REST API under `/v1`, run objects without envelope.
 * Cancel answers 200 for a running or already aborted run and 400 for a finished one.
 */
export const superglue: Provider = {
	name: 'superglue',
	displayName: 'superglue',
	option: { name: 'Superglue', description: 'Runs of superglue tools (cloud or self-hosted)' },
	credentialType: 'superglueApi',
	defaultBaseUrl: 'https://api.superglue.ai/v1',
	needsWorkflowId: false,
	hasWaitingStatus: false,
	fields: [
		{
			displayName:
				'superglue returns result data (Output) only for runs that were started synchronously; for runs started with "async: true", Output is empty',
			name: 'superglueOutputNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { operation: ['get', 'waitUntilFinished'] } },
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
};
