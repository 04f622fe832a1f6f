/**
 * `npm run simulator`: every provider's fake (the registry dev/providers) on fixed local ports, seeded
 * with demo runs, for trying the Run Control node in a real n8n without any provider account.
 * Provider number i of the registry (from 0) listens on SIM_PORT_BASE + 1 + i (default base 4100:
 * 4101, 4102, …); SIM_PORT_BASE itself is left to the control server of scripts/queue-simulator.ts.
 *
 * Prints the base URLs, the API keys and the seeded run IDs, then runs until SIGINT/SIGTERM.
 * Runs that are "running" finish on their own 5–20 s after the start (the time is evaluated at each
 * request); the others keep their status until cancelled. Runs can also be started (and then
 * listed) on the tools/workflows it prints. Each provider's demo (and any environment variable it
 * reads, e.g. SIM_SUPERGLUE_RESULTS=hosted) is in its dev/providers/<name>/index.ts.
 */
import { seedExampleRuns, simulatorPorts, startFakes } from '../dev/simulator';
import type { FakeProvider, FakeRunSpec, FakeWorkflowSpec } from '../dev/simulator';
import { DEV_PROVIDER_LIST, devProvider } from '../dev/providers';

function portBase(): number {
	const raw = process.env.SIM_PORT_BASE;
	if (raw === undefined || raw.trim() === '') return 4100;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1 || value > 65_532) throw new Error(`SIM_PORT_BASE must be an integer between 1 and 65532, not '${raw}'`);
	return value;
}

function describeSpec(spec: FakeRunSpec, fake: FakeProvider): string {
	const row = devProvider(fake.name);
	const run = fake.getRun(spec.id) as Record<string, unknown> | undefined;
	const status = String(run?.status ?? spec.status ?? '?');
	const notes: string[] = [];
	if (spec.finishAfterMs !== undefined) notes.push(`→ ${spec.finalStatus ?? row.words.success} after ${spec.finishAfterMs / 1000} s`);
	if (spec.orphaned) notes.push('orphaned: running until cancelled');
	notes.push(...(row.simulator.describeRun?.(spec) ?? []));
	if (spec.cancelTakesPolls) notes.push(`a cancel takes ${spec.cancelTakesPolls} poll(s) to show`);
	if (spec.startedAt) notes.push(`started ${Math.round((Date.now() - Date.parse(spec.startedAt)) / 60_000)} min ago`);
	return `    ${spec.id.padEnd(26)} ${status.padEnd(10)} workflow ${String(spec.workflowId ?? '-').padEnd(20)} ${notes.join('; ')}`;
}

function describeWorkflow(workflow: FakeWorkflowSpec, fake: FakeProvider): string {
	const row = devProvider(fake.name);
	const notes = [`a run takes ${(workflow.durationMs ?? 1000) / 1000} s`, `ends ${workflow.finalStatus ?? row.words.success}`];
	notes.push(...(row.simulator.describeWorkflow?.(workflow) ?? []));
	return `    ${workflow.id.padEnd(26)} ${notes.join('; ')}`;
}

async function main(): Promise<void> {
	const base = portBase();
	const options = Object.assign({}, ...DEV_PROVIDER_LIST.map((row) => row.simulator.options?.() ?? {})) as object;
	const fakes = await startFakes({ ...options, ports: simulatorPorts(base) });

	// Remember every seeded run (ours and the example workflows') to print them.
	const seeded = new Map<string, FakeRunSpec[]>(fakes.all.map((fake) => [fake.name, []]));
	for (const fake of fakes.all) {
		const add = fake.addRun.bind(fake);
		fake.addRun = (spec: FakeRunSpec) => {
			seeded.get(fake.name)?.push(spec);
			add(spec);
		};
	}
	seedExampleRuns(fakes);
	for (const fake of fakes.all) {
		const row = devProvider(fake.name);
		for (const workflow of row.simulator.startable) fake.addWorkflow(workflow);
		row.simulator.seedDemo(fake);
	}

	const lines = ['', 'Run Control provider simulator (127.0.0.1; Ctrl+C to stop)', ''];
	for (const fake of fakes.all) {
		const row = devProvider(fake.name);
		lines.push(`  ${row.displayName}`);
		lines.push(`    Base URL: ${fake.url}`);
		lines.push(`    API key:  ${fake.apiKey}`);
		for (const note of row.simulator.notes) lines.push(`    ${note}`);
		lines.push('    Runs:');
		for (const spec of seeded.get(fake.name) ?? []) lines.push(describeSpec(spec, fake));
		lines.push(`    ${row.simulator.startableLabel} to start runs on:`);
		for (const workflow of row.simulator.startable) lines.push(describeWorkflow(workflow, fake));
		lines.push('');
	}
	lines.push('  Try:');
	for (const fake of fakes.all) for (const line of devProvider(fake.name).simulator.tries(fake)) lines.push(`    ${line}`);
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
