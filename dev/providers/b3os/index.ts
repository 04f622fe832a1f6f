/** B3OS in the dev tools: its fake (simulator.ts), test row, seeds and simulator demo. */
import type { DevProvider } from '../types';
import { bearerCredential, minutesAgo, runsPaths } from '../types';
import { B3OS_DEFAULT_KEY, B3osFake } from './simulator';

export interface B3osDevOptions {
	/** The organization an X-Org-ID header must name (default org_test0001). */
	b3osOrgId?: string;
}

export const b3os: DevProvider<B3osFake, B3osDevOptions> = {
	name: 'b3os',
	displayName: 'B3OS',
	credential: 'b3osApi',
	words: { running: 'running', success: 'success', failed: 'failure', cancelled: 'cancelled' },
	basePath: '',
	defaultKey: B3OS_DEFAULT_KEY,
	create: (common, options) => new B3osFake({ ...common, orgId: options.b3osOrgId }),
	credentials: (fake) => ({ apiKey: fake.apiKey, baseUrl: fake.url, organizationId: '' }),
	itemParameters: {},
	expect: {
		workflowLabel: 'Workflow ID',
		workflowNoun: 'workflow',
		paths: runsPaths(),
		finals: [
			{ word: 'success', status: 'succeeded' },
			{ word: 'failure', status: 'failed' },
			{ word: 'cancelled', status: 'cancelled' },
			{ word: 'partial', status: 'partial' },
		],
		needsWorkflowId: false,
		start: {
			path: (wf) => `/v1/workflows/${wf}/run`,
			body: (inputs, runId) => ({ payload: inputs, runId }),
			runId: /^run_[0-9a-f]{32}$/,
			ownRunId: 'run_mine_0001',
			// 400 with business code 400079 (its OpenAPI definition).
			takenAnswer: '400, code 400079',
			// The answer names the run only: one read (summary) makes the item complete.
			after: (runId) => [`GET /v1/runs/${runId}?summary=true`],
			storedInputs: (run) => (run.executionState as Record<string, { input: unknown }>).root.input,
			versions: { field: 'version', cases: [['3', 3]] },
		},
		list: {
			pageSize: 100,
			pageOf: (query) => ({ page: Number(query.get('offset')) / Number(query.get('limit')) + 1, size: Number(query.get('limit')) }),
			continuation: 'offset',
			emptyPage: { body: { code: 200, message: 'success', data: { items: [], limit: 100, offset: 0, hasMore: false }, requestId: 'r' } },
			lacking: 'queued',
			orgWide: { path: '/v1/runs', workflowParam: 'workflowId' },
		},
		credential: bearerCredential((baseUrl) => `${baseUrl}/nope`),
		trigger: {
			scopes: [
				{ workflowId: '', label: 'B3OS, whole organization' },
				{ workflowId: 'wf_watched', label: 'B3OS, one workflow' },
			],
			// running and waiting
			unfinishedWords: 2,
			filtersStatus: () => true,
		},
		output: {
			// The node results, read with summary=false.
			of: (result) => ({ value: { http_1: result }, partial: true }),
			getRequests: (runId) => [`GET /v1/runs/${runId}?summary=false`],
			notInPlainRead: true,
			partialWhileRunning: true,
		},
	},
	seedExamples(fake) {
		// Runs of one workflow; two of them have been running for more than 10 minutes (Get Many
		// with status running and started before now − 10 min finds those two).
		fake.addRun({ id: 'run_demo_long_1', workflowId: 'wf_demo_payouts', startedAt: minutesAgo(25), cost: 4 });
		fake.addRun({ id: 'run_demo_long_2', workflowId: 'wf_demo_payouts', startedAt: minutesAgo(14), cost: 2 });
		fake.addRun({ id: 'run_demo_recent', workflowId: 'wf_demo_payouts', startedAt: minutesAgo(2), cost: 1 });
		fake.addRun({ id: 'run_demo_done', workflowId: 'wf_demo_payouts', status: 'success', startedAt: minutesAgo(40), cost: 3 });
	},
	simulator: {
		credential: { id: 'simB3os0000001', name: 'B3OS (local simulator)' },
		startable: [{ id: 'wf_demo_payouts', durationMs: 12_000, cost: 2, output: { status: 200, body: { paid: 3 } } }],
		startableLabel: 'Workflows',
		seedDemo(b3) {
			b3.addRun({ id: 'run_demo_finishes_12s', workflowId: 'wf_demo_payouts', finishAfterMs: 12_000, cost: 2 });
			b3.addRun({ id: 'run_demo_waiting', workflowId: 'wf_demo_payouts', status: 'waiting', startedAt: minutesAgo(6), cost: 1 });
			b3.addRun({ id: 'run_demo_failed', workflowId: 'wf_demo_payouts', status: 'failure', error: 'insufficient balance for transfer', startedAt: minutesAgo(70), cost: 1 });
			b3.addRun({ id: 'run_demo_cancelled', workflowId: 'wf_demo_payouts', status: 'cancelled', startedAt: minutesAgo(90) });
		},
		notes: ['Organization ID: org_test0001 (optional)'],
		tries: (b3) => [
			`curl -H 'Authorization: Bearer ${b3.apiKey}' '${b3.url}/v1/runs/run_demo_long_1?summary=true'`,
			`curl -X POST -H 'Authorization: Bearer ${b3.apiKey}' -H 'Content-Type: application/json' -d '{"payload":{"batch":7}}' ${b3.url}/v1/workflows/wf_demo_payouts/run`,
			`curl -H 'Authorization: Bearer ${b3.apiKey}' '${b3.url}/v1/workflows/wf_demo_payouts/runs?status=running&limit=10'`,
		],
	},
};
