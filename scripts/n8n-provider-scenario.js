// The scenario of `npm run test:n8n-provider` (scripts/test-n8n-provider.sh installs n8n and the
// package, and gives the commands and ports through the environment).
//
//   node scripts/n8n-provider-scenario.js 2    n8n 2.x: every operation and the trigger
//   node scripts/n8n-provider-scenario.js 1    n8n 1.x: Get, Get Many, Wait, and Cancel's clear error
//
// It starts real n8n, sets up the owner and an API key with the execution scopes through n8n's REST
// API, creates and activates webhook workflows (one that succeeds, one that fails, one that runs
// for tens of seconds, one that parks on a long Wait), starts executions of them through their
// webhooks, and runs Run Control workflows with the n8nInstanceApi credential against that same
// instance. Each Run Control workflow is a Webhook ("respond when the last node finishes", all
// items) → Run Control: calling its webhook runs the node and answers with its output items.
// Loopback only; everything it starts is stopped by PID.
const fs = require('fs');
const path = require('path');
const { restSession } = require('./n8n-rest');
const { spawn } = require('child_process');

const env = process.env;
const LEG = process.argv[2] === '1' ? 1 : 2;
const MAIN = env.N8N_PROVIDER_MAIN_URL;
const API = `${MAIN}/api/v1`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const t0 = Date.now();
const say = (text) => console.log(`[n8n ${LEG}.x +${((Date.now() - t0) / 1000).toFixed(0)}s] ${text}`);
let n8n;
let apiKey = '';

// ---- n8n's REST API (owner session) and public API (key) -----------------------------------------
const rest = restSession(MAIN, 'run-control-n8n-provider-test');

async function api(method, route) {
	const response = await fetch(`${API}${route}`, { method, headers: { accept: 'application/json', 'X-N8N-API-KEY': apiKey } });
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function until(limitMs, everyMs, probe) {
	const end = Date.now() + limitMs;
	for (;;) {
		try {
			const value = await probe();
			if (value) return value;
		} catch {
			// not ready yet
		}
		if (Date.now() >= end) return undefined;
		await sleep(everyMs);
	}
}

async function startN8n() {
	const log = fs.openSync(path.join(env.N8N_PROVIDER_LOGS, `n8n-${LEG}.log`), 'w');
	const [command, ...args] = env.N8N_PROVIDER_START.split(' ');
	n8n = spawn(command, args, { stdio: ['ignore', log, log] });
	const began = Date.now();
	// n8n 1.x answers the readiness probe before its REST routes are mounted (migrations still run).
	const ready = await until(180_000, 500, async () => (await fetch(`${MAIN}/healthz/readiness`)).ok && (await fetch(`${MAIN}/rest/settings`)).ok);
	if (!ready) throw new Error('n8n was not ready after 180 s');
	say(`n8n started (pid ${n8n.pid}), ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
}

async function stopN8n() {
	if (!n8n || n8n.exitCode !== null) return;
	const child = n8n;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const done = await Promise.race([exited.then(() => true), sleep(30_000).then(() => false)]);
	if (!done) child.kill('SIGKILL');
}

// ---- workflows ----------------------------------------------------------------------------------
let nodeNumber = 0;
const node = (name, type, typeVersion, parameters, extra = {}) => ({
	id: `b0000000-0000-4000-8000-${String(++nodeNumber).padStart(12, '0')}`,
	name,
	type,
	typeVersion,
	position: [nodeNumber * 220, 0],
	parameters,
	...extra,
});
const chain = (...names) => Object.fromEntries(names.slice(0, -1).map((name, index) => [name, { main: [[{ node: names[index + 1], type: 'main', index: 0 }]] }]));
const webhook = (pathName, responseMode) =>
	node('Webhook', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path: pathName, responseMode, responseData: 'allEntries', options: {} }, { webhookId: `c0000000-0000-4000-8000-${pathName.padStart(12, '0').slice(-12).replace(/[^0-9a-f]/g, '0')}` });
const setNode = (name, fields) =>
	node(name, 'n8n-nodes-base.set', 3.4, {
		assignments: { assignments: Object.entries(fields).map(([key, value], index) => ({ id: `d000000${index}-0000-4000-8000-000000000000`, name: key, type: 'string', value })) },
		options: {},
	});
const waitNode = (amount, unit) => node('Wait', 'n8n-nodes-base.wait', 1.1, { resume: 'timeInterval', amount, unit });
const failNode = () => node('Fail', 'n8n-nodes-base.stopAndError', 1, { errorType: 'errorMessage', errorMessage: 'Deliberate failure for the Run Control test' });

/** The workflows whose executions Run Control acts on. */
const TARGETS = {
	ok: { path: 'rc-ok', nodes: () => [webhook('rc-ok', 'lastNode'), setNode('Result', { answer: '42', from: '={{ $json.body.tag }}' })], chain: ['Webhook', 'Result'] },
	fail: { path: 'rc-fail', nodes: () => [webhook('rc-fail', 'onReceived'), failNode()], chain: ['Webhook', 'Fail'] },
	slow: { path: 'rc-slow', nodes: () => [webhook('rc-slow', 'onReceived'), waitNode(20, 'seconds'), setNode('Done', { done: 'yes' })], chain: ['Webhook', 'Wait', 'Done'] },
	park: { path: 'rc-park', nodes: () => [webhook('rc-park', 'onReceived'), waitNode(10, 'minutes'), setNode('Done', { done: 'yes' })], chain: ['Webhook', 'Wait', 'Done'] },
};

const CREDENTIAL = { n8nInstanceApi: { id: '', name: 'n8n (this instance)' } };

/** A Run Control workflow: Webhook → Run Control with these parameters; answers the node's items. */
function controlWorkflow(pathName, parameters, settings = {}) {
	const control = node('Run Control', 'n8n-nodes-run-control.runControl', 1, { provider: 'n8n', ...parameters }, { credentials: CREDENTIAL, onError: 'continueRegularOutput', ...settings });
	return { path: pathName, nodes: () => [webhook(pathName, 'lastNode'), control], chain: ['Webhook', 'Run Control'] };
}

const CONTROLS = {
	get: controlWorkflow('rc-get', { operation: 'get', runId: '={{ $json.body.id }}', options: { includeRaw: '={{ $json.body.raw === true }}', includeOutput: '={{ $json.body.output === true }}' } }),
	getAll: controlWorkflow('rc-get-all', {
		operation: 'getAll',
		workflowId: '={{ $json.body.workflowId || "" }}',
		returnAll: '={{ $json.body.limit === undefined }}',
		limit: '={{ $json.body.limit || 50 }}',
		filters: { status: '={{ $json.body.status || "" }}', startedAfter: '={{ $json.body.startedAfter || "" }}', startedBefore: '={{ $json.body.startedBefore || "" }}' },
		options: {},
	}),
	cancel: controlWorkflow('rc-cancel', { operation: 'cancel', runId: '={{ $json.body.id }}', options: {} }),
	cancelSelf: controlWorkflow('rc-cancel-self', { operation: 'cancel', runId: '={{ $execution.id }}', options: {} }),
	wait: controlWorkflow('rc-wait', { operation: 'waitUntilFinished', runId: '={{ $json.body.id }}', options: { pollInterval: 2, timeout: 120, includeOutput: true } }),
	retry: controlWorkflow('rc-retry', { operation: 'retry', runId: '={{ $json.body.id }}', options: {} }),
};

async function createWorkflow(name, spec, active = true) {
	const created = await rest('POST', '/workflows', { name, nodes: spec.nodes(), connections: chain(...spec.chain), settings: { executionOrder: 'v1' }, active: false });
	if (active) await rest('POST', `/workflows/${created.id}/activate`, { versionId: created.versionId });
	return created.id;
}

async function call(pathName, body = {}) {
	const response = await fetch(`${MAIN}/webhook/${pathName}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const text = await response.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = text;
	}
	return { status: response.status, json };
}

/** Activation is asynchronous in 2.x: a production webhook says "not registered" until its workflow is published. */
async function ready(pathName) {
	const ok = await until(60_000, 500, async () => {
		const response = await fetch(`${MAIN}/webhook/${pathName}`, { method: 'GET' });
		// Registered for POST: a GET is told so ("Did you mean to make a POST request?").
		return /POST/.test(await response.text());
	});
	if (!ok) throw new Error(`the webhook ${pathName} was not registered after 60 s`);
}

/** The newest execution of a workflow in a status, found through the public API (webhooks give no id). */
async function newestExecution(workflowId, status, after) {
	return until(60_000, 300, async () => {
		const answer = await api('GET', `/executions?workflowId=${workflowId}&status=${status}&limit=5`);
		const found = (answer.body?.data || []).find((execution) => Number(execution.id) > after);
		return found?.id;
	});
}
async function highestId() {
	const all = await Promise.all(['running', 'waiting', 'success', 'error', 'canceled'].map((status) => api('GET', `/executions?status=${status}&limit=1`)));
	return Math.max(0, ...all.flatMap((answer) => (answer.body?.data || []).map((execution) => Number(execution.id))));
}

// ---- checks -------------------------------------------------------------------------------------
let failures = 0;
let passes = 0;
function check(ok, label, detail) {
	console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}`);
	if (ok) passes++;
	else {
		failures++;
		if (detail !== undefined) console.log(JSON.stringify(detail, null, 2).slice(0, 3000));
	}
	return ok;
}
const one = (answer) => (Array.isArray(answer.json) ? answer.json[0] : answer.json) || {};
const many = (answer) => (Array.isArray(answer.json) ? answer.json : answer.json && Object.keys(answer.json).length > 0 ? [answer.json] : []);

async function setup() {
	await startN8n();
	await rest('POST', '/owner/setup', { email: 'owner@example.com', firstName: 'Provider', lastName: 'Test', password: 'Provider-test-0wner' });
	const scopes = await rest('GET', '/api-keys/scopes').catch(() => undefined);
	const executionScopes = Array.isArray(scopes) ? scopes.filter((scope) => scope.startsWith('execution:')) : undefined;
	const key = await rest('POST', '/api-keys', { label: 'run-control', ...(executionScopes ? { scopes: executionScopes } : {}), expiresAt: null });
	apiKey = key.rawApiKey || key.apiKey;
	say(`owner set up; API key created${executionScopes ? ` with the scopes ${executionScopes.join(', ')}` : ''}`);
	const ids = {};
	for (const [name, spec] of Object.entries(TARGETS)) ids[name] = await createWorkflow(`target ${name}`, spec);
	if (env.N8N_PROVIDER_SETUP_ONLY) return ids;
	const credential = await rest('POST', '/credentials', { name: 'n8n (this instance)', type: 'n8nInstanceApi', data: { apiKey, baseUrl: `${API}/` } });
	CREDENTIAL.n8nInstanceApi.id = credential.id;
	return ids;
}

/** Only the instance, the key and the target executions (no Run Control): checks this script's own driving. */
/** One execution of each target through its webhook (succeeds, fails, runs 20 s, parks on a Wait), newer than `floor`. */
async function executionsInEachStatus(ids, floor, tag) {
	const answer = await call('rc-ok', { tag });
	const okId = await newestExecution(ids.ok, 'success', floor);
	await call('rc-fail');
	const failId = await newestExecution(ids.fail, 'error', floor);
	await call('rc-slow');
	const slowId = await newestExecution(ids.slow, 'running', floor);
	await call('rc-park');
	const parkId = await newestExecution(ids.park, 'waiting', floor);
	return { okId, failId, slowId, parkId, answer };
}

async function runSetupOnly() {
	const ids = await setup();
	for (const spec of Object.values(TARGETS)) await ready(spec.path);
	const { okId, failId, slowId, parkId, answer } = await executionsInEachStatus(ids, await highestId(), 'x');
	check(okId && failId && slowId && parkId, `executions found: ${okId} ${failId} ${slowId} ${parkId}; ok webhook answered ${JSON.stringify(answer.json)}`);
	const stop = await fetch(`${API}/executions/${slowId}/stop`, { method: 'POST', headers: { 'X-N8N-API-KEY': apiKey } });
	console.log('stop', stop.status, await stop.text());
	for (const probe of ['/executions?status=crashed', '/executions?startedAfter=2026-01-01T00:00:00.000Z', '/executions?status=new']) {
		const got = await api('GET', probe);
		console.log(probe, got.status, JSON.stringify(got.body).slice(0, 200));
	}
}

async function runLeg2() {
	const ids = await setup();
	// The trigger first: it polls every minute while the rest runs. Its own executions fail on purpose
	// (Stop And Error), so a trigger firing on its own workflow would show.
	const triggerWorkflow = await rest('POST', '/workflows', {
		name: 'Run Control Trigger: n8n executions failed',
		nodes: [
			node('Run Failed', 'n8n-nodes-run-control.runControlTrigger', 1, { pollTimes: { item: [{ mode: 'everyMinute' }] }, provider: 'n8n', event: 'failed', workflowId: '', options: {} }, { credentials: CREDENTIAL }),
			failNode(),
		],
		connections: chain('Run Failed', 'Fail'),
		settings: { executionOrder: 'v1' },
	});
	const controls = {};
	for (const [name, spec] of Object.entries(CONTROLS)) controls[name] = await createWorkflow(`run control ${name}`, spec);
	for (const spec of [...Object.values(TARGETS), ...Object.values(CONTROLS)]) await ready(spec.path);
	// Failed before the activation: never fired (no backlog).
	await call('rc-fail');
	const floor0 = await highestId();
	await rest('POST', `/workflows/${triggerWorkflow.id}/activate`, { versionId: triggerWorkflow.versionId });
	const activatedAt = Date.now();
	// Activation is asynchronous; the first poll (it only learns where "now" is) stores the trigger's state.
	const polled = await until(90_000, 1000, async () => /runControl/.test(JSON.stringify((await rest('GET', `/workflows/${triggerWorkflow.id}`)).staticData ?? '')));
	if (!polled) throw new Error('the trigger had not polled 90 s after its activation');
	say(`workflows active: ${Object.keys(TARGETS).length} targets, ${Object.keys(CONTROLS).length} Run Control workflows, the trigger (first poll after ${((Date.now() - activatedAt) / 1000).toFixed(0)} s)`);

	// Executions in each status.
	const floor = Math.max(floor0, await highestId());
	const { okId, failId, slowId, parkId } = await executionsInEachStatus(ids, floor, 'first');
	say(`executions: success ${okId}, error ${failId}, running ${slowId}, waiting ${parkId}`);

	// Get of each status.
	const got = {};
	for (const [label, id] of Object.entries({ ok: okId, fail: failId, slow: slowId, park: parkId })) got[label] = one(await call('rc-get', { id, raw: true }));
	check(got.ok.status === 'succeeded' && got.ok.finished === true && got.ok.workflowId === ids.ok && got.ok.finishedAt !== null, `Get success ${okId}: succeeded`, got.ok);
	check(got.fail.status === 'failed' && /Deliberate failure/.test(got.fail.error || ''), `Get error ${failId}: failed, error "${got.fail.error}"`, got.fail);
	check(got.slow.status === 'running' && got.slow.finishedAt === null && got.slow.durationMs >= 0, `Get running ${slowId}: running`, got.slow);
	check(got.park.status === 'waiting' && got.park.finishedAt === null, `Get waiting ${parkId}: waiting (finishedAt null although n8n sets stoppedAt)`, got.park);
	const leaks = JSON.stringify(Object.values(got));
	check(!leaks.includes(apiKey) && Object.values(got).every((item) => item.raw && !('data' in item.raw) && !('workflowData' in item.raw)), 'raw never carries data or workflowData, and no API key anywhere', Object.values(got).map((item) => item.raw));
	const withOutput = one(await call('rc-get', { id: okId, output: true }));
	check(JSON.stringify(withOutput.output) === JSON.stringify([{ answer: '42', from: 'first' }]), `Include Output: the last node's items ${JSON.stringify(withOutput.output)}`, withOutput);

	// Get Many: each filter and paging.
	const list = async (body) => many(await call('rc-get-all', body));
	const everything = await list({});
	check([okId, failId, slowId, parkId].every((id) => everything.some((item) => item.runId === id)), `Get Many without filter: ${everything.length} executions, the running one included`, everything.map((item) => `${item.runId}:${item.status}`));
	const running = await list({ status: 'running' });
	check(running.some((item) => item.runId === slowId) && running.every((item) => item.status === 'running'), `Get Many status running: ${running.map((item) => item.runId).join(', ')}`, running);
	const failedOrCancelled = await list({ status: 'failed,cancelled' });
	check(failedOrCancelled.some((item) => item.runId === failId) && failedOrCancelled.every((item) => ['failed', 'cancelled'].includes(item.status)), `Get Many status failed+cancelled: ${failedOrCancelled.length}`, failedOrCancelled);
	const ofWorkflow = await list({ workflowId: ids.ok });
	check(ofWorkflow.length >= 1 && ofWorkflow.every((item) => item.workflowId === ids.ok), `Get Many workflow filter: ${ofWorkflow.length} of ${ids.ok}`, ofWorkflow);
	const slowStart = got.slow.startedAt;
	const after = await list({ startedAfter: slowStart });
	const before = await list({ startedBefore: slowStart });
	check(after.some((item) => item.runId === slowId) && after.every((item) => item.startedAt >= slowStart), `Get Many Started After (inclusive): ${after.map((item) => item.runId).join(', ')}`, after);
	check(!before.some((item) => item.runId === slowId) && before.every((item) => item.startedAt < slowStart), `Get Many Started Before (exclusive): ${before.length}, not ${slowId}`, before);
	for (let index = 0; index < 4; index++) await call('rc-ok', { tag: `page${index}` });
	const limited = await list({ workflowId: ids.ok, limit: 3 });
	const allOk = await list({ workflowId: ids.ok });
	check(limited.length === 3 && allOk.length >= 5 && new Set(allOk.map((item) => item.runId)).size === allOk.length, `Get Many limit 3 → 3, return all → ${allOk.length}, each once`, { limited, allOk: allOk.map((item) => item.runId) });

	// Wait Until Finished on the execution that runs for tens of seconds.
	const waited = one(await call('rc-wait', { id: slowId }));
	check(waited.status === 'succeeded' && waited.wait && waited.wait.timedOut === false && JSON.stringify(waited.output) === JSON.stringify([{ done: 'yes' }]), `Wait Until Finished ${slowId}: succeeded after ${waited.wait?.polls} polls, output ${JSON.stringify(waited.output)}`, waited);

	// Cancel: a running one, a waiting one (then canceled in n8n), a finished one.
	await call('rc-slow');
	const slow2 = await newestExecution(ids.slow, 'running', Number(slowId));
	const cancelRunning = one(await call('rc-cancel', { id: slow2 }));
	const afterRunning = await api('GET', `/executions/${slow2}`);
	check(cancelRunning.status === 'cancelled' && cancelRunning.cancel?.alreadyFinished === false && afterRunning.body.status === 'canceled', `Cancel running ${slow2}: cancelled; n8n says ${afterRunning.body.status}`, { cancelRunning, afterRunning });
	const cancelWaiting = one(await call('rc-cancel', { id: parkId }));
	const afterWaiting = await api('GET', `/executions/${parkId}`);
	check(cancelWaiting.status === 'cancelled' && afterWaiting.body.status === 'canceled', `Cancel waiting ${parkId}: cancelled; n8n says ${afterWaiting.body.status}`, { cancelWaiting, afterWaiting });
	const cancelDone = one(await call('rc-cancel', { id: okId }));
	check(cancelDone.status === 'succeeded' && cancelDone.cancel?.alreadyFinished === true, `Cancel finished ${okId}: alreadyFinished, status ${cancelDone.status}`, cancelDone);
	const self = one(await call('rc-cancel-self'));
	check(typeof self.error === 'string' && /own execution|itself|runs in/i.test(self.error), `Cancel of its own execution refused: "${self.error}"`, self);

	// Retry of the failed one: a new execution, which fails again.
	const retried = one(await call('rc-retry', { id: failId }));
	check(retried.retry?.of === failId && retried.retry?.retried === true && retried.runId !== failId && retried.status === 'failed' && retried.finishedAt !== null, `Retry ${failId}: new execution ${retried.runId}, ${retried.status}`, retried);
	const retryOk = one(await call('rc-retry', { id: okId }));
	check(retryOk.retry?.retried === false && retryOk.runId === okId, `Retry of a succeeded one: not retried (${retryOk.status})`, retryOk);

	// The trigger: exactly once per failed execution since its activation, never its own.
	await call('rc-fail');
	const lastFail = await newestExecution(ids.fail, 'error', Number(retried.runId) || Number(failId));
	// Every execution that failed after the activation, of any workflow but the trigger's own.
	const failedSince = async () => {
		const found = [];
		for (const status of ['error', 'crashed']) {
			const answer = await api('GET', `/executions?status=${status}&limit=250`);
			for (const execution of answer.body?.data || []) if (Number(execution.id) > floor0 && execution.workflowId !== triggerWorkflow.id) found.push(execution.id);
		}
		return found;
	};
	const expected = await failedSince();
	say(`waiting for the trigger (polls every minute; activated ${((Date.now() - activatedAt) / 1000).toFixed(0)} s ago) to fire on ${expected.join(', ')}`);
	const fired = async () => {
		const answer = await api('GET', `/executions?workflowId=${triggerWorkflow.id}&includeData=true&limit=50`);
		const runIds = [];
		for (const execution of answer.body?.data || []) {
			const items = execution.data?.resultData?.runData?.['Run Failed']?.[0]?.data?.main?.[0] || [];
			for (const item of items) runIds.push(item.json.runId);
		}
		return { runIds, executions: answer.body?.data || [] };
	};
	await until(200_000, 3000, async () => (await fired()).runIds.length >= expected.length);
	// One more poll after the events (the trigger's own failed executions happen now): nothing new.
	await sleep(65_000);
	const { runIds, executions } = await fired();
	const own = executions.map((execution) => execution.id);
	const byId = (a, b) => Number(a) - Number(b);
	check(
		[failId, retried.runId, lastFail].every((id) => expected.includes(id)) &&
			JSON.stringify([...runIds].sort(byId)) === JSON.stringify([...expected].sort(byId)) &&
			runIds.every((id) => !own.includes(id)),
		`Run Control Trigger (Run Failed): fired on ${runIds.join(', ')}: each execution that failed after the activation exactly once (${expected.join(', ')}), none from before it (≤ ${floor0}), never on its own ${own.filter((id) => executions.find((execution) => execution.id === id)?.status === 'error').length} failed executions`,
		{ runIds, expected, own },
	);
}

async function runLeg1() {
	const ids = await setup();
	const controls = {};
	for (const name of ['get', 'getAll', 'cancel', 'wait']) controls[name] = await createWorkflow(`run control ${name}`, CONTROLS[name]);
	for (const spec of [...Object.values(TARGETS), CONTROLS.get, CONTROLS.getAll, CONTROLS.cancel, CONTROLS.wait]) await ready(spec.path);
	const floor = await highestId();
	await call('rc-ok', { tag: 'one' });
	const okId = await newestExecution(ids.ok, 'success', floor);
	await call('rc-fail');
	const failId = await newestExecution(ids.fail, 'error', floor);
	await call('rc-slow');
	const slowId = await newestExecution(ids.slow, 'running', floor);
	say(`executions: success ${okId}, error ${failId}, running ${slowId}`);
	const ok = one(await call('rc-get', { id: okId }));
	const fail = one(await call('rc-get', { id: failId }));
	check(ok.status === 'succeeded' && fail.status === 'failed' && /Deliberate failure/.test(fail.error || ''), `Get: ${okId} ${ok.status}, ${failId} ${fail.status} "${fail.error}"`, { ok, fail });
	const everything = many(await call('rc-get-all', {}));
	check([okId, failId, slowId].every((id) => everything.some((item) => item.runId === id)), `Get Many: ${everything.length}, the running one included`, everything);
	const dated = many(await call('rc-get-all', { startedAfter: ok.startedAt, status: 'failed' }));
	check(dated.some((item) => item.runId === failId) && dated.every((item) => item.status === 'failed'), `Get Many with a date filter 1.x lacks (the node applies it) and status failed: ${dated.length}`, dated);
	const cancel = one(await call('rc-cancel', { id: slowId }));
	check(typeof cancel.error === 'string' && /cannot stop executions through its API/.test(cancel.error), `Cancel on 1.x: "${cancel.error}"`, cancel);
	const waited = one(await call('rc-wait', { id: slowId }));
	check(waited.status === 'succeeded' && waited.wait?.timedOut === false, `Wait Until Finished ${slowId}: ${waited.status}`, waited);
}

async function main() {
	try {
		if (env.N8N_PROVIDER_SETUP_ONLY) await runSetupOnly();
		else if (LEG === 2) await runLeg2();
		else await runLeg1();
	} catch (error) {
		failures++;
		console.log(`FAIL ${error.stack || error}`);
	} finally {
		await stopN8n().catch(() => undefined);
	}
	console.log(`n8n ${LEG}.x: ${passes} passed, ${failures} failed`);
	fs.writeFileSync(path.join(env.N8N_PROVIDER_LOGS, `result-${LEG}.json`), JSON.stringify({ passed: passes, failed: failures }));
	process.exit(failures === 0 ? 0 : 1);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		if (n8n && n8n.exitCode === null) n8n.kill('SIGTERM');
		process.exit(1);
	});
}
main();
