// The scenario of `npm run test:trigger` (scripts/test-trigger.sh sets up n8n and the simulator).
//
//   node scripts/trigger-scenario.js prepare <folder>   writes the trigger workflows to import
//   node scripts/trigger-scenario.js run                starts n8n, activates them, starts and
//                                                        finishes runs, restarts n8n, checks
//
// Each workflow is the example examples/trigger-run-failed-alert.json (Run Control Trigger → Set),
// with its own provider, event and workflow filter. Runs start and finish in the simulator while
// n8n polls every minute; every event must reach n8n's executions exactly once: runs spanning the
// activation, runs that start and finish between two polls, runs that finish while n8n is stopped
// (fired after it started again), and nothing from before the activation or outside the filter.
const fs = require('fs');
const path = require('path');
const { restSession } = require('./n8n-rest');
const { spawn } = require('child_process');

const root = path.join(__dirname, '..');
const EXAMPLE = JSON.parse(fs.readFileSync(path.join(root, 'examples', 'trigger-run-failed-alert.json'), 'utf8'));
// The simulator credentials (scripts/simulator-credentials.js), by provider, from the registry dev/providers.
const { DEV_PROVIDER_LIST } = require('../build/dev/providers');
const CREDENTIALS = Object.fromEntries(DEV_PROVIDER_LIST.map((row) => [row.name, { [row.credential]: row.simulator.credential }]));

// The trigger workflows: the example itself, and variants covering each provider and list kind.
const WORKFLOWS = [
	{ id: 'RcExTrigRunFail', provider: 'superglue', event: 'failed', workflowId: '' },
	{ id: 'RcTrSgSucceeded', provider: 'superglue', event: 'succeeded', workflowId: 'tool-trig' },
	{ id: 'RcTrB3Finished0', provider: 'b3os', event: 'finished', workflowId: '' },
	{ id: 'RcTrB3Cancelled', provider: 'b3os', event: 'cancelled', workflowId: 'wf_trig' },
	{ id: 'RcTrCxStarted00', provider: 'cortex', event: 'started', workflowId: 'wf-trig' },
];
/** The providers the trigger workflows watch. */
const PROVIDERS = [...new Set(WORKFLOWS.map((spec) => spec.provider))];

function workflowFor(spec) {
	const workflow = JSON.parse(JSON.stringify(EXAMPLE));
	workflow.id = spec.id;
	if (spec.id !== EXAMPLE.id) workflow.name = `[trigger test] ${spec.provider} ${spec.event}${spec.workflowId ? ` of ${spec.workflowId}` : ''}`;
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-run-control.runControlTrigger');
	Object.assign(trigger.parameters, { provider: spec.provider, event: spec.event, workflowId: spec.workflowId });
	trigger.credentials = CREDENTIALS[spec.provider];
	workflow.active = false;
	return { workflow, triggerName: trigger.name };
}

function prepare(folder) {
	for (const spec of WORKFLOWS) fs.writeFileSync(path.join(folder, `${spec.id}.json`), JSON.stringify(workflowFor(spec).workflow, null, 2));
}

// ---- the runs ------------------------------------------------------------------------------------
// Each run: where it goes, how it ends, and which workflows must fire on it (exactly once each).
// `phase`: before (seeded before activation), active (after), down (while n8n is stopped), after (restarted).
const SPAN_MS = 30_000;
const RUNS = [
	// Before the activation: finished ones never fire; running ones fire when they finish.
	{ phase: 'before', provider: 'superglue', spec: { id: 'sg-before-failed', workflowId: 'tool-x', status: 'failed' }, fires: [] },
	{ phase: 'before', provider: 'superglue', spec: { id: 'sg-span-failed', workflowId: 'tool-x', finishAfterMs: SPAN_MS, finalStatus: 'failed' }, fires: ['RcExTrigRunFail'] },
	{ phase: 'before', provider: 'superglue', spec: { id: 'sg-span-ok', workflowId: 'tool-trig', finishAfterMs: SPAN_MS }, fires: ['RcTrSgSucceeded'] },
	{ phase: 'before', provider: 'b3os', spec: { id: 'run_before_done', workflowId: 'wf_trig', status: 'cancelled' }, fires: [] },
	{ phase: 'before', provider: 'b3os', spec: { id: 'run_span_cancel', workflowId: 'wf_trig', finishAfterMs: SPAN_MS, finalStatus: 'cancelled' }, fires: ['RcTrB3Finished0', 'RcTrB3Cancelled'] },
	{ phase: 'before', provider: 'cortex', spec: { id: 'cx-before-running', workflowId: 'wf-trig', finishAfterMs: SPAN_MS }, fires: [] },
	// Active: start and finish between two polls.
	{ phase: 'active', provider: 'superglue', spec: { id: 'sg-a-failed', workflowId: 'tool-x', finishAfterMs: 4000, finalStatus: 'failed', error: 'Step fetchInvoices failed: HTTP 500' }, fires: ['RcExTrigRunFail'] },
	{ phase: 'active', provider: 'superglue', spec: { id: 'sg-a-ok', workflowId: 'tool-trig', finishAfterMs: 4000 }, fires: ['RcTrSgSucceeded'] },
	{ phase: 'active', provider: 'superglue', spec: { id: 'sg-a-aborted', workflowId: 'tool-trig', finishAfterMs: 4000, finalStatus: 'aborted' }, fires: [] },
	{ phase: 'active', provider: 'b3os', spec: { id: 'run_a_failure', workflowId: 'wf_other', finishAfterMs: 4000, finalStatus: 'failure' }, fires: ['RcTrB3Finished0'] },
	{ phase: 'active', provider: 'b3os', spec: { id: 'run_a_cancel', workflowId: 'wf_trig', finishAfterMs: 4000, finalStatus: 'cancelled' }, fires: ['RcTrB3Finished0', 'RcTrB3Cancelled'] },
	{ phase: 'active', provider: 'cortex', spec: { id: 'cx-a-1', workflowId: 'wf-trig', finishAfterMs: 4000 }, fires: ['RcTrCxStarted00'] },
	{ phase: 'active', provider: 'cortex', spec: { id: 'cx-a-queued', workflowId: 'wf-trig', startAfterMs: 3000, finishAfterMs: 90_000 }, fires: ['RcTrCxStarted00'] },
	{ phase: 'active', provider: 'cortex', spec: { id: 'cx-a-other', workflowId: 'wf-other', finishAfterMs: 4000 }, fires: [] },
	// While n8n is stopped: fired once it runs again.
	{ phase: 'down', provider: 'superglue', spec: { id: 'sg-down-failed', workflowId: 'tool-y', finishAfterMs: 1000, finalStatus: 'failed' }, fires: ['RcExTrigRunFail'] },
	{ phase: 'down', provider: 'b3os', spec: { id: 'run_down_ok', workflowId: 'wf_trig', finishAfterMs: 1000 }, fires: ['RcTrB3Finished0'] },
	{ phase: 'down', provider: 'cortex', spec: { id: 'cx-down-1', workflowId: 'wf-trig', finishAfterMs: 1000, finalStatus: 'FAILED' }, fires: ['RcTrCxStarted00'] },
	// After the restart.
	{ phase: 'after', provider: 'superglue', spec: { id: 'sg-after-failed', workflowId: 'tool-trig', finishAfterMs: 2000, finalStatus: 'failed' }, fires: ['RcExTrigRunFail'] },
	{ phase: 'after', provider: 'superglue', spec: { id: 'sg-after-ok', workflowId: 'tool-trig', finishAfterMs: 2000 }, fires: ['RcTrSgSucceeded'] },
	{ phase: 'after', provider: 'b3os', spec: { id: 'run_after_cancel', workflowId: 'wf_trig', finishAfterMs: 2000, finalStatus: 'cancelled' }, fires: ['RcTrB3Finished0', 'RcTrB3Cancelled'] },
	{ phase: 'after', provider: 'cortex', spec: { id: 'cx-after-1', workflowId: 'wf-trig', finishAfterMs: 2000 }, fires: ['RcTrCxStarted00'] },
];

// ---- n8n, the database, the simulator ----------------------------------------------------------
const env = process.env;
const MAIN = env.TRIGGER_MAIN_URL;
const CONTROL = env.TRIGGER_CONTROL_URL;
const modules = env.TRIGGER_N8N_MODULES;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const t0 = Date.now();
const say = (text) => console.log(`[test:trigger +${((Date.now() - t0) / 1000).toFixed(0)}s] ${text}`);
let n8n;
let starts = 0;

const rest = restSession(MAIN, 'run-control-trigger-test');

async function until(limitMs, everyMs, probe) {
	const end = Date.now() + limitMs;
	for (;;) {
		try {
			if (await probe()) return true;
		} catch {
			// not ready yet
		}
		if (Date.now() >= end) return false;
		await sleep(everyMs);
	}
}

async function startN8n() {
	const log = fs.openSync(path.join(env.TRIGGER_LOGS, `n8n-${++starts}.log`), 'w');
	const [command, ...args] = env.TRIGGER_N8N_START.split(' ');
	n8n = spawn(command, args, { stdio: ['ignore', log, log] });
	const began = Date.now();
	const ready = await until(120_000, 500, async () => (await fetch(`${MAIN}/healthz/readiness`)).ok);
	if (!ready) throw new Error('n8n was not ready after 120 s');
	say(`n8n started (pid ${n8n.pid}), ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
}

async function stopN8n() {
	if (!n8n || n8n.exitCode !== null) return;
	const child = n8n;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const done = await Promise.race([exited.then(() => true), sleep(30_000).then(() => false)]);
	if (!done) child.kill('SIGKILL');
	say(`n8n stopped (pid ${child.pid})`);
}

async function seed(phase) {
	for (const run of RUNS.filter((entry) => entry.phase === phase)) {
		const response = await fetch(`${CONTROL}/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(run) });
		if (response.status !== 201) throw new Error(`adding run ${run.spec.id}: HTTP ${response.status} ${await response.text()}`);
	}
}

/** List requests the simulator received from a provider's trigger polls since `since` (ms). */
async function listRequestsSince(provider, since) {
	const requests = await (await fetch(`${CONTROL}/requests?provider=${provider}`)).json();
	return requests.filter((entry) => entry.method === 'GET' && /\/runs\?/.test(entry.path) && entry.at > since).length;
}

function query(sql) {
	const sqlite3 = require(path.join(modules, 'sqlite3'));
	return new Promise((resolve, reject) => {
		const db = new sqlite3.Database(env.TRIGGER_DB, sqlite3.OPEN_READONLY, (error) => error && reject(error));
		db.all(sql, (error, rows) => {
			db.close();
			if (error) reject(error);
			else resolve(rows);
		});
	});
}
const staticData = () => query(`SELECT id, staticData FROM workflow_entity WHERE id IN (${WORKFLOWS.map((spec) => `'${spec.id}'`).join(', ')})`);

function readExecutions() {
	const sqlite3 = require(path.join(modules, 'sqlite3'));
	const { parse } = require(path.join(modules, 'flatted'));
	return new Promise((resolve, reject) => {
		const db = new sqlite3.Database(env.TRIGGER_DB, sqlite3.OPEN_READONLY, (error) => error && reject(error));
		db.all('SELECT e.id, e.workflowId, e.status, e.mode, d.data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id ORDER BY e.id', (error, rows) => {
			db.close();
			if (error) return reject(error);
			resolve(
				rows.map((row) => {
					const runData = parse(row.data).resultData.runData;
					const items = (name) => (runData[name]?.[0]?.data?.main?.[0] || []).map((item) => item.json);
					return { id: row.id, workflowId: row.workflowId, status: row.status, mode: row.mode, items };
				}),
			);
		});
	});
}

/** What each workflow emitted so far: run IDs (repeats included) per workflow, and the executions. */
async function emitted() {
	const executions = await readExecutions();
	const byWorkflow = {};
	for (const spec of WORKFLOWS) byWorkflow[spec.id] = [];
	for (const execution of executions) {
		const spec = WORKFLOWS.find((entry) => entry.id === execution.workflowId);
		if (!spec) continue;
		for (const item of execution.items(workflowFor(spec).triggerName)) byWorkflow[spec.id].push(item.runId);
	}
	return { byWorkflow, executions };
}

const expectedFor = (workflowId, phases) =>
	RUNS.filter((run) => phases.includes(run.phase) && run.fires.includes(workflowId))
		.map((run) => run.spec.id)
		.sort();

async function waitForEvents(phases, limitMs) {
	let last;
	const complete = await until(limitMs, 2000, async () => {
		last = await emitted();
		return WORKFLOWS.every((spec) => expectedFor(spec.id, phases).every((id) => last.byWorkflow[spec.id].includes(id)));
	});
	return { complete, last };
}

let failures = 0;
function check(ok, label, detail) {
	console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}`);
	if (!ok) {
		failures++;
		if (detail !== undefined) console.log(JSON.stringify(detail, null, 2));
	}
	return ok;
}

async function run() {
	await startN8n();
	await rest('POST', '/owner/setup', { email: 'owner@example.com', firstName: 'Trigger', lastName: 'Test', password: 'Trigger-test-0wner' });
	// Right before the activation, so that the spanning runs are still running when it polls first.
	await seed('before');
	for (const spec of WORKFLOWS) {
		const workflow = await rest('GET', `/workflows/${spec.id}`);
		await rest('POST', `/workflows/${spec.id}/activate`, { versionId: workflow.versionId });
	}
	// n8n 2.x adds an activated workflow through an outbox it reads every few seconds; the first poll
	// (no backlog) is done when the workflow's static data holds the trigger's state.
	const activatedAt = Date.now();
	const polled = await until(60_000, 500, async () => (await staticData()).filter((row) => /runControl/.test(String(row.staticData))).length === WORKFLOWS.length);
	if (!polled) throw new Error(`the trigger workflows had not polled 60 s after activation: ${JSON.stringify(await staticData())}`);
	say(`activated ${WORKFLOWS.length} trigger workflows (poll every minute), first polls done after ${((Date.now() - activatedAt) / 1000).toFixed(1)} s; runs start and finish while they poll`);
	await seed('active');

	const first = await waitForEvents(['before', 'active'], 150_000);
	check(first.complete, 'runs spanning the activation and runs started after it fired (first polls)', first.last?.byWorkflow);
	say('first events in; stopping n8n, runs start and finish while it is down');
	await stopN8n();
	await seed('down');
	await sleep(2500);
	await startN8n();
	await seed('after');
	const second = await waitForEvents(['before', 'active', 'down', 'after'], 150_000);
	check(second.complete, 'runs that finished while n8n was stopped, and after it started again, fired', second.last?.byWorkflow);

	// One more poll of every provider after the last event, so that a repeat would show.
	const since = Date.now();
	await until(75_000, 2000, async () => {
		for (const provider of PROVIDERS) if ((await listRequestsSince(provider, since)) === 0) return false;
		return true;
	});
	await sleep(5000);
	await stopN8n();

	const { byWorkflow, executions } = await emitted();
	const phases = ['before', 'active', 'down', 'after'];
	for (const spec of WORKFLOWS) {
		const got = [...byWorkflow[spec.id]].sort();
		const expected = expectedFor(spec.id, phases);
		check(
			JSON.stringify(got) === JSON.stringify(expected),
			`${spec.id} (${spec.provider}, ${spec.event}${spec.workflowId ? ` of ${spec.workflowId}` : ''}): ${got.length} event(s), each exactly once: ${expected.join(', ') || 'none'}`,
			{ got, expected },
		);
	}
	const ours = executions.filter((execution) => WORKFLOWS.some((spec) => spec.id === execution.workflowId));
	check(ours.every((execution) => execution.status === 'success' && execution.mode === 'trigger'), `${ours.length} trigger executions, all mode trigger and success`, ours.map(({ id, workflowId, status, mode }) => ({ id, workflowId, status, mode })));
	const alerts = ours.filter((execution) => execution.workflowId === EXAMPLE.id).flatMap((execution) => execution.items('Compose alert'));
	check(
		alerts.length > 0 && alerts.every((item) => /^Run \S+ of superglue tool \S+ ended failed at \S+ after \d+ s: /.test(item.text)),
		`example workflow: ${alerts.length} alert text(s), e.g. "${alerts[0]?.text}"`,
		alerts,
	);
	console.log(failures === 0 ? 'real n8n trigger: every event arrived exactly once' : `real n8n trigger: ${failures} check(s) failed`);
	return failures === 0 ? 0 : 1;
}

// The queue-mode test (scripts/queue-scenarios.js) runs the same trigger workflows and runs.
module.exports = { WORKFLOWS, PROVIDERS, RUNS, workflowFor, expectedFor };

const command = process.argv[2];
if (require.main !== module) {
	// required by another script: nothing to run
} else if (command === 'prepare') {
	prepare(process.argv[3]);
} else if (command === 'run') {
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.on(signal, () => {
			if (n8n && n8n.exitCode === null) n8n.kill('SIGTERM');
			process.exit(1);
		});
	}
	run()
		.catch((error) => {
			console.error(error);
			return 1;
		})
		.then(async (code) => {
			await stopN8n().catch(() => undefined);
			process.exit(code);
		});
} else {
	console.error('usage: node scripts/trigger-scenario.js prepare <folder> | run');
	process.exit(2);
}
