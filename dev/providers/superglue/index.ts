/** superglue in the dev tools: its fake (simulator.ts), test row, seeds and simulator demo. */
import type { DevProvider } from '../types';
import { bearerCredential, minutesAgo, runsPaths, UUID } from '../types';
import { SUPERGLUE_DEFAULT_KEY, SuperglueFake } from './simulator';
import type { SuperglueResultsMode } from './simulator';

export interface SuperglueDevOptions {
	/** GET /runs/{id}/results: 'oss' (default: no such route, as 1.4.0) or 'hosted'. */
	superglueResults?: SuperglueResultsMode;
}

export const superglue: DevProvider<SuperglueFake, SuperglueDevOptions> = {
	name: 'superglue',
	displayName: 'superglue',
	credential: 'superglueApi',
	words: { running: 'running', success: 'success', failed: 'failed', cancelled: 'aborted' },
	basePath: '/v1',
	defaultKey: SUPERGLUE_DEFAULT_KEY,
	create: (common, options) => new SuperglueFake({ ...common, resultsMode: options.superglueResults }),
	credentials: (fake) => ({ apiKey: fake.apiKey, baseUrl: fake.url }),
	itemParameters: {},
	expect: {
		workflowLabel: 'Tool ID',
		workflowNoun: 'tool',
		paths: runsPaths(),
		finals: [
			{ word: 'success', status: 'succeeded' },
			{ word: 'failed', status: 'failed' },
			{ word: 'aborted', status: 'cancelled' },
		],
		needsWorkflowId: false,
		start: {
			path: (wf) => `/v1/tools/${wf}/run`,
			body: (inputs, runId) => ({ runId, inputs, options: { async: true } }),
			runId: UUID,
			ownRunId: 'mine-0001',
			after: () => [],
			storedInputs: (run) => run.toolPayload,
		},
		list: {
			pageSize: 100,
			pageOf: (query) => ({ page: Number(query.get('page')), size: Number(query.get('limit')) }),
			continuation: 'page',
			emptyPage: { body: { data: [], page: 1, limit: 100, total: 0, hasMore: false } },
			lacking: 'queued',
			startedAfterParam: 'startedAfter',
			orgWide: { path: '/v1/runs', workflowParam: 'toolId' },
		},
		credential: bearerCredential((baseUrl) => baseUrl.replace(/\/v1\/?$/, '/v2')),
		trigger: {
			scopes: [
				{ workflowId: '', label: 'superglue, every tool' },
				{ workflowId: 'tool-watched', label: 'superglue, one tool' },
			],
			// running
			unfinishedWords: 1,
			filtersStatus: () => true,
		},
		output: {
			keep: (fake) => {
				fake.resultsMode = 'hosted';
			},
			of: (result) => ({ value: result, partial: false }),
			getRequests: (runId) => [`GET /v1/runs/${runId}`, `GET /v1/runs/${runId}/results`],
			notInPlainRead: false,
			partialWhileRunning: false,
		},
	},
	seedExamples(fake) {
		// A run still running for its first three checks, so a workflow waiting for it (one check a
		// second) waits about 3 s whenever it starts; later checks see it succeeded.
		fake.addRun({ id: 'sg-demo-slow', workflowId: 'invoice-sync', finishAfterPolls: 3 });
		fake.addRun({ id: 'sg-demo-failed', workflowId: 'invoice-sync', status: 'failed', error: 'Step fetchInvoices failed: HTTP 500' });
	},
	simulator: {
		credential: { id: 'simSuperglue01', name: 'superglue (local simulator)' },
		startable: [
			{ id: 'crm-export', durationMs: 10_000, output: { contacts: 124, file: 'contacts.csv' } },
			{ id: 'crm-broken', durationMs: 4_000, finalStatus: 'failed', error: 'Step fetchContacts failed: HTTP 401: token expired' },
		],
		startableLabel: 'Tools',
		seedDemo(sg) {
			sg.addRun({ id: 'sg-run-finishes-8s', workflowId: 'crm-export', finishAfterMs: 8_000 });
			sg.addRun({ id: 'sg-run-fails-15s', workflowId: 'crm-export', finishAfterMs: 15_000, finalStatus: 'failed', error: 'Step fetchContacts failed: HTTP 429: rate limited' });
			sg.addRun({ id: 'sg-run-succeeded', workflowId: 'crm-export', status: 'success', sync: true, output: { contacts: 124, file: 'contacts.csv' }, startedAt: minutesAgo(30) });
			sg.addRun({ id: 'sg-run-aborted', workflowId: 'crm-export', status: 'aborted', startedAt: minutesAgo(50) });
			sg.addRun({ id: 'sg-run-orphaned', workflowId: 'crm-export', orphaned: true, startedAt: minutesAgo(95) });
		},
		// SIM_SUPERGLUE_RESULTS=hosted: GET /runs/{id}/results answers as hosted result storage does.
		options: () => ({ superglueResults: process.env.SIM_SUPERGLUE_RESULTS === 'hosted' ? 'hosted' : 'oss' }),
		notes: [],
		tries: (sg) => [
			`curl -H 'Authorization: Bearer ${sg.apiKey}' ${sg.url}/runs/sg-run-finishes-8s`,
			`curl -X POST -H 'Authorization: Bearer ${sg.apiKey}' -H 'Content-Type: application/json' -d '{"inputs":{"since":"2026-01-01"},"options":{"async":true}}' ${sg.url}/tools/crm-export/run`,
			`curl -H 'Authorization: Bearer ${sg.apiKey}' '${sg.url}/runs?toolId=crm-export&limit=10'`,
			`curl -H 'Authorization: Bearer ${sg.apiKey}' ${sg.url}/runs/sg-run-succeeded/results    (${sg.resultsMode === 'hosted' ? 'hosted result storage' : '404: no such route on open-source superglue; SIM_SUPERGLUE_RESULTS=hosted'})`,
		],
	},
};
