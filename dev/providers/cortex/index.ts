/** Cortex in the dev tools: its fake (simulator.ts), test row, seeds and simulator demo. */
import type { DevProvider } from '../types';
import { bearerCredential, minutesAgo, runsPaths } from '../types';
import { CORTEX_DEFAULT_KEY, CortexFake } from './simulator';

export interface CortexDevOptions {
	/** An app id accepted in paths besides `c` (default app_test0001). */
	cortexAppId?: string;
}

export const cortex: DevProvider<CortexFake, CortexDevOptions> = {
	name: 'cortex',
	displayName: 'Cortex',
	credential: 'cortexApi',
	words: { running: 'RUNNING', success: 'COMPLETED', failed: 'FAILED', cancelled: 'CANCELLED' },
	basePath: '',
	defaultKey: CORTEX_DEFAULT_KEY,
	create: (common, options) => new CortexFake({ ...common, appId: options.cortexAppId }),
	credentials: (fake) => ({ apiKey: fake.apiKey, baseUrl: fake.url, appId: 'c' }),
	// Cortex addresses a run by workflow and run; the item may name a discoverable workflow.
	itemParameters: { workflowId: '={{ $json.workflowId }}', workflowSource: '={{ $json.workflowSource || "own" }}' },
	expect: {
		workflowLabel: 'Workflow ID',
		workflowNoun: 'workflow',
		// A replay starts again from a step: the items of the retry tests name it (default: extract).
		retryParameters: { stepKey: '={{ $json.stepKey ?? "extract" }}' },
		paths: runsPaths(),
		finals: [
			{ word: 'COMPLETED', status: 'succeeded' },
			{ word: 'FAILED', status: 'failed' },
			{ word: 'CANCELLED', status: 'cancelled' },
			{ word: 'SKIPPED', status: 'skipped' },
		],
		needsWorkflowId: true,
		queuedWord: 'PENDING',
		start: {
			path: (wf) => `/apps/c/workflows/${wf}/runs`,
			body: (inputs) => ({ input: inputs, background: true }),
			after: () => [],
			storedInputs: (run) => run.input,
			versions: { field: 'workflow_version_id', cases: [['3', 3], ['latest', 'latest']] },
			discoverable: { parameters: { workflowSource: 'discoverable' }, path: (wf) => `/apps/c/workflows/discover/${wf}/runs` },
		},
		list: {
			pageSize: 100,
			pageOf: (query) => ({ page: Number(query.get('page')), size: Number(query.get('take')) }),
			continuation: 'page',
			emptyPage: { body: [], headers: { 'pagination-page': '1', 'pagination-take': '100', 'pagination-count': '0' } },
			lacking: 'waiting',
		},
		credential: bearerCredential((baseUrl) => `${baseUrl}/nope`),
		trigger: {
			scopes: [{ workflowId: 'wf-watched', label: 'Cortex, one workflow' }],
			// PENDING and RUNNING
			unfinishedWords: 2,
			filtersStatus: () => true,
		},
		output: {
			of: (result) => ({ value: result, partial: false }),
			// Include Output reads the run with verbose=all (its result and steps).
			getRequests: (runId, wf) => [`GET /apps/c/workflows/${wf}/runs/${runId}?verbose=all`],
			notInPlainRead: false,
			partialWhileRunning: false,
		},
	},
	seedExamples(fake) {
		// A run of a discoverable (shared) workflow that takes a moment to stop once cancelled.
		fake.addRun({ id: 'run_demo_discover', workflowId: 'wf_shared_invoices', discoverable: true, cancelTakesPolls: 1 });
		// A workflow a run is started on; the run takes a few seconds and returns the extraction.
		fake.addWorkflow({
			id: 'wf_demo_quick_extract',
			durationMs: 2500,
			output: { invoiceNumber: 'INV-1042', total: 1250.5, currency: 'EUR' },
			cost: 3,
		});
	},
	simulator: {
		credential: { id: 'simCortex00001', name: 'Cortex (local simulator)' },
		startable: [
			{ id: 'wf_invoice_extract', queuedMs: 3_000, durationMs: 10_000, output: { total: 310.4, currency: 'EUR' }, cost: 8 },
			{ id: 'wf_shared_invoices', discoverable: true, durationMs: 6_000, output: { pages: 2 } },
		],
		startableLabel: 'Workflows',
		seedDemo(cx) {
			cx.addRun({ id: 'run_cx_finishes_18s', workflowId: 'wf_invoice_extract', finishAfterMs: 18_000, output: { total: 1249.5, currency: 'EUR' }, cost: 12 });
			cx.addRun({ id: 'run_cx_pending', workflowId: 'wf_invoice_extract', status: 'PENDING', finishAfterMs: 5_000, finalStatus: 'RUNNING' });
			cx.addRun({ id: 'run_cx_completed', workflowId: 'wf_invoice_extract', status: 'COMPLETED', output: { total: 87.2, currency: 'USD' }, cost: 9, startedAt: minutesAgo(20) });
			cx.addRun({ id: 'run_cx_failed', workflowId: 'wf_invoice_extract', status: 'FAILED', error: 'Step "extract" failed: the document is not a PDF', startedAt: minutesAgo(40) });
			cx.addRun({ id: 'run_cx_cancelled', workflowId: 'wf_invoice_extract', status: 'CANCELLED', startedAt: minutesAgo(60) });
		},
		notes: ['App ID: c (or app_test0001)'],
		describeRun: (spec) => (spec.discoverable ? ['discoverable workflow: cancel with Workflow Source "discoverable"'] : []),
		describeWorkflow(workflow) {
			const notes: string[] = [];
			if (workflow.queuedMs) notes.push(`queued (PENDING) ${workflow.queuedMs / 1000} s first`);
			if (workflow.discoverable) notes.push('discoverable: start on /workflows/discover/…');
			return notes;
		},
		tries: (cx) => [
			`curl -H 'Authorization: Bearer ${cx.apiKey}' ${cx.url}/apps/c/workflows/wf_invoice_extract/runs/run_cx_finishes_18s`,
			`curl -X POST -H 'Authorization: Bearer ${cx.apiKey}' -H 'Content-Type: application/json' -d '{"input":{"file":"invoice.pdf"},"background":true}' ${cx.url}/apps/c/workflows/wf_invoice_extract/runs`,
			`curl -i -H 'Authorization: Bearer ${cx.apiKey}' '${cx.url}/apps/c/workflows/wf_invoice_extract/runs?take=10'`,
		],
	},
};
