/**
 * `npm run bench`: a benchmark, not a test. Starts the fake providers with a set latency and prints
 * one table, every figure measured in this run, with PASS/FAIL against the targets.
 */
import { fork } from 'node:child_process';
import { Agent, request } from 'undici';

import { startFakes } from '../test/support/fakes';
import { runControlWorkflow, runWorkflow } from '../test/support/harness';
import { credentialsFor } from '../test/support/world';

type Fakes = Awaited<ReturnType<typeof startFakes>>;
const rows: Array<[string, string, string, string]> = [];
const row = (name: string, measured: string, target: string, pass?: boolean) =>
	rows.push([name, measured, target, pass === undefined ? '' : pass ? 'PASS' : 'FAIL']);

async function runGet(fakes: Fakes, ids: string[], concurrency: number) {
	const workflow = runControlWorkflow(
		{ provider: 'superglue', operation: 'get', runId: '={{ $json.id }}', options: { concurrency } },
		ids.map((id) => ({ id })),
		{ superglueApi: { id: '1', name: 'superglue' } },
	);
	const started = performance.now();
	const result = await runWorkflow(workflow, { credentials: credentialsFor(fakes) });
	const ms = performance.now() - started;
	const items = result.items('Run Control');
	if (result.status !== 'success' || items.length !== ids.length) throw new Error(`Get run failed: ${result.status}`);
	return ms;
}

async function benchGet(fakes: Fakes) {
	const runs = 500;
	const latency = 50;
	const concurrency = 10;
	fakes.superglue.latencyMs = latency;
	const ids = Array.from({ length: runs }, (_, index) => `get-${index}`);
	for (const id of ids) fakes.superglue.addRun({ id, status: 'success' });
	await runGet(fakes, ids.slice(0, 20), concurrency); // warm-up
	const ms = await runGet(fakes, ids, concurrency);
	const limit = (runs * latency) / concurrency;
	row(`Get ${runs} runs, ${latency} ms latency, concurrency ${concurrency}`, `${(ms / 1000).toFixed(2)} s`, `limit ${(limit / 1000).toFixed(2)} s`);
	row('  achieved ÷ limit (limit time ÷ wall time)', (limit / ms).toFixed(3), '≥ 0.9', limit / ms >= 0.9);
	const sequential = await runGet(fakes, ids, 1);
	row(`  same ${runs} runs one request after another`, `${(sequential / 1000).toFixed(2)} s`, `${(sequential / ms).toFixed(1)}× slower than the node`);
	fakes.superglue.latencyMs = 0;
}

async function benchWait(fakes: Fakes) {
	const runs = 200;
	const interval = 1000;
	fakes.b3os.latencyMs = 20;
	const base = Date.now();
	const durations = Array.from({ length: runs }, () => 1000 + Math.random() * 4000);
	const ids = durations.map((_, index) => `run_wait_${index}`);
	ids.forEach((id, index) => fakes.b3os.addRun({ id, finishAfterMs: durations[index] }));
	const addedAt = Date.now();
	const workflow = runControlWorkflow(
		{ provider: 'b3os', operation: 'waitUntilFinished', runId: '={{ $json.id }}', options: { pollInterval: interval / 1000, timeout: 60 } },
		ids.map((id) => ({ id })),
		{ b3osApi: { id: '1', name: 'b3os' } },
	);
	const started = Date.now();
	const result = await runWorkflow(workflow, { credentials: credentialsFor(fakes) });
	const wall = Date.now() - started;
	const items = result.items('Run Control');
	if (result.status !== 'success' || items.length !== runs) throw new Error(`Wait run failed: ${result.status}`);
	const latest = Math.max(...durations) + (addedAt - base) - (started - addedAt);
	const bound = latest + interval + 300;
	row(`Wait ${runs} runs finishing in 1–5 s, poll interval 1 s`, `${(wall / 1000).toFixed(2)} s`, `≤ latest finish + 1 interval + 0.3 s = ${(bound / 1000).toFixed(2)} s`, wall <= bound);
	const oneAfterAnother = durations.reduce((sum, duration) => sum + Math.ceil(duration / interval) * interval, 0);
	row('  vs waiting for the runs one after another', `${(oneAfterAnother / wall).toFixed(0)}× faster (${(oneAfterAnother / 1000).toFixed(0)} s)`, '≥ 50×', oneAfterAnother / wall >= 50);
	let worst = 0;
	let over = 0;
	let after = 0;
	ids.forEach((id, index) => {
		const gets = fakes.b3os.requestsFor(id).filter((entry) => entry.method === 'GET');
		const bound = Math.ceil(durations[index] / interval) + 1;
		worst = Math.max(worst, gets.length - bound);
		if (gets.length > bound) over++;
		const finishAt = addedAt + durations[index];
		const firstFinal = gets.findIndex((entry) => entry.at >= finishAt);
		if (firstFinal >= 0) after += gets.length - firstFinal - 1;
	});
	const polls = ids.map((id) => fakes.b3os.requestsFor(id).length);
	row('  polls per run (mean / max)', `${(polls.reduce((a, b) => a + b, 0) / runs).toFixed(2)} / ${Math.max(...polls)}`, '≤ ⌈duration ÷ interval⌉ + 1 for every run', over === 0);
	row('  requests after a run was seen finished', String(after), '0', after === 0);
	fakes.b3os.latencyMs = 0;
}

async function benchRaw(fakes: Fakes) {
	const total = 5000;
	const concurrency = 10;
	fakes.superglue.latencyMs = 0;
	const ids = Array.from({ length: total }, (_, index) => `raw-${index}`);
	for (const id of ids) fakes.superglue.addRun({ id, status: 'success' });
	const agent = new Agent({ connections: concurrency });
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < total) {
				const id = ids[next++];
				const response = await request(`${fakes.superglue.url}/runs/${id}`, {
					dispatcher: agent,
					headers: { authorization: `Bearer ${fakes.superglue.apiKey}`, accept: 'application/json' },
				});
				await response.body.json();
			}
		}),
	);
	const rawRate = total / ((performance.now() - started) / 1000);
	await agent.close();
	const nodeMs = await runGet(fakes, ids, concurrency);
	const nodeRate = total / (nodeMs / 1000);
	row(`Raw HTTP ceiling: undici, concurrency ${concurrency}, 0 ms latency`, `${rawRate.toFixed(0)} req/s`, '');
	row('  this node, Get of the same runs (whole workflow)', `${nodeRate.toFixed(0)} req/s`, `${(nodeRate / rawRate).toFixed(2)} of raw`);
}

async function benchMemory(fakes: Fakes) {
	const runs = 10_000;
	const ids = Array.from({ length: runs }, (_, index) => `mem-${index}`);
	for (const id of ids) fakes.superglue.addRun({ id, status: 'running' });
	const peak = await new Promise<number>((resolve, reject) => {
		const child = fork(__filename, ['--memory-child'], {
			env: { ...process.env, BENCH_CREDENTIALS: JSON.stringify(credentialsFor(fakes)), BENCH_RUNS: String(runs) },
		});
		child.on('message', (message: { peakRss?: number; error?: string }) =>
			message.error ? reject(new Error(message.error)) : resolve(message.peakRss ?? 0),
		);
		child.on('error', reject);
	});
	const mb = peak / 1024 / 1024;
	row(`Memory: peak RSS, Get of ${runs.toLocaleString('en')} runs (own process)`, `${mb.toFixed(0)} MB`, '< 300 MB', mb < 300);
}

async function memoryChild() {
	let peak = process.memoryUsage().rss;
	const sampler = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 20);
	try {
		const runs = Number(process.env.BENCH_RUNS);
		const workflow = runControlWorkflow(
			{ provider: 'superglue', operation: 'get', runId: '={{ $json.id }}', options: {} },
			Array.from({ length: runs }, (_, index) => ({ id: `mem-${index}` })),
			{ superglueApi: { id: '1', name: 'superglue' } },
		);
		const result = await runWorkflow(workflow, { credentials: JSON.parse(process.env.BENCH_CREDENTIALS ?? '{}') });
		if (result.items('Run Control').length !== runs) throw new Error(`only ${result.items('Run Control').length} items`);
		peak = Math.max(peak, process.memoryUsage().rss);
		process.send?.({ peakRss: peak });
	} catch (error) {
		process.send?.({ error: String(error) });
	} finally {
		clearInterval(sampler);
		setImmediate(() => process.exit(0));
	}
}

async function main() {
	const fakes = await startFakes();
	const started = Date.now();
	try {
		await benchGet(fakes);
		await benchWait(fakes);
		await benchRaw(fakes);
		await benchMemory(fakes);
	} finally {
		await fakes.close();
	}
	const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((entry) => entry[column].length), ['scenario', 'measured', 'target', ''][column].length));
	const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
	console.log(`\nRun Control benchmark (Node ${process.version}, ${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
	console.log(line(['scenario', 'measured', 'target', 'result']));
	console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
	for (const entry of rows) console.log(line(entry));
	const failed = rows.filter((entry) => entry[3] === 'FAIL').length;
	console.log(failed === 0 ? '\nAll targets met.' : `\n${failed} target(s) missed.`);
}

if (process.argv.includes('--memory-child')) {
	void memoryChild();
} else {
	main().then(
		() => process.exit(0),
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
}
