/**
 * `npm run simulator`: the three provider fakes (superglue, B3OS, Cortex) on fixed local ports, seeded
 * with demo runs, for trying the Run Control node in a real n8n without any provider account.
 *
 *   superglue  http://127.0.0.1:4101/v1   (SIM_PORT_BASE + 1)
 *   B3OS       http://127.0.0.1:4102      (SIM_PORT_BASE + 2)
 *   Cortex     http://127.0.0.1:4103      (SIM_PORT_BASE + 3)
 *
 * Prints the base URLs, the API keys and the seeded run IDs, then runs until SIGINT/SIGTERM.
 * Runs that are "running" finish on their own 5–20 s after the start (the time is evaluated at each
 * request); the others keep their status until cancelled. Runs can also be started (and then
 * listed) on the tools/workflows it prints; SIM_SUPERGLUE_RESULTS=hosted makes superglue answer
 * GET /runs/{id}/results as hosted result storage does (default: absent, as open-source 1.4.0).
 */
import { startFakes } from '../dev/simulator';
import type { FakeProvider, FakeRunSpec, FakeWorkflowSpec, ProviderName } from '../dev/simulator';
import { WORDS } from '../test/support/providers';
import { seedExampleRuns } from '../test/support/seed';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

function portBase(): number {
	const raw = process.env.SIM_PORT_BASE;
	if (raw === undefined || raw.trim() === '') return 4100;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1 || value > 65_532) throw new Error(`SIM_PORT_BASE must be an integer between 1 and 65532, not '${raw}'`);
	return value;
}

/** Tools/workflows that runs can be started on, with how those runs go. */
const STARTABLE: Record<ProviderName, FakeWorkflowSpec[]> = {
	superglue: [
		{ id: 'crm-export', durationMs: 10_000, output: { contacts: 124, file: 'contacts.csv' } },
		{ id: 'crm-broken', durationMs: 4_000, finalStatus: 'failed', error: 'Step fetchContacts failed: HTTP 401: token expired' },
	],
	b3os: [{ id: 'wf_demo_payouts', durationMs: 12_000, cost: 2, output: { status: 200, body: { paid: 3 } } }],
	cortex: [
		{ id: 'wf_invoice_extract', queuedMs: 3_000, durationMs: 10_000, output: { total: 310.4, currency: 'EUR' }, cost: 8 },
		{ id: 'wf_shared_invoices', discoverable: true, durationMs: 6_000, output: { pages: 2 } },
	],
};

/** Demo runs besides the ones the example workflows use (test/support/seed.ts). */
function seedDemoRuns(fakes: Record<ProviderName, FakeProvider>): void {
	for (const name of Object.keys(STARTABLE) as ProviderName[]) for (const workflow of STARTABLE[name]) fakes[name].addWorkflow(workflow);

	const sg = fakes.superglue;
	sg.addRun({ id: 'sg-run-finishes-8s', workflowId: 'crm-export', finishAfterMs: 8_000 });
	sg.addRun({ id: 'sg-run-fails-15s', workflowId: 'crm-export', finishAfterMs: 15_000, finalStatus: 'failed', error: 'Step fetchContacts failed: HTTP 429: rate limited' });
	sg.addRun({ id: 'sg-run-succeeded', workflowId: 'crm-export', status: 'success', sync: true, output: { contacts: 124, file: 'contacts.csv' }, startedAt: minutesAgo(30) });
	sg.addRun({ id: 'sg-run-aborted', workflowId: 'crm-export', status: 'aborted', startedAt: minutesAgo(50) });
	sg.addRun({ id: 'sg-run-orphaned', workflowId: 'crm-export', orphaned: true, startedAt: minutesAgo(95) });

	const b3 = fakes.b3os;
	b3.addRun({ id: 'run_demo_finishes_12s', workflowId: 'wf_demo_payouts', finishAfterMs: 12_000, cost: 2 });
	b3.addRun({ id: 'run_demo_waiting', workflowId: 'wf_demo_payouts', status: 'waiting', startedAt: minutesAgo(6), cost: 1 });
	b3.addRun({ id: 'run_demo_failed', workflowId: 'wf_demo_payouts', status: 'failure', error: 'insufficient balance for transfer', startedAt: minutesAgo(70), cost: 1 });
	b3.addRun({ id: 'run_demo_cancelled', workflowId: 'wf_demo_payouts', status: 'cancelled', startedAt: minutesAgo(90) });

	const cx = fakes.cortex;
	cx.addRun({ id: 'run_cx_finishes_18s', workflowId: 'wf_invoice_extract', finishAfterMs: 18_000, output: { total: 1249.5, currency: 'EUR' }, cost: 12 });
	cx.addRun({ id: 'run_cx_pending', workflowId: 'wf_invoice_extract', status: 'PENDING', finishAfterMs: 5_000, finalStatus: 'RUNNING' });
	cx.addRun({ id: 'run_cx_completed', workflowId: 'wf_invoice_extract', status: 'COMPLETED', output: { total: 87.2, currency: 'USD' }, cost: 9, startedAt: minutesAgo(20) });
	cx.addRun({ id: 'run_cx_failed', workflowId: 'wf_invoice_extract', status: 'FAILED', error: 'Step "extract" failed: the document is not a PDF', startedAt: minutesAgo(40) });
	cx.addRun({ id: 'run_cx_cancelled', workflowId: 'wf_invoice_extract', status: 'CANCELLED', startedAt: minutesAgo(60) });
}

function describeSpec(spec: FakeRunSpec, fake: FakeProvider): string {
	const run = fake.getRun(spec.id) as Record<string, unknown> | undefined;
	const status = String(run?.status ?? spec.status ?? '?');
	const notes: string[] = [];
	if (spec.finishAfterMs !== undefined) notes.push(`→ ${spec.finalStatus ?? WORDS[fake.name].success} after ${spec.finishAfterMs / 1000} s`);
	if (spec.orphaned) notes.push('orphaned: running until cancelled');
	if (spec.discoverable) notes.push('discoverable workflow: cancel with Workflow Source "discoverable"');
	if (spec.cancelTakesPolls) notes.push(`a cancel takes ${spec.cancelTakesPolls} poll(s) to show`);
	if (spec.startedAt) notes.push(`started ${Math.round((Date.now() - Date.parse(spec.startedAt)) / 60_000)} min ago`);
	return `    ${spec.id.padEnd(26)} ${status.padEnd(10)} workflow ${String(spec.workflowId ?? '-').padEnd(20)} ${notes.join('; ')}`;
}

function describeWorkflow(workflow: FakeWorkflowSpec, fake: FakeProvider): string {
	const notes = [`a run takes ${(workflow.durationMs ?? 1000) / 1000} s`, `ends ${workflow.finalStatus ?? WORDS[fake.name].success}`];
	if (workflow.queuedMs) notes.push(`queued (PENDING) ${workflow.queuedMs / 1000} s first`);
	if (workflow.discoverable) notes.push('discoverable: start on /workflows/discover/…');
	return `    ${workflow.id.padEnd(26)} ${notes.join('; ')}`;
}

async function main(): Promise<void> {
	const base = portBase();
	const results = process.env.SIM_SUPERGLUE_RESULTS === 'hosted' ? 'hosted' : 'oss';
	const fakes = await startFakes({ ports: { superglue: base + 1, b3os: base + 2, cortex: base + 3 }, superglueResults: results });

	// Remember every seeded run (ours and the example workflows') to print them.
	const seeded: Record<ProviderName, FakeRunSpec[]> = { superglue: [], b3os: [], cortex: [] };
	for (const fake of fakes.all) {
		const add = fake.addRun.bind(fake);
		fake.addRun = (spec: FakeRunSpec) => {
			seeded[fake.name].push(spec);
			add(spec);
		};
	}
	seedExampleRuns(fakes);
	seedDemoRuns(fakes);

	const extra: Record<ProviderName, string> = {
		superglue: '',
		b3os: '    Organization ID: org_test0001 (optional)',
		cortex: '    App ID: c (or app_test0001)',
	};
	const lines = ['', 'Run Control provider simulator (127.0.0.1; Ctrl+C to stop)', ''];
	for (const fake of fakes.all) {
		lines.push(`  ${WORDS[fake.name].name}`);
		lines.push(`    Base URL: ${fake.url}`);
		lines.push(`    API key:  ${fake.apiKey}`);
		if (extra[fake.name]) lines.push(extra[fake.name]);
		lines.push('    Runs:');
		for (const spec of seeded[fake.name]) lines.push(describeSpec(spec, fake));
		lines.push(`    ${fake.name === 'superglue' ? 'Tools' : 'Workflows'} to start runs on:`);
		for (const workflow of STARTABLE[fake.name]) lines.push(describeWorkflow(workflow, fake));
		lines.push('');
	}
	lines.push('  Try:');
	lines.push(`    curl -H 'Authorization: Bearer ${fakes.superglue.apiKey}' ${fakes.superglue.url}/runs/sg-run-finishes-8s`);
	lines.push(`    curl -H 'Authorization: Bearer ${fakes.b3os.apiKey}' '${fakes.b3os.url}/v1/runs/run_demo_long_1?summary=true'`);
	lines.push(`    curl -H 'Authorization: Bearer ${fakes.cortex.apiKey}' ${fakes.cortex.url}/apps/c/workflows/wf_invoice_extract/runs/run_cx_finishes_18s`);
	lines.push(`    curl -X POST -H 'Authorization: Bearer ${fakes.superglue.apiKey}' -H 'Content-Type: application/json' -d '{"inputs":{"since":"2026-01-01"},"options":{"async":true}}' ${fakes.superglue.url}/tools/crm-export/run`);
	lines.push(`    curl -H 'Authorization: Bearer ${fakes.superglue.apiKey}' '${fakes.superglue.url}/runs?toolId=crm-export&limit=10'`);
	lines.push(`    curl -H 'Authorization: Bearer ${fakes.superglue.apiKey}' ${fakes.superglue.url}/runs/sg-run-succeeded/results    (${results === 'hosted' ? 'hosted result storage' : '404: no such route on open-source superglue; SIM_SUPERGLUE_RESULTS=hosted'})`);
	lines.push(`    curl -X POST -H 'Authorization: Bearer ${fakes.b3os.apiKey}' -H 'Content-Type: application/json' -d '{"payload":{"batch":7}}' ${fakes.b3os.url}/v1/workflows/wf_demo_payouts/run`);
	lines.push(`    curl -H 'Authorization: Bearer ${fakes.b3os.apiKey}' '${fakes.b3os.url}/v1/workflows/wf_demo_payouts/runs?status=running&limit=10'`);
	lines.push(`    curl -X POST -H 'Authorization: Bearer ${fakes.cortex.apiKey}' -H 'Content-Type: application/json' -d '{"input":{"file":"invoice.pdf"},"background":true}' ${fakes.cortex.url}/apps/c/workflows/wf_invoice_extract/runs`);
	lines.push(`    curl -i -H 'Authorization: Bearer ${fakes.cortex.apiKey}' '${fakes.cortex.url}/apps/c/workflows/wf_invoice_extract/runs?take=10'`);
	lines.push('');
	console.log(lines.join('\n'));

	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping the simulator.`);
		fakes.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
	const code = (error as { code?: string }).code;
	if (code === 'EADDRINUSE') console.error(`A simulator port is in use (${String((error as { port?: number }).port ?? '')}); set SIM_PORT_BASE to use other ports.`);
	else console.error(error);
	process.exit(1);
});
