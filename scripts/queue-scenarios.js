// The scenarios of `npm run test:queue` (scripts/test-queue.sh starts PostgreSQL, Redis, the
// simulator, n8n main and two workers, then runs this file).
//
//   node scripts/queue-scenarios.js prepare <folder>   writes the workflows to import (Webhook copies
//                                                       of the examples/ workflows)
//   node scripts/queue-scenarios.js run                 activates them, runs the scenarios, prints
//                                                       the report, exits 1 on any failure
//
// Every execution is checked in n8n's PostgreSQL database (status, items of each node: the same
// expectations as the regular-mode smoke test, scripts/check-n8n-executions.js), in the workers'
// logs (which process ran it) and, for Stop, in the simulator's request log. The trigger scenario
// runs the workflows and runs of the regular-mode trigger test (scripts/trigger-scenario.js): the
// main polls, each event must reach PostgreSQL exactly once as an execution a worker ran.
const fs = require('fs');
const path = require('path');
const { restSession } = require('./n8n-rest');
const { execFileSync } = require('child_process');
const { checkExecution, check, nodesOf, failures } = require('./check-n8n-executions');
const triggerScenario = require('./trigger-scenario');

const root = path.join(__dirname, '..');
const example = (file) => JSON.parse(fs.readFileSync(path.join(root, 'examples', file), 'utf8'));

// ---- the scenarios -----------------------------------------------------------------------------
// Production executions: each entry is an examples/ workflow behind a Webhook trigger, active, called
// over HTTP; its execution must give the items the example gives in regular mode (the example's
// expectation in check-n8n-executions.js). `set` replaces a node's raw JSON (e.g. the run to act on),
// `seed` adds simulator runs right before the call, `parameters` replaces a node's parameters and
// `expect` checks the nodes' items where no example does what the entry runs. One entry per operation.
const PRODUCTION = [
	{
		key: 'get',
		example: 'superglue-wait-and-branch.json',
		what: 'Get (superglue, a failed run)',
		set: { 'Run to watch': { runId: 'sg-demo-failed' } },
		parameters: { 'Wait for the run': { provider: 'superglue', operation: 'get', runId: '={{ $json.runId }}', options: {} } },
		expect: (nodes) => {
			const [item = {}] = nodes['Wait for the run'] || [];
			check(item.provider === 'superglue' && item.operation === 'get' && item.runId === 'sg-demo-failed' && item.status === 'failed' && item.finished === true && item.succeeded === false, 'superglue Get → the failed run', item);
			check(item.error === 'Step fetchInvoices failed: HTTP 500' && item.wait === undefined, 'Get: the provider\'s error, no wait block', item);
			check((nodes['Handle the failure'] || []).length === 1 && (nodes['Use the result'] || []).length === 0, 'If sent it to "Handle the failure"', nodes['Handle the failure']);
		},
	},
	{ key: 'getMany', example: 'b3os-cancel-long-running.json', what: 'Get Many + Cancel ×2 (B3OS)' },
	{ key: 'cancel', example: 'cortex-cancel-discoverable.json', what: 'Cancel + wait for the stop (Cortex)' },
	{ key: 'wait', example: 'superglue-wait-and-branch.json', what: 'Wait Until Finished (superglue)' },
	{ key: 'start', example: 'cortex-start-wait-use-output.json', what: 'Start + Wait + Include Output (Cortex)' },
];

// Stop: a production execution waiting on a run that never finishes, stopped through n8n's REST API.
const STOP = {
	key: 'stop',
	example: 'superglue-wait-and-branch.json',
	set: { 'Run to watch': { runId: 'sg-queue-never-finishes' } },
	seed: [{ provider: 'superglue', spec: { id: 'sg-queue-never-finishes', orphaned: true } }],
};

// The long-wait loop: Wait Until Finished (20 s, Output Last State) → If finished → else Wait 70 s →
// back; the run takes 3 minutes, so the execution waits in the database between rounds.
const LONG_RUN_MS = Number(process.env.QUEUE_LONG_RUN_MS || 180_000);
const LONG = {
	key: 'long',
	example: 'superglue-long-wait-loop.json',
	set: { 'Run to watch': { runId: 'sg-queue-three-minutes' } },
	seed: [{ provider: 'superglue', spec: { id: 'sg-queue-three-minutes', finishAfterMs: LONG_RUN_MS } }],
};

// The Run Control Trigger, active in queue mode: the workflows of the regular-mode trigger test (one
// per provider and list kind, polling every minute, n8n's minimum), the main polls, each event runs
// as a 'trigger' execution on a worker. Runs spanning the activation, runs that start and finish
// between two polls, and runs added once the first events are in; the regular-mode test's restart
// phase ('down') is left out. Runs alongside the long wait, so it costs little extra time.
const TRIGGER_PHASES = ['before', 'active', 'after'];
const TRIGGER_WORKFLOWS = triggerScenario.WORKFLOWS;
// Runs the other scenarios end that a trigger also fires on: the Get Many + Cancel execution cancels
// two B3OS runs after the first polls (the B3OS "finished" trigger watches every workflow).
const TRIGGER_ALSO = { RcTrB3Finished0: ['run_demo_long_1', 'run_demo_long_2'] };
const expectedFor = (id, phases) => [...triggerScenario.expectedFor(id, phases), ...(phases.includes('after') ? TRIGGER_ALSO[id] || [] : [])].sort();

const ALL = [...PRODUCTION, STOP, LONG]; // the webhook workflows
const workflowId = (scenario) => `RcQueue${scenario.key[0].toUpperCase()}${scenario.key.slice(1)}`;
const webhookPath = (scenario) => `rc-queue-${scenario.key}`;

function prepare(folder) {
	for (const scenario of ALL) {
		const workflow = example(scenario.example);
		const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
		const webhook = {
			id: trigger.id,
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: trigger.position,
			webhookId: `b0000000-0000-4000-8000-${String(ALL.indexOf(scenario) + 1).padStart(12, '0')}`,
			parameters: { httpMethod: 'POST', path: webhookPath(scenario), responseMode: 'onReceived', options: {} },
		};
		// Only the webhook starts it here: other triggers (an example's Schedule Trigger) are left out.
		for (const other of workflow.nodes.filter((node) => node !== trigger && /Trigger$/.test(node.type))) delete workflow.connections[other.name];
		workflow.nodes = workflow.nodes.filter((node) => node === trigger || !/Trigger$/.test(node.type));
		workflow.nodes = workflow.nodes.map((node) => (node === trigger ? webhook : node));
		workflow.connections.Webhook = workflow.connections[trigger.name];
		delete workflow.connections[trigger.name];
		for (const [name, json] of Object.entries(scenario.set || {})) {
			workflow.nodes.find((node) => node.name === name).parameters.jsonOutput = JSON.stringify(json, null, 2);
		}
		for (const [name, parameters] of Object.entries(scenario.parameters || {})) workflow.nodes.find((node) => node.name === name).parameters = parameters;
		workflow.id = workflowId(scenario);
		workflow.name = `[queue] ${workflow.name}`;
		workflow.active = false;
		fs.writeFileSync(path.join(folder, `${scenario.key}.json`), JSON.stringify(workflow, null, 2));
	}
	for (const spec of TRIGGER_WORKFLOWS) {
		const { workflow } = triggerScenario.workflowFor(spec);
		workflow.name = `[queue] ${workflow.name}`;
		fs.writeFileSync(path.join(folder, `trigger-${spec.id}.json`), JSON.stringify(workflow, null, 2));
	}
}

// ---- n8n, PostgreSQL, simulator, logs ---------------------------------------------------------
const env = process.env;
const MAIN = env.QUEUE_MAIN_URL;
const CONTROL = env.QUEUE_CONTROL_URL;
const modules = env.QUEUE_N8N_MODULES;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const BROWSER_ID = 'run-control-queue-test';

const rest = restSession(MAIN, BROWSER_ID);

let pg;
async function sql(text, values) {
	if (!pg) {
		const { Client } = require(path.join(modules, 'pg'));
		pg = new Client({ host: '127.0.0.1', port: Number(env.QUEUE_PG_PORT), user: 'n8n', database: 'n8n' });
		await pg.connect();
	}
	return (await pg.query(text, values)).rows;
}
const parse = (text) => require(path.join(modules, 'flatted')).parse(text);

const FINAL = new Set(['success', 'error', 'canceled', 'crashed']);
const executionsOf = (id) => sql('SELECT id, status, mode, "startedAt", "stoppedAt", "waitTill" FROM execution_entity WHERE "workflowId" = $1 ORDER BY id', [id]);
const dataOf = async (executionId) => (await sql('SELECT data FROM execution_data WHERE "executionId" = $1', [executionId]))[0].data;

async function seed(list = []) {
	for (const { provider, spec } of list) {
		const response = await fetch(`${CONTROL}/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider, spec }) });
		if (response.status !== 201) throw new Error(`seeding ${spec.id}: HTTP ${response.status}`);
	}
}
const requestsFor = async (provider, runId) => (await fetch(`${CONTROL}/requests?provider=${provider}&runId=${encodeURIComponent(runId)}`)).json();

async function trigger(scenario) {
	const before = (await executionsOf(workflowId(scenario))).map((row) => row.id);
	const response = await fetch(`${MAIN}/webhook/${webhookPath(scenario)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
	if (!response.ok) throw new Error(`webhook ${webhookPath(scenario)}: HTTP ${response.status} ${await response.text()}`);
	const execution = await poll(15_000, 100, async () => (await executionsOf(workflowId(scenario))).find((row) => !before.includes(row.id)));
	if (!execution) throw new Error(`no execution of ${workflowId(scenario)} in the database 15 s after the webhook call`);
	return execution.id;
}

async function poll(limitMs, everyMs, probe) {
	const end = Date.now() + limitMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > end) return undefined;
		await sleep(everyMs);
	}
}
const finished = (executionId, limitMs) =>
	poll(limitMs, 250, async () => {
		const [row] = await sql('SELECT id, status, "startedAt", "stoppedAt", "waitTill" FROM execution_entity WHERE id = $1', [executionId]);
		return row && FINAL.has(row.status) ? row : undefined;
	});

/** Which processes ran jobs of an execution, from their logs ("Worker started execution 12 (job 7)"). */
function whereRan(executionId) {
	const places = [];
	for (const name of ['worker-1', 'worker-2']) {
		const log = fs.readFileSync(path.join(env.QUEUE_LOGS, `${name}.log`), 'utf8');
		const count = log.split('\n').filter((line) => line.includes(`Worker started execution ${executionId} `)).length;
		for (let i = 0; i < count; i++) places.push(name);
	}
	return places;
}
const redisActiveJobs = () => Number(execFileSync('redis-cli', ['-p', env.QUEUE_REDIS_PORT, 'LLEN', 'bull:jobs:active']).toString().trim());

// ---- the trigger ---------------------------------------------------------------------------------
const triggerIds = TRIGGER_WORKFLOWS.map((spec) => spec.id);
const seedTrigger = (phase) => seed(triggerScenario.RUNS.filter((run) => run.phase === phase).map(({ provider, spec }) => ({ provider, spec })));

/** The trigger workflows' executions, and the run IDs each workflow's trigger emitted (repeats kept). */
async function triggerExecutions() {
	const rows = await sql('SELECT e.id, e."workflowId", e.status, e.mode, d.data FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id WHERE e."workflowId" = ANY($1) ORDER BY e.id', [triggerIds]);
	const byWorkflow = Object.fromEntries(triggerIds.map((id) => [id, []]));
	const executions = rows.map((row) => {
		const spec = TRIGGER_WORKFLOWS.find((entry) => entry.id === row.workflowId);
		const runData = parse(row.data).resultData.runData || {};
		// A worker fills runData when it runs the job; until then the items wait in executionData.
		const runIds = (runData[triggerScenario.workflowFor(spec).triggerName]?.[0]?.data?.main?.[0] || []).map((item) => item.json.runId);
		byWorkflow[row.workflowId].push(...runIds);
		return { id: row.id, workflowId: row.workflowId, status: row.status, mode: row.mode, runIds };
	});
	return { byWorkflow, executions };
}
const triggerComplete = (byWorkflow, phases) =>
	TRIGGER_WORKFLOWS.every((spec) => expectedFor(spec.id, phases).every((id) => byWorkflow[spec.id].includes(id)));

/** Seeds the runs that span the activation, activates the trigger workflows, waits for their first polls. */
async function startTrigger() {
	await seedTrigger('before'); // right before the activation: still running at the first poll
	for (const id of triggerIds) {
		const workflow = await rest('GET', `/workflows/${id}`);
		await rest('POST', `/workflows/${id}/activate`, { versionId: workflow.versionId });
	}
	const t0 = Date.now();
	// The first poll of an activation (no backlog) is done when the static data holds the trigger's state.
	const polled = await poll(60_000, 500, async () => (await sql('SELECT id FROM workflow_entity WHERE id = ANY($1) AND "staticData"::text LIKE $2', [triggerIds, '%runControl%'])).length === triggerIds.length);
	if (!polled) throw new Error('the trigger workflows had not polled 60 s after activation');
	console.log(`activated ${triggerIds.length} trigger workflows (poll every minute, on the main); first polls done after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	await seedTrigger('active');
	return { t0 };
}

async function finishTrigger({ t0 }) {
	let last;
	const wait = async (phases, limitMs) => Boolean(await poll(limitMs, 2000, async () => triggerComplete((last = await triggerExecutions()).byWorkflow, phases)));
	check(await wait(['before', 'active'], 150_000), 'trigger: runs spanning the activation and runs started and finished after it fired', last.byWorkflow);
	console.log(`     trigger: first events in at ${((Date.now() - t0) / 1000).toFixed(0)} s; adding runs that finish before the next poll`);
	await seedTrigger('after');
	const complete = await wait(TRIGGER_PHASES, 150_000);
	check(complete, 'trigger: runs added after the first events fired', last.byWorkflow);
	const eventsAt = Date.now();
	console.log(`     trigger: all events in at ${((eventsAt - t0) / 1000).toFixed(0)} s; waiting for one more poll of each provider`);
	// One more poll of every provider after the last event (list requests), so that a repeat would show.
	const polledAgain = await poll(75_000, 2000, async () => {
		for (const provider of triggerScenario.PROVIDERS) {
			const requests = await (await fetch(`${CONTROL}/requests?provider=${provider}`)).json();
			if (!requests.some((entry) => entry.method === 'GET' && /\/runs\?/.test(entry.path) && entry.at > eventsAt)) return false;
		}
		return true;
	});
	check(Boolean(polledAgain), 'trigger: every provider polled again after the last event', null);
	await sleep(5000);
	const settled = await poll(30_000, 500, async () => (last = await triggerExecutions()).executions.every((execution) => FINAL.has(execution.status)));
	const { byWorkflow, executions } = last;
	let ok = check(Boolean(settled), `trigger: all ${executions.length} trigger executions finished`, executions.map(({ id, status }) => ({ id, status })));
	for (const spec of TRIGGER_WORKFLOWS) {
		const got = [...byWorkflow[spec.id]].sort();
		const expected = expectedFor(spec.id, TRIGGER_PHASES);
		ok = check(JSON.stringify(got) === JSON.stringify(expected), `trigger: ${spec.id} (${spec.provider}, ${spec.event}${spec.workflowId ? ` of ${spec.workflowId}` : ''}): ${got.length} event(s), each exactly once: ${expected.join(', ') || 'none'}`, { got, expected }) && ok;
	}
	const places = executions.map((execution) => ({ ...execution, where: whereRan(execution.id) }));
	ok = check(places.every((execution) => execution.mode === 'trigger' && execution.status === 'success'), `trigger: ${executions.length} executions, all mode trigger and success`, places.map(({ id, workflowId, status, mode }) => ({ id, workflowId, status, mode }))) && ok;
	ok = check(places.every((execution) => execution.where.length === 1), 'trigger: each execution ran as one job on a worker (worker logs)', places.map(({ id, where }) => ({ id, where }))) && ok;
	const events = Object.values(byWorkflow).reduce((sum, list) => sum + list.length, 0);
	const perWorker = ['worker-1', 'worker-2'].map((name) => `${name} ×${places.filter((execution) => execution.where.includes(name)).length}`).join(', ');
	report.push({
		scenario: 'trigger: 5 workflows polling on the main',
		executionId: executions.length ? `${executions[0].id}–${executions[executions.length - 1].id}` : undefined,
		where: perWorker,
		seconds: (Date.now() - t0) / 1000,
		ok,
		note: `${events} events in ${executions.length} executions, each once`,
	});
}

// ---- running them --------------------------------------------------------------------------------
const report = [];
function record(scenario, executionId, seconds, ok, note = '') {
	const places = executionId ? whereRan(executionId) : [];
	const where = places.length === 0 ? 'main (no worker log)' : places.join(', ');
	report.push({ scenario, executionId, where, seconds, ok, note, onWorkers: places.length > 0 });
	if (executionId) check(places.length > 0, `${scenario}: execution ${executionId} ran on a worker (${where})`, places);
}

async function productionScenario(scenario) {
	const t0 = Date.now();
	await seed(scenario.seed);
	const executionId = await trigger(scenario);
	const row = await finished(executionId, 120_000);
	const exampleId = example(scenario.example).id;
	const label = `${scenario.key} (execution ${executionId})`;
	let failed;
	if (!row) failed = (check(false, `${scenario.key}: execution ${executionId} finished within 120 s`, null), 1);
	else if (!scenario.expect) failed = checkExecution(exampleId, row.status, await dataOf(executionId), parse, label);
	else {
		const before = failures();
		check(row.status === 'success', `${label}: execution ${row.status}`, row.status);
		scenario.expect(nodesOf(parse(await dataOf(executionId)).resultData.runData).nodes);
		failed = failures() - before;
	}
	record(`production: ${scenario.what}`, executionId, (Date.now() - t0) / 1000, failed === 0);
}

async function stopScenario() {
	const t0 = Date.now();
	const runId = STOP.seed[0].spec.id;
	await seed(STOP.seed);
	const executionId = await trigger(STOP);
	const polling = await poll(30_000, 200, async () => (await requestsFor('superglue', runId)).length >= 2);
	check(Boolean(polling), 'stop: Run Control is polling the run (2 requests seen)', null);
	const stopAt = Date.now();
	await rest('POST', `/executions/${executionId}/stop`);
	const stopAnswered = Date.now();
	const row = await finished(executionId, 15_000);
	const endedAt = Date.now();
	const stopSeconds = (endedAt - stopAt) / 1000;
	check(row && row.status === 'canceled', `stop: execution ${executionId} ended as canceled (${row ? row.status : 'still running after 15 s'})`, row);
	check(stopSeconds <= 3, `stop: ended ${stopSeconds.toFixed(1)} s after the stop request (API answered in ${((stopAnswered - stopAt) / 1000).toFixed(2)} s)`, stopSeconds);
	await sleep(4000); // more than the node's 1 s poll interval, several times
	const after = (await requestsFor('superglue', runId)).filter((request) => request.at > endedAt);
	check(after.length === 0, `stop: no request for ${runId} after the execution ended (${after.length}; ${(await requestsFor('superglue', runId)).length} in all)`, after);
	const ok = row && row.status === 'canceled' && stopSeconds <= 3 && after.length === 0;
	record('stop: Wait Until Finished stopped via REST', executionId, stopSeconds, Boolean(ok), `stop → canceled in ${stopSeconds.toFixed(1)} s`);
}

async function startLong() {
	await seed(LONG.seed);
	return { t0: Date.now(), executionId: await trigger(LONG) };
}

async function finishLong({ t0, executionId }) {
	const limit = LONG_RUN_MS + 240_000;
	const waiting = [];
	let row;
	let lastStatus = '';
	for (const end = t0 + limit; Date.now() < end; await sleep(1000)) {
		[row] = await sql('SELECT status, "waitTill" FROM execution_entity WHERE id = $1', [executionId]);
		if (row.status === 'waiting' && lastStatus !== 'waiting') {
			waiting.push({ at: (Date.now() - t0) / 1000, waitTill: row.waitTill, activeJobs: redisActiveJobs() });
		}
		if (row.status !== lastStatus) console.log(`     long wait: execution ${executionId} ${row.status} at ${((Date.now() - t0) / 1000).toFixed(0)} s`);
		lastStatus = row.status;
		if (FINAL.has(row.status)) break;
	}
	const seconds = (Date.now() - t0) / 1000;
	const data = FINAL.has(row.status) ? await dataOf(executionId) : undefined;
	let failed = data ? checkExecution(example(LONG.example).id, row.status, data, parse, `long wait (execution ${executionId})`) : (check(false, `long wait: execution ${executionId} finished within ${limit / 1000} s (${row.status})`, row), 1);
	const rounds = data ? nodesOf(parse(data).resultData.runData).runs['Wait up to 20 s'] : 0;
	const jobs = whereRan(executionId);
	failed += check(waiting.length >= 1 && waiting.length === rounds - 1, `long wait: ${rounds} rounds, ${waiting.length} time(s) waiting in the database in between`, waiting) ? 0 : 1;
	failed += check(waiting.every((entry) => entry.waitTill && entry.activeJobs === 0), 'long wait: while waiting, waitTill is set and Redis has no active job', waiting) ? 0 : 1;
	failed += check(jobs.length === rounds, `long wait: one worker job per round (${jobs.join(', ')})`, jobs) ? 0 : 1;
	record('long wait: 3-minute run, Wait node 70 s', executionId, seconds, failed === 0, `${rounds} rounds, waiting at ${waiting.map((entry) => `${entry.at.toFixed(0)} s`).join(' & ')}`);
}

async function run() {
	const started = Date.now();
	await rest('POST', '/owner/setup', { email: 'owner@example.com', firstName: 'Queue', lastName: 'Test', password: 'Queue-test-0wner' });
	let triggerState;
	try {
		triggerState = await startTrigger();
	} catch (error) {
		check(false, `trigger: ${error.message}`, null);
	}
	for (const scenario of ALL) {
		const workflow = await rest('GET', `/workflows/${workflowId(scenario)}`);
		await rest('POST', `/workflows/${workflowId(scenario)}/activate`, { versionId: workflow.versionId });
	}
	// n8n 2.x publishes through an outbox it polls every 15 s: the webhooks go live some seconds
	// after the activate call returns.
	const t0 = Date.now();
	const live = await poll(60_000, 500, async () => (await sql('SELECT "webhookPath" FROM webhook_entity')).length >= ALL.length);
	if (!live) throw new Error(`the webhooks were not registered 60 s after activation: ${JSON.stringify(await sql('SELECT "webhookPath" FROM webhook_entity'))}`);
	console.log(`activated ${ALL.length} webhook workflows (owner set up through REST); webhooks live after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

	// The trigger and the long wait run in the background while the other scenarios run.
	const triggerDone = triggerState
		? finishTrigger(triggerState).catch((error) => {
				check(false, `trigger: ${error.message}`, null);
				report.push({ scenario: 'trigger', where: '-', seconds: 0, ok: false, note: '' });
			})
		: Promise.resolve(report.push({ scenario: 'trigger', where: '-', seconds: 0, ok: false, note: '' }));
	let long;
	try {
		long = await startLong();
	} catch (error) {
		check(false, `long wait: ${error.message}`, null);
	}
	for (const scenario of PRODUCTION) {
		try {
			await productionScenario(scenario);
		} catch (error) {
			check(false, `${scenario.key}: ${error.message}`, null);
			record(`production: ${scenario.what}`, undefined, 0, false);
		}
	}
	try {
		await stopScenario();
	} catch (error) {
		check(false, `stop: ${error.message}`, null);
		record('stop', undefined, 0, false);
	}
	try {
		if (long) await finishLong(long);
		else record('long wait', undefined, 0, false);
	} catch (error) {
		check(false, `long wait: ${error.message}`, null);
		record('long wait', undefined, 0, false);
	}
	await triggerDone;
	console.log('\nqueue mode report (one main, two workers)');
	for (const entry of report) {
		console.log(`  ${entry.ok ? 'PASS' : 'FAIL'}  ${entry.scenario.padEnd(50)} exec ${String(entry.executionId ?? '-').padEnd(7)} ${entry.where.padEnd(28)} ${entry.seconds.toFixed(1).padStart(6)} s  ${entry.note}`);
	}
	const ok = failures() === 0 && report.every((entry) => entry.ok);
	console.log(`queue scenarios took ${((Date.now() - started) / 1000).toFixed(0)} s: ${ok ? 'all passed' : `${failures()} check(s) failed`}`);
	process.exitCode = ok ? 0 : 1;
}

const [command, folder] = process.argv.slice(2);
if (command === 'prepare') prepare(folder);
else if (command === 'run')
	run()
		.catch((error) => {
			console.error(error);
			process.exitCode = 1;
		})
		.finally(() => pg && pg.end());
else {
	console.error('usage: queue-scenarios.js prepare <folder> | run');
	process.exitCode = 2;
}
