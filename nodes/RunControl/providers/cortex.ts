import type { Provider } from './types';
import { field, isObject, seg } from './fields';

/**
 * Cortex (https://docs.withcortex.ai): every path is under `/apps/{app_id}` (`c`: the key's own app)
 * and a run is addressed by workflow and run. Runs of discoverable (shared) workflows are cancelled
 * through `/workflows/discover/{workflow_id}/…`; they are read through the ordinary path.
 */
export const cortex: Provider = {
	name: 'cortex',
	displayName: 'Cortex',
	option: { name: 'Cortex', description: 'Runs of Cortex workflows, own or discoverable' },
	credentialType: 'cortexApi',
	defaultBaseUrl: 'https://api.withcortex.ai',
	needsWorkflowId: true,
	hasWaitingStatus: false,
	fields: [
		{
			displayName: 'Workflow ID',
			name: 'workflowId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. invoice-extraction',
			description: 'ID of the Cortex workflow the run belongs to: Cortex addresses a run by workflow and run',
		},
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
		},
	],
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
		path: `${workflowPath(credentials.appId, ref.workflowId, ref.workflowSource === 'discoverable')}/runs/${seg(ref.runId)}/cancel`,
	}),
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
};

function workflowPath(appId: unknown, workflowId: string, discoverable: boolean): string {
	const app = typeof appId === 'string' && appId.trim() !== '' ? appId.trim() : 'c';
	return `/apps/${seg(app)}/workflows/${discoverable ? 'discover/' : ''}${seg(workflowId)}`;
}
