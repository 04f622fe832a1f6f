/** n8n in the dev tools: its fake (simulator.ts), test row, seeds and simulator demo. */
import type { DevProvider } from '../types';
import { minutesAgo, runReadPath } from '../types';
import { N8N_DEFAULT_KEY, N8nFake } from './simulator';

export interface N8nDevOptions {
	/** 1: answer as n8n 1.x (no stop route, no date filters, fewer status words). Default 2. */
	n8nVersion?: 1 | 2;
	/** Only n8n's positive integer ids (default false: the shared suites name runs with words). */
	n8nStrictIds?: boolean;
}

/** The workflow of the examples' executions (n8n workflow ids are 16 characters). */
const DEMO_WORKFLOW = 'WfDemoSyncOrders';

export const n8n: DevProvider<N8nFake, N8nDevOptions> = {
	name: 'n8n',
	displayName: 'n8n',
	credential: 'n8nInstanceApi',
	words: { running: 'running', success: 'success', failed: 'error', cancelled: 'canceled' },
	basePath: '/api/v1',
	defaultKey: N8N_DEFAULT_KEY,
	create: (common, options) => new N8nFake({ ...common, version: options.n8nVersion, anyIds: options.n8nStrictIds !== true }),
	credentials: (fake) => ({ apiKey: fake.apiKey, baseUrl: fake.url }),
	itemParameters: {},
	expect: {
		workflowLabel: 'Workflow ID',
		workflowNoun: 'workflow',
		needsWorkflowId: false,
		paths: {
			run: runReadPath('executions'),
			cancel: /\/stop$/,
			start: /^$/,
			list: /\/executions(\?|$)/,
		},
		finals: [
			{ word: 'success', status: 'succeeded' },
			{ word: 'error', status: 'failed' },
			{ word: 'crashed', status: 'failed' },
			{ word: 'canceled', status: 'cancelled' },
		],
		// Stop answers without the execution's id: the node reads it.
		cancelAfter: (runId) => [`GET /api/v1/executions/${runId}`],
		// A failed execution's message is in its data.
		errorRead: (runId) => `GET /api/v1/executions/${runId}?includeData=true`,
		queuedWord: 'new',
		list: {
			pageSize: 250,
			// The first page has no cursor; each next one the cursor of the answer before it, which
			// carries the size the server served (base64 of {"lastId","limit"}).
			pageOf: (query, previous) => {
				const cursor = query.get('cursor');
				if (cursor === null) return { page: 1, size: Number(query.get('limit')) };
				const { limit } = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { limit: number };
				const follows = previous !== undefined && (previous.answer as { nextCursor?: unknown } | undefined)?.nextCursor === cursor;
				return { page: follows ? previous.page + 1 : -1, size: limit };
			},
			lacking: 'partial',
			continuation: 'cursor',
			// A running execution is listed only when status=running is asked for.
			hiddenWords: ['running'],
			emptyPage: { body: { data: [], nextCursor: null } },
			orgWide: { path: '/api/v1/executions', workflowParam: 'workflowId' },
		},
		credential: {
			header: 'x-n8n-api-key',
			value: (apiKey) => apiKey,
			wrongBaseUrl: (baseUrl) => baseUrl.replace(/\/api\/v1$/, '/nope'),
		},
		trigger: {
			scopes: [
				{ workflowId: '', label: 'n8n, every workflow' },
				{ workflowId: 'WfWatched0000001', label: 'n8n, one workflow' },
			],
			// new, running and waiting
			unfinishedWords: 3,
			filtersStatus: () => true,
		},
		output: {
			// The json of the last node's items, read with includeData=true.
			of: (result) => ({ value: [result], partial: false }),
			getRequests: (runId) => [`GET /api/v1/executions/${runId}?includeData=true`],
			notInPlainRead: true,
			partialWhileRunning: false,
		},
	},
	seedExamples(fake) {
		// Executions of one workflow; two of them have been running for more than 10 minutes.
		fake.addRun({ id: '9001', workflowId: DEMO_WORKFLOW, status: 'success', startedAt: minutesAgo(40) });
		fake.addRun({ id: '9002', workflowId: DEMO_WORKFLOW, startedAt: minutesAgo(25) });
		fake.addRun({ id: '9003', workflowId: DEMO_WORKFLOW, startedAt: minutesAgo(14) });
		fake.addRun({ id: '9004', workflowId: DEMO_WORKFLOW, startedAt: minutesAgo(2) });
		// A failure for the trigger example's Fetch Test Event.
		fake.addRun({ id: '9005', workflowId: 'WfDemoInvoiceMail', status: 'error', error: 'The service was not able to process your request', startedAt: minutesAgo(3) });
	},
	simulator: {
		credential: { id: 'simN8n00000001', name: 'n8n (local simulator)' },
		startable: [{ id: 'WfDemoInvoiceMail', durationMs: 3_000, finalStatus: 'error', error: 'The service was not able to process your request' }],
		startableLabel: 'Workflows (executions are retried, not started, through the API)',
		seedDemo(fake) {
			fake.addRun({ id: '101', workflowId: DEMO_WORKFLOW, finishAfterMs: 15_000, output: [{ synced: 12 }] });
			fake.addRun({ id: '102', workflowId: DEMO_WORKFLOW, status: 'waiting', startedAt: minutesAgo(6), finishAfterMs: 3_600_000 });
			fake.addRun({ id: '103', workflowId: 'WfDemoInvoiceMail', status: 'error', error: 'The service was not able to process your request', startedAt: minutesAgo(30) });
			fake.addRun({ id: '104', workflowId: DEMO_WORKFLOW, status: 'canceled', startedAt: minutesAgo(50) });
		},
		notes: ['Header X-N8N-API-KEY (not Authorization); executions are numbered'],
		tries: (fake) => [
			`curl -H 'X-N8N-API-KEY: ${fake.apiKey}' ${fake.url}/executions/101`,
			`curl -H 'X-N8N-API-KEY: ${fake.apiKey}' '${fake.url}/executions?status=running&limit=10'`,
			`curl -X POST -H 'X-N8N-API-KEY: ${fake.apiKey}' ${fake.url}/executions/101/stop`,
		],
	},
};
