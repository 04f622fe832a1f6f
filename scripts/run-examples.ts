/**
 * The quick start's main job: starts the local simulator of the three providers, runs every
 * workflow in examples/ through n8n's engine with the built node, and prints for each Run Control
 * node a compact table (run, status, duration, what happened), where each If node sent each item,
 * and the items of the workflow's last nodes. `npm start -- --json` also prints every Run Control
 * item in full.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { credentialsFor, seedExampleRuns, startFakes } from '../dev/simulator';
import { BASE_NODES } from '../dev/engine/base-nodes';
import { ROOT, runWorkflow, NODE_TYPE } from '../dev/engine/harness';
import type { RunResult, WorkflowJson } from '../dev/engine/harness';
import { fetchTriggerTestEvent } from './trigger-example';

const STICKY_NOTE = 'n8n-nodes-base.stickyNote';

const IF_NODE = 'n8n-nodes-base.if';
const FULL_JSON = process.argv.includes('--json');

type Json = Record<string, unknown>;

function seconds(ms: number): string {
	if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
	const minutes = Math.floor(ms / 60_000);
	return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function short(value: unknown, max = 60): string {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** What the node did with the run, in a few words. */
function whatHappened(json: Json): string {
	if (!('status' in json)) return `ERROR ${String(json.error)}`;
	const parts: string[] = [];
	const cancel = json.cancel as Json | undefined;
	const start = json.start as Json | undefined;
	const wait = json.wait as Json | undefined;
	if (json.operation === 'getAll') parts.push('found');
	if (json.operation === 'get') parts.push('read');
	if (start) parts.push(start.alreadyStarted ? 'already started (a retried start found it)' : 'started');
	if (cancel) parts.push(cancel.alreadyFinished ? 'had already finished, nothing to cancel' : 'cancelled');
	if (wait) parts.push(wait.timedOut ? `gave up after ${seconds(Number(wait.waitedMs))}` : `waited ${seconds(Number(wait.waitedMs))} (${String(wait.polls)} check${wait.polls === 1 ? '' : 's'})`);
	if (json.error) parts.push(`error: ${short(json.error, 50)}`);
	if (json.output !== null && json.output !== undefined) parts.push(`output ${short(json.output, 50)}`);
	else if (typeof json.outputNote === 'string') parts.push(`no output: ${json.outputNote}`);
	return parts.join('; ');
}

function table(rows: string[][]): string[] {
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
	return rows.map((row, index) => {
		const line = row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ');
		return index === 0 ? `${line}\n     ${widths.map((width) => '─'.repeat(width)).join('  ')}` : line;
	});
}

const label = (json: Json, index: number) => String(json.runId ?? json.run ?? `item ${index + 1}`);

function printRunControl(name: string, result: RunResult): void {
	const error = result.nodeError(name);
	if (error) {
		console.log(`\n   ${name}: ERROR ${error.message}${error.description ? `\n     ${error.description}` : ''}`);
		return;
	}
	const items = result.items(name).map((item) => item.json as Json);
	const operation = String(items[0]?.operation ?? '');
	console.log(`\n   ${name}${operation ? ` (${operation})` : ''}: ${items.length} item(s)`);
	if (items.length === 0) return;
	const rows = [['run', 'status', 'duration', 'what happened']];
	items.forEach((json, index) => {
		const duration = typeof json.durationMs === 'number' ? seconds(json.durationMs) : '-';
		rows.push([label(json, index), String(json.status ?? 'error'), duration, whatHappened(json)]);
	});
	for (const line of table(rows)) console.log(`     ${line}`);
	if (FULL_JSON) {
		for (const json of items) console.log(JSON.stringify(json, null, 2).split('\n').map((line) => `     ${line}`).join('\n'));
	}
}

function printIf(name: string, result: RunResult): void {
	const branch = (output: number) => {
		const items = result.items(name, output).map((item, index) => label(item.json as Json, index));
		return `${items.length} item(s)${items.length > 0 ? ` (${items.join(', ')})` : ''}`;
	};
	console.log(`\n   ${name} (If): true → ${branch(0)}; false → ${branch(1)}`);
}

async function main(): Promise<number> {
	const fakes = await startFakes();
	seedExampleRuns(fakes);
	const credentials = credentialsFor(fakes);
	console.log('Provider simulator on 127.0.0.1 (no accounts needed):');
	for (const fake of fakes.all) console.log(`  ${fake.name.padEnd(9)} ${fake.url}`);
	if (!FULL_JSON) console.log('(npm start -- --json prints every Run Control item in full)');
	let failures = 0;
	const dir = path.join(ROOT, 'examples');
	for (const file of readdirSync(dir).filter((name) => name.endsWith('.json')).sort()) {
		const workflow = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as WorkflowJson;
		console.log(`\n━━ ${file}: ${workflow.name}`);
		// The quick start's engine has stand-ins for a few n8n-nodes-base nodes only; an example that
		// needs others (e.g. the Wait node of the long-wait loop) runs in real n8n: npm run test:n8n.
		const missing = [...new Set(workflow.nodes.map((node) => node.type))].filter((type) => type !== NODE_TYPE && type !== STICKY_NOTE && !BASE_NODES[type]);
		if (missing.length > 0) {
			if (missing.every((type) => type.endsWith('.runControlTrigger'))) {
				console.log('   a polling trigger: in n8n it fires while the workflow is active; here, what the editor shows');
				failures += await fetchTriggerTestEvent(fakes, workflow);
			} else {
				const names = missing.map((type) => type.replace(/^n8n-nodes-base\.(.)/, (_, first: string) => first.toUpperCase()));
				console.log(`   not run here: it needs n8n's ${names.join(', ')} node (npm run test:n8n runs it in real n8n)`);
			}
			continue;
		}
		workflow.nodes = workflow.nodes.filter((node) => node.type !== STICKY_NOTE);
		const started = Date.now();
		const result = await runWorkflow(workflow, { credentials });
		console.log(`   execution ${result.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		if (result.status !== 'success') failures++;
		// In the order the nodes ran.
		const ran = Object.keys(result.run.data.resultData.runData);
		const byName = new Map(workflow.nodes.map((node) => [node.name, node]));
		for (const name of ran) {
			const node = byName.get(name);
			if (!node) continue;
			if (node.type === NODE_TYPE) printRunControl(name, result);
			else if (node.type === IF_NODE) printIf(name, result);
			else if (!workflow.connections[name]) {
				// A last node: what the workflow ends with.
				const items = result.items(name);
				console.log(`\n   ${name}: ${items.length} item(s)`);
				for (const item of items) console.log(`     ${short(item.json, 110)}`);
			}
		}
	}
	await fakes.close();
	console.log(failures === 0 ? '\nAll example workflows ran.' : `\n${failures} example workflow(s) failed.`);
	return failures === 0 ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
