/** The demo runs the examples/ workflows act on, shared by `npm start`, the simulator and tests. */
import type { startFakes } from '../../dev/simulator';

type Fakes = Awaited<ReturnType<typeof startFakes>>;

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

export function seedExampleRuns(fakes: Fakes): void {
	// superglue: a run that finishes a few seconds after the workflow starts waiting for it.
	fakes.superglue.addRun({ id: 'sg-demo-slow', workflowId: 'invoice-sync', finishAfterMs: 3000 });
	fakes.superglue.addRun({ id: 'sg-demo-failed', workflowId: 'invoice-sync', status: 'failed', error: 'Step fetchInvoices failed: HTTP 500' });
	// B3OS: runs of one workflow; two of them have been running for more than 10 minutes (Get Many
	// with status running and started before now − 10 min finds those two).
	fakes.b3os.addRun({ id: 'run_demo_long_1', workflowId: 'wf_demo_payouts', startedAt: minutesAgo(25), cost: 4 });
	fakes.b3os.addRun({ id: 'run_demo_long_2', workflowId: 'wf_demo_payouts', startedAt: minutesAgo(14), cost: 2 });
	fakes.b3os.addRun({ id: 'run_demo_recent', workflowId: 'wf_demo_payouts', startedAt: minutesAgo(2), cost: 1 });
	fakes.b3os.addRun({ id: 'run_demo_done', workflowId: 'wf_demo_payouts', status: 'success', startedAt: minutesAgo(40), cost: 3 });
	// Cortex: a run of a discoverable (shared) workflow that takes a moment to stop once cancelled.
	fakes.cortex.addRun({ id: 'run_demo_discover', workflowId: 'wf_shared_invoices', discoverable: true, cancelTakesPolls: 1 });
	// Cortex: a workflow a run is started on; the run takes a few seconds and returns the extraction.
	fakes.cortex.addWorkflow({
		id: 'wf_demo_quick_extract',
		durationMs: 2500,
		output: { invoiceNumber: 'INV-1042', total: 1250.5, currency: 'EUR' },
		cost: 3,
	});
}

/** Credentials (as n8n stores them) pointing at the simulator. */
export function simulatorCredentials(fakes: Fakes) {
	return {
		superglueApi: { apiKey: fakes.superglue.apiKey, baseUrl: fakes.superglue.url },
		b3osApi: { apiKey: fakes.b3os.apiKey, baseUrl: fakes.b3os.url, organizationId: '' },
		cortexApi: { apiKey: fakes.cortex.apiKey, baseUrl: fakes.cortex.url, appId: 'c' },
	};
}
