/**
 * Tests of the strict fakes themselves (dev/simulator), driven over real HTTP with undici:
 * the recorded superglue exchanges are reproduced, each provider's lifecycle and cancel semantics,
 * every strictness rule (recorded in `rejected`), the fault kinds, latency and load.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, test } from '@jest/globals';
import { Agent } from 'undici';

import { DEFAULT_KEYS, startFakes } from '../dev/simulator';
import type { FakeProvider } from '../dev/simulator';
import { useFakes } from './support/world';

const fakes = useFakes();
const agent = new Agent({ connections: 32 });
afterAll(async () => {
	await agent.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const JSON_UTF8 = 'application/json; charset=utf-8';

interface Sent {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

interface SendOptions {
	headers?: Record<string, string>;
	body?: string;
	/** Default: `Bearer <the fake's key>`; null: no Authorization header. */
	auth?: string | null;
	headersTimeout?: number;
}

/** Sends `rawPath` exactly as given (no URL normalisation) to a fake. */
async function send(fake: FakeProvider, method: string, rawPath: string, opts: SendOptions = {}): Promise<Sent> {
	const headers: Record<string, string> = { ...opts.headers };
	const auth = opts.auth === undefined ? `Bearer ${fake.apiKey}` : opts.auth;
	if (auth !== null) headers.authorization = auth;
	const response = await agent.request({
		origin: `http://127.0.0.1:${fake.port}`,
		path: rawPath,
		method: method as 'GET',
		headers,
		body: opts.body,
		headersTimeout: opts.headersTimeout,
	});
	const text = await response.body.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.statusCode, headers: response.headers, text, json };
}

const enc = encodeURIComponent;
const reasons = (fake: FakeProvider) => fake.rejected.map((entry) => `${entry.status} ${entry.reason}`);

/** Structure of a JSON value: keys (sorted) and value types, not values. */
function shape(value: unknown): unknown {
	if (value === null) return 'null';
	if (Array.isArray(value)) return value.map(shape);
	if (typeof value === 'object') {
		return Object.fromEntries(
			Object.keys(value as object)
				.sort()
				.map((key) => [key, shape((value as Record<string, unknown>)[key])]),
		);
	}
	return typeof value;
}

interface Recording {
	request: { method: string; path: string };
	httpStatus: number;
	headers: { 'content-type': string; 'x-trace-id': string | null };
	body: unknown;
}
const recorded = (name: string): Recording => JSON.parse(readFileSync(path.join(__dirname, '../dev/providers/superglue/recorded', `${name}.json`), 'utf8')) as Recording;

// ---------------------------------------------------------------------------------------------
describe('superglue reproduces the recorded server', () => {
	const sg = () => fakes.superglue;
	const get = (id: string, opts?: SendOptions) => send(sg(), 'GET', `/v1/runs/${enc(id)}`, opts);
	const cancel = (id: string, opts?: SendOptions) => send(sg(), 'POST', `/v1/runs/${enc(id)}/cancel`, opts);
	const startTool = (tool: string, body: unknown) =>
		send(sg(), 'POST', `/v1/tools/${tool}/run`, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

	const scenarios: Array<[string, () => Promise<Sent>]> = [
		['01-health-no-auth', () => send(sg(), 'GET', '/v1/health', { auth: null })],
		['02-runs-get-no-token', () => get('whatever', { auth: null })],
		['06-run-async-slow', () => startTool('slow-demo', { options: { async: true } })],
		['07-run-get-while-running', async () => (sg().addRun({ id: 'r7' }), get('r7'))],
		['08-runs-list-running', async () => (sg().addRun({ id: 'r8' }), send(sg(), 'GET', '/v1/runs?status=running&limit=5'))],
		['10-run-cancel-running', async () => (sg().addRun({ id: 'r10' }), cancel('r10'))],
		['11-run-get-after-cancel', async () => (sg().addRun({ id: 'r11' }), await cancel('r11'), get('r11'))],
		[
			'13-run-cancel-again-aborted',
			async () => (sg().addRun({ id: 'r13' }), await cancel('r13'), cancel('r13', { body: '{}', headers: { 'content-type': 'application/json' } })),
		],
		['15-run-get-success', async () => (sg().addRun({ id: 'r15', status: 'success' }), get('r15'))],
		['16-run-cancel-success', async () => (sg().addRun({ id: 'r16', status: 'success' }), cancel('r16'))],
		['17-run-async-slow-clientid', () => startTool('slow-demo', { runId: 'accept-1', options: { async: true } })],
		['18-run-async-duplicate-runid', async () => (await startTool('slow-demo', { runId: 'dup-1', options: { async: true } }), startTool('slow-demo', { runId: 'dup-1', options: { async: true } }))],
		['19-run-get-slow-finished', async () => (sg().addRun({ id: 'r19', finishAfterPolls: 0 }), get('r19'))],
		['20-run-sync-fast', () => startTool('fast-demo', {})],
		['21-run-sync-fail', () => startTool('fail-demo', {})],
		['22-run-get-failed', async () => get(((await startTool('fail-demo', {})).json as { runId: string }).runId)],
		['23-run-cancel-failed', async () => (sg().addRun({ id: 'r23', status: 'failed' }), cancel('r23'))],
		['24-run-get-unknown', () => get('does-not-exist')],
		['25-run-cancel-unknown', () => cancel('does-not-exist')],
		['26-runs-get-bad-token', () => send(sg(), 'GET', '/v1/runs/x?token=wrong', { auth: null })],
		['27-tool-run-unknown', () => startTool('nope', { options: { async: true } })],
		[
			'28-runs-list-by-tool',
			async () => {
				sg().addRun({ id: 'r28a', workflowId: 't28', status: 'success', startedAt: new Date(Date.now() - 1000).toISOString() });
				sg().addRun({ id: 'r28b', workflowId: 't28', startedAt: new Date(Date.now() - 9000).toISOString() });
				sg().addRun({ id: 'other', workflowId: 'other-tool' });
				await cancel('r28b');
				return send(sg(), 'GET', '/v1/runs?toolId=t28&limit=10');
			},
		],
		['orphan-1-get-after-server-restart', async () => (sg().addRun({ id: 'o1', orphaned: true, finishAfterPolls: 0 }), get('o1'))],
		['orphan-2-cancel', async () => (sg().addRun({ id: 'o2', orphaned: true }), await get('o2'), cancel('o2'))],
		['orphan-3-get-after-cancel', async () => (sg().addRun({ id: 'o3', orphaned: true }), await cancel('o3'), get('o3'))],
	];

	test.each(scenarios)('%s: same status, content type, trace header and body shape', async (name, scenario) => {
		const expected = recorded(name);
		const got = await scenario();
		expect(got.status).toBe(expected.httpStatus);
		expect(got.headers['content-type']).toBe(expected.headers['content-type']);
		if (expected.headers['x-trace-id'] === null) expect(got.headers['x-trace-id']).toBeUndefined();
		else expect(got.headers['x-trace-id']).toMatch(UUID);
		expect(shape(got.json)).toEqual(shape(expected.body));
		// Error bodies are reproduced word for word (up to the ids in them).
		if (got.status >= 400) expect(JSON.stringify(got.json).replace(/dup-1|does-not-exist|whatever|nope/g, 'X')).toBe(JSON.stringify(expected.body).replace(/accept-mwtnefd9|does-not-exist-mwtnefd9|whatever|nope-mwtnefd9/g, 'X'));
		const refusals: Record<string, string[]> = {
			'02-runs-get-no-token': ['401 missing Authorization header'],
			'26-runs-get-bad-token': ['401 key in query string', '401 wrong API key (query string)'],
			// Starting a second run under a taken id is a client bug (unless the first answer was lost).
			'18-run-async-duplicate-runid': ["409 run id 'dup-1' is already taken"],
		};
		expect(reasons(sg())).toEqual(refusals[name] ?? []);
	});

	test('lifecycle by polls: N GETs see running, GET N+1 the final status with completedAt and the expanded tool', async () => {
		sg().addRun({ id: 'p', workflowId: 'tool-p', finishAfterPolls: 2, finalStatus: 'failed', error: 'disk full' });
		const [a, b, c] = [await get('p'), await get('p'), await get('p')];
		expect([a.json.status, b.json.status, c.json.status]).toEqual(['running', 'running', 'failed']);
		expect(a.json.metadata).toEqual({ startedAt: expect.any(String) });
		expect(a.json).not.toHaveProperty('error');
		expect(c.json.error).toBe('disk full');
		expect(c.json.metadata.durationMs).toBe(Date.parse(c.json.metadata.completedAt) - Date.parse(c.json.metadata.startedAt));
		expect(c.json.tool).toMatchObject({ id: 'tool-p', version: null, folder: null });
		expect(c.json).not.toHaveProperty('data');
		expect(sg().requestsFor('p')).toHaveLength(3);
	});

	test('lifecycle by time: final status once finishAfterMs passed, completedAt = added + finishAfterMs', async () => {
		const before = Date.now();
		sg().addRun({ id: 'ms', finishAfterMs: 120 });
		expect((await get('ms')).json.status).toBe('running');
		await sleep(150);
		const done = (await get('ms')).json;
		expect(done.status).toBe('success');
		expect(Date.parse(done.metadata.completedAt)).toBeGreaterThanOrEqual(before + 120);
		// Added (= started) at one instant, finished exactly finishAfterMs later.
		expect(done.metadata.durationMs).toBe(120);
	});

	test('a run flagged sync carries data, stepResults and traceId; other runs never do', async () => {
		sg().addRun({ id: 's', status: 'success', sync: true, output: { rows: 3 } });
		sg().addRun({ id: 'a', status: 'success', output: { rows: 3 } });
		const sync = (await get('s')).json;
		expect(sync).toMatchObject({ data: { rows: 3 }, stepResults: [{ stepId: 'callPeer', success: true, error: null }], traceId: expect.stringMatching(UUID) });
		expect((await get('s')).json.traceId).toBe(sync.traceId);
		const plain = (await get('a')).json;
		for (const key of ['data', 'stepResults', 'traceId']) expect(plain).not.toHaveProperty(key);
	});

	test('cancel: running → aborted; again → 200 unchanged; finished → 400 with the status in upper case', async () => {
		sg().addRun({ id: 'c1' });
		sg().addRun({ id: 'c2', status: 'success' });
		sg().addRun({ id: 'c3', status: 'hibernating' });
		const first = await cancel('c1');
		expect(first.json).toMatchObject({ status: 'aborted', error: 'Run cancelled by user', metadata: { completedAt: expect.any(String), durationMs: expect.any(Number) } });
		const again = await cancel('c1', { body: '{}', headers: { 'content-type': 'application/json' } });
		expect(again.status).toBe(200);
		expect(again.json).toEqual(first.json);
		expect((await cancel('c2')).json).toEqual({ error: { message: 'Run is not currently running (status: SUCCESS)' } });
		expect((await cancel('c3')).json).toEqual({ error: { message: 'Run is not currently running (status: HIBERNATING)' } });
		expect(sg().rejected).toEqual([]);
	});

	test("the worker's own abort shows up in a GET made a second after the cancel (recording 12)", async () => {
		sg().addRun({ id: 'w' });
		const cancelled = (await cancel('w')).json;
		await sleep(1050);
		const later = (await get('w')).json;
		expect(later.error).toBe('AbortError: Task aborted');
		expect(Date.parse(later.metadata.completedAt) - Date.parse(cancelled.metadata.completedAt)).toBe(44);
		expect(shape(later)).toEqual(shape(recorded('12-run-get-after-cancel-2s').body));
	});

	test('cancelTakesPolls: the cancel answer and that many GETs still show running, then aborted', async () => {
		sg().addRun({ id: 'slow-stop', cancelTakesPolls: 2, finishAfterPolls: 1 });
		expect((await cancel('slow-stop')).json.status).toBe('running');
		expect((await cancel('slow-stop')).json.status).toBe('running');
		const statuses = [];
		for (let index = 0; index < 4; index++) statuses.push((await get('slow-stop')).json.status);
		expect(statuses).toEqual(['running', 'running', 'aborted', 'aborted']);
	});

	test('an orphaned run ignores its lifecycle and stays running until cancelled', async () => {
		sg().addRun({ id: 'orph', orphaned: true, finishAfterPolls: 0, finishAfterMs: 0 });
		for (let index = 0; index < 3; index++) expect((await get('orph')).json.status).toBe('running');
		await cancel('orph');
		await sleep(1050);
		expect((await get('orph')).json).toMatchObject({ status: 'aborted', error: 'Run cancelled by user' });
	});

	test('list: toolId/status filters, newest first, page and limit (max 1000)', async () => {
		for (let index = 0; index < 5; index++) sg().addRun({ id: `l${index}`, workflowId: 'lt', startedAt: new Date(Date.now() - index * 1000).toISOString() });
		sg().addRun({ id: 'l-done', workflowId: 'lt', status: 'success' });
		const page = await send(sg(), 'GET', '/v1/runs?toolId=lt&status=running&limit=2&page=2');
		expect(page.json).toMatchObject({ page: 2, limit: 2, total: 5, hasMore: true });
		expect(page.json.data.map((run: { runId: string }) => run.runId)).toEqual(['l2', 'l3']);
		expect((await send(sg(), 'GET', '/v1/runs?limit=5000')).json.limit).toBe(1000);
		// Without a limit the real server pages by 1000 (recording 42).
		expect((await send(sg(), 'GET', '/v1/runs')).json).toMatchObject({ page: 1, limit: 1000, total: 6, hasMore: false });
	});

	test('async tool run finishes on its own; a sync one answers finished', async () => {
		const started = await startTool('fast-demo', { runId: 'mine', options: { async: true } });
		expect(started.status).toBe(202);
		expect(started.json).toMatchObject({ runId: 'mine', status: 'running', toolId: 'fast-demo' });
		expect(sg().getRun('mine')).toMatchObject({ status: 'running' });
		const sync = await startTool('fast-demo', {});
		expect(sync.json).toMatchObject({ status: 'success', data: { ok: true }, stepResults: [{ success: true }] });
		const invalid = await startTool('fast-demo', { runId: 5 });
		expect(invalid.status).toBe(400);
		expect(invalid.json.code).toBe('FST_ERR_VALIDATION');
	});
});

// ---------------------------------------------------------------------------------------------
describe('superglue strictness', () => {
	const sg = () => fakes.superglue;

	test('auth: missing, malformed, wrong; ?token= works but is recorded as rejected', async () => {
		sg().addRun({ id: 'k' });
		expect((await send(sg(), 'GET', '/v1/runs/k', { auth: null })).json).toEqual({ success: false, error: 'Authentication failed', message: 'No token provided' });
		expect((await send(sg(), 'GET', '/v1/runs/k', { auth: `bearer ${sg().apiKey}` })).status).toBe(401);
		expect((await send(sg(), 'GET', '/v1/runs/k', { auth: `Bearer  ${sg().apiKey}` })).status).toBe(401);
		expect((await send(sg(), 'GET', '/v1/runs/k', { auth: sg().apiKey })).status).toBe(401);
		expect((await send(sg(), 'GET', '/v1/runs/k', { auth: 'Bearer nope' })).json).toEqual({ success: false, error: 'Authentication failed', message: 'Authentication failed' });
		const viaQuery = await send(sg(), 'GET', `/v1/runs/k?token=${sg().apiKey}`, { auth: null });
		expect(viaQuery.status).toBe(200);
		expect(reasons(sg())).toEqual([
			'401 missing Authorization header',
			"401 malformed Authorization header (expected 'Bearer <key>')",
			"401 malformed Authorization header (expected 'Bearer <key>')",
			"401 malformed Authorization header (expected 'Bearer <key>')",
			'401 wrong API key',
			'200 key in query string',
		]);
		// /v1/health needs no key.
		expect((await send(sg(), 'GET', '/v1/health', { auth: null })).status).toBe(200);
	});

	test('Fastify body rules on POST; a body on GET is ignored', async () => {
		sg().addRun({ id: 'b' });
		const empty = await send(sg(), 'POST', '/v1/runs/b/cancel', { headers: { 'content-type': 'application/json' } });
		expect(empty.status).toBe(400);
		expect(empty.json).toEqual({
			statusCode: 400,
			code: 'FST_ERR_CTP_EMPTY_JSON_BODY',
			error: 'Bad Request',
			message: "Body cannot be empty when content-type is set to 'application/json'",
		});
		const invalid = await send(sg(), 'POST', '/v1/runs/b/cancel', { headers: { 'content-type': 'application/json' }, body: '{"x":' });
		expect([invalid.status, invalid.json.code]).toEqual([400, 'FST_ERR_CTP_INVALID_JSON_BODY']);
		const text = await send(sg(), 'POST', '/v1/runs/b/cancel', { headers: { 'content-type': 'text/plain' }, body: 'cancel' });
		expect([text.status, text.json.code]).toEqual([415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE']);
		const untyped = await send(sg(), 'POST', '/v1/runs/b/cancel', { body: '{}' });
		expect(untyped.status).toBe(415);
		expect(sg().getRun('b')).toMatchObject({ status: 'running' }); // nothing above reached the route
		expect((await send(sg(), 'GET', '/v1/runs/b', { body: 'ignored', headers: { 'content-type': 'text/plain' } })).status).toBe(200);
		expect((await send(sg(), 'POST', '/v1/runs/b/cancel')).json.status).toBe('aborted');
		expect(reasons(sg())).toEqual([
			'400 empty body with Content-Type application/json',
			'400 invalid JSON body',
			"415 unsupported content type 'text/plain'",
			'415 body without a content type',
		]);
	});

	test('raw-path routing: %2F stays inside an id, a bare / does not; bad escapes 400; unicode and spaces', async () => {
		const nasty = 'a/../b?x=1#frag%2F é☃';
		sg().addRun({ id: 'a/b', status: 'success' });
		sg().addRun({ id: nasty, status: 'success' });
		expect((await send(sg(), 'GET', '/v1/runs/a%2Fb')).json.runId).toBe('a/b');
		expect((await send(sg(), 'GET', `/v1/runs/${enc(nasty)}`)).json.runId).toBe(nasty);
		expect(sg().requestsFor(nasty)[0].rawPath).toBe('/v1/runs/a%2F..%2Fb%3Fx%3D1%23frag%252F%20%C3%A9%E2%98%83');
		const slash = await send(sg(), 'GET', '/v1/runs/a/b');
		expect(slash.json).toEqual({ message: 'Route GET:/v1/runs/a/b not found', error: 'Not Found', statusCode: 404 });
		const bad = await send(sg(), 'GET', '/v1/runs/%E0%A4');
		expect([bad.status, bad.json.code]).toEqual([400, 'FST_ERR_BAD_URL']);
		expect((await send(sg(), 'GET', '/v1/runs/a%2Fb/')).status).toBe(404);
		expect((await send(sg(), 'GET', '/v1//runs/a%2Fb')).status).toBe(404);
		expect(reasons(sg())).toEqual(['404 unknown route', '400 bad percent-encoding in the path', '404 unknown route', '404 unknown route']);
	});

	test('a known path with the wrong method is a Fastify 404 (with the raw URL)', async () => {
		sg().addRun({ id: 'x' });
		const wrong = await send(sg(), 'POST', '/v1/runs/x?y=1');
		expect(wrong.json).toEqual({ message: 'Route POST:/v1/runs/x?y=1 not found', error: 'Not Found', statusCode: 404 });
		expect((await send(sg(), 'GET', '/v1/runs/x/cancel')).status).toBe(404);
		expect((await send(sg(), 'DELETE', '/v1/runs/x')).status).toBe(404);
		expect(sg().rejected.map((entry) => entry.reason)).toEqual([
			'wrong method POST (route allows GET)',
			'wrong method GET (route allows POST)',
			'wrong method DELETE (route allows GET)',
		]);
		expect(sg().requestsFor('x')).toHaveLength(3);
	});
});

// ---------------------------------------------------------------------------------------------
describe('B3OS', () => {
	const b3 = () => fakes.b3os;
	const get = (id: string, query = '?summary=true', opts?: SendOptions) => send(b3(), 'GET', `/v1/runs/${enc(id)}${query}`, opts);
	const cancel = (id: string, opts?: SendOptions) => send(b3(), 'POST', `/v1/runs/${enc(id)}/cancel`, opts);

	test('envelope; summary=true drops executionState and workflowDefinition; full form otherwise', async () => {
		b3().addRun({ id: 'run_1', workflowId: 'wf_1', cost: 3 });
		const summary = await get('run_1');
		expect(summary.headers['content-type']).toBe(JSON_UTF8);
		expect(summary.json).toMatchObject({ code: 200, message: 'success', requestId: expect.stringMatching(/^req_/) });
		expect(Object.keys(summary.json.data).sort()).toEqual(
			[
				'id',
				'organizationId',
				'workflowId',
				'workflowVersion',
				'status',
				'startedAt',
				'triggerSource',
				'triggeredBy',
				'totalCu',
				'isDustTest',
				'isSimulation',
				'simulationMode',
				'simulationForks',
				'sourceRunId',
				'propValues',
			].sort(),
		);
		expect(summary.json.data).toMatchObject({ id: 'run_1', organizationId: 'org_test0001', workflowId: 'wf_1', status: 'running', totalCu: 3 });
		const full = (await get('run_1', '')).json.data;
		expect(full.executionState.http_1).toMatchObject({ type: 'http-request', status: 'running' });
		expect(full.workflowDefinition.nodes.root.type).toBe('manual');
		expect(Object.keys((await get('run_1', '?nodeIds=http_1')).json.data.executionState)).toEqual(['http_1']);
	});

	test('lifecycle: polls → waiting → failure with the message in the node and in summary', async () => {
		b3().addRun({ id: 'run_2', finishAfterPolls: 1, finalStatus: 'waiting' });
		expect((await get('run_2')).json.data.status).toBe('running');
		expect((await get('run_2')).json.data.status).toBe('waiting');
		b3().setStatus('run_2', 'failure');
		b3().addRun({ id: 'run_3', status: 'failure', error: 'HTTP 502 from api.example.com' });
		const failed = (await get('run_3', '')).json.data;
		expect(failed).toMatchObject({ status: 'failure', summary: 'Node http_1 failed: HTTP 502 from api.example.com', finishedAt: expect.any(String) });
		expect(failed.executionState.http_1).toMatchObject({ status: 'failure', result: { error: 'HTTP 502 from api.example.com' } });
		expect((await get('run_2')).json.data.finishedAt).toEqual(expect.any(String));
	});

	test('cancel: running and waiting → 200 cancelled; anything else 409; unknown 404', async () => {
		b3().addRun({ id: 'r' });
		b3().addRun({ id: 'w', status: 'waiting' });
		b3().addRun({ id: 'd', status: 'success' });
		const first = await cancel('r');
		expect(first.json.data).toMatchObject({ status: 'cancelled', finishedAt: expect.any(String) });
		expect(first.json.data.executionState).toBeDefined();
		expect((await cancel('w')).json.data.status).toBe('cancelled');
		const conflict = await cancel('d');
		expect(conflict.status).toBe(409);
		expect(conflict.json).toEqual({ code: 409, details: [], message: 'run is not running or waiting (status: success)', requestId: expect.stringMatching(/^req_/) });
		expect((await cancel('r')).json.message).toBe('run is not running or waiting (status: cancelled)');
		expect((await cancel('nope')).json).toMatchObject({ code: 404, message: 'run not found' });
		expect((await get('nope')).status).toBe(404);
		expect(b3().rejected).toEqual([]);
	});

	test('auth and X-Org-ID', async () => {
		b3().addRun({ id: 'a' });
		expect((await get('a', '?summary=true', { auth: null })).json).toEqual({ code: 401, details: [], message: 'invalid or missing API key', requestId: expect.stringMatching(/^req_/) });
		expect((await get('a', '?summary=true', { auth: 'Bearer b3sk_wrong' })).status).toBe(401);
		expect((await get('a', '?summary=true', { headers: { 'x-org-id': 'org_test0001' } })).status).toBe(200);
		expect((await get('a', '?summary=true', { headers: { 'x-org-id': 'org_other' } })).json).toMatchObject({ code: 403, message: 'organization mismatch' });
		expect((await get('a', '?summary=true', { headers: { 'x-org-id': '' } })).status).toBe(400);
		expect(reasons(b3())).toEqual([
			'401 missing Authorization header',
			'401 wrong API key',
			"403 X-Org-ID 'org_other' is not the key's organization",
			'400 empty X-Org-ID header',
		]);
	});

	test('routing: 405 for a known path, 404 for an unknown one; JSON body rules', async () => {
		b3().addRun({ id: 'x' });
		const wrong = await send(b3(), 'DELETE', '/v1/runs/x');
		expect([wrong.status, wrong.headers.allow, wrong.json.message]).toEqual([405, 'GET', 'method not allowed']);
		expect((await send(b3(), 'GET', '/v1/runs/x/cancel')).status).toBe(405);
		expect((await send(b3(), 'GET', '/runs/x')).status).toBe(404);
		expect((await cancel('x', { body: 'please', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
		expect((await cancel('x', { body: '{', headers: { 'content-type': 'application/json' } })).status).toBe(400);
		expect((await cancel('x', { headers: { 'content-type': 'application/json' } })).status).toBe(200); // no body is fine
		expect(reasons(b3())).toEqual([
			'405 wrong method DELETE (route allows GET)',
			'405 wrong method GET (route allows POST)',
			'404 unknown route',
			"415 unsupported content type 'text/plain'",
			'400 invalid JSON body',
		]);
	});

	test('organizations (credential test) and workflow runs list', async () => {
		expect((await send(b3(), 'GET', '/v1/organizations')).json.data).toMatchObject({ items: [expect.objectContaining({ id: 'org_test0001' })], hasMore: false });
		for (let index = 0; index < 5; index++) b3().addRun({ id: `run_l${index}`, workflowId: 'wf_l', startedAt: new Date(Date.now() - index * 60_000).toISOString() });
		b3().addRun({ id: 'run_ld', workflowId: 'wf_l', status: 'success', startedAt: new Date(Date.now() - 3_600_000).toISOString() });
		const page = (await send(b3(), 'GET', '/v1/workflows/wf_l/runs?limit=2&offset=1&status=running')).json.data;
		expect(page).toMatchObject({ limit: 2, offset: 1, hasMore: true });
		expect(page.items.map((run: { id: string }) => run.id)).toEqual(['run_l1', 'run_l2']);
		expect(page.items[0]).not.toHaveProperty('executionState');
		expect((await send(b3(), 'GET', '/v1/workflows/wf_l/runs')).json.data.items).toHaveLength(6);
		expect((await send(b3(), 'GET', '/v1/workflows/wf_none/runs')).status).toBe(404);
	});
});

// ---------------------------------------------------------------------------------------------
describe('Cortex', () => {
	const cx = () => fakes.cortex;
	const runPath = (wf: string, id: string, app = 'c') => `/apps/${app}/workflows/${enc(wf)}/runs/${enc(id)}`;

	test('RunSchema; lifecycle by polls; found only under its own workflow; app c or the configured app id', async () => {
		cx().addRun({ id: 'run_1', workflowId: 'wf_a', finishAfterPolls: 1, output: { total: 42 }, cost: 7 });
		const running = await send(cx(), 'GET', runPath('wf_a', 'run_1'));
		expect(running.headers['content-type']).toBe(JSON_UTF8);
		expect(running.json).toMatchObject({ id: 'run_1', status: 'RUNNING', origin: 'WORKFLOW', result: null, workflow_id: 'wf_a', app_id: 'app_test0001', version: 1, usage: { total: 7, calls: [], steps: {} } });
		expect(running.json.ended_at).toBeNull();
		const done = await send(cx(), 'GET', runPath('wf_a', 'run_1', 'app_test0001'));
		expect(done.json).toMatchObject({ status: 'COMPLETED', result: { total: 42 }, ended_at: expect.any(String) });
		expect((await send(cx(), 'GET', runPath('wf_b', 'run_1'))).json).toEqual({ status: 404, message: 'Run not found' });
		expect((await send(cx(), 'GET', runPath('wf_a', 'run_1', 'app_other'))).status).toBe(404);
		expect(cx().rejected.map((entry) => entry.reason)).toEqual(["unknown app id 'app_other'"]);
	});

	test('verbose: only `all` is accepted', async () => {
		cx().addRun({ id: 'v', workflowId: 'wf' });
		const verbose = await send(cx(), 'GET', `${runPath('wf', 'v')}?verbose=all`);
		expect(verbose.json.workflow_version).toMatchObject({ workflow_id: 'wf', version: 1 });
		const bad = await send(cx(), 'GET', `${runPath('wf', 'v')}?verbose=true`);
		expect(bad.status).toBe(400);
		expect(bad.json.errors[0]).toMatchObject({ code: 'invalid_enum_value', path: ['verbose'] });
		expect(reasons(cx())).toEqual(["400 invalid verbose value 'true'"]);
	});

	test('cancel: own path for own runs, discover path for discoverable ones, the other way 404; finished 400', async () => {
		cx().addRun({ id: 'own', workflowId: 'wf' });
		cx().addRun({ id: 'shared', workflowId: 'wf_pub', discoverable: true, status: 'PENDING' });
		cx().addRun({ id: 'done', workflowId: 'wf', status: 'FAILED', error: 'bad pdf' });
		const discoverPath = (wf: string, id: string) => `/apps/c/workflows/discover/${wf}/runs/${id}/cancel`;
		expect((await send(cx(), 'POST', discoverPath('wf', 'own'))).json).toEqual({ status: 404, message: 'Run not found' });
		expect((await send(cx(), 'POST', `${runPath('wf_pub', 'shared')}/cancel`)).status).toBe(404);
		const shared = await send(cx(), 'POST', discoverPath('wf_pub', 'shared'));
		expect(shared.json).toMatchObject({ status: 'CANCELLED', workflow_app_id: 'app_publisher0001', ended_at: expect.any(String) });
		expect((await send(cx(), 'GET', runPath('wf_pub', 'shared'))).json.status).toBe('CANCELLED');
		expect((await send(cx(), 'POST', `${runPath('wf', 'own')}/cancel`)).json.status).toBe('CANCELLED');
		const finished = await send(cx(), 'POST', `${runPath('wf', 'done')}/cancel`);
		expect([finished.status, finished.json]).toEqual([400, { status: 400, message: 'Run is not running' }]);
		expect((await send(cx(), 'GET', runPath('wf', 'done'))).json).toMatchObject({ status: 'FAILED', error: 'bad pdf' });
		// No GET on the discover path.
		expect((await send(cx(), 'GET', '/apps/c/workflows/discover/wf_pub/runs/shared')).status).toBe(404);
		expect(cx().rejected.map((entry) => entry.reason)).toEqual(['unknown route']);
	});

	test('cancelTakesPolls on the discover path', async () => {
		cx().addRun({ id: 'd', workflowId: 'wf_s', discoverable: true, cancelTakesPolls: 1 });
		expect((await send(cx(), 'POST', '/apps/c/workflows/discover/wf_s/runs/d/cancel')).json.status).toBe('RUNNING');
		expect((await send(cx(), 'GET', runPath('wf_s', 'd'))).json.status).toBe('RUNNING');
		expect((await send(cx(), 'GET', runPath('wf_s', 'd'))).json.status).toBe('CANCELLED');
	});

	test('auth, 405, body rules', async () => {
		cx().addRun({ id: 'z', workflowId: 'wf' });
		expect((await send(cx(), 'GET', runPath('wf', 'z'), { auth: null })).json).toEqual({ status: 401, message: 'Unauthorized' });
		expect((await send(cx(), 'GET', runPath('wf', 'z'), { auth: 'Bearer nope' })).status).toBe(401);
		expect((await send(cx(), 'POST', runPath('wf', 'z'))).status).toBe(405);
		expect((await send(cx(), 'GET', `/v1${runPath('wf', 'z')}`)).status).toBe(404);
		expect((await send(cx(), 'POST', `${runPath('wf', 'z')}/cancel`, { body: '{}' })).status).toBe(415);
		expect((await send(cx(), 'POST', `${runPath('wf', 'z')}/cancel`, { body: '{}', headers: { 'content-type': 'application/json' } })).json.status).toBe('CANCELLED');
		expect(reasons(cx())).toEqual([
			'401 missing Authorization header',
			'401 wrong API key',
			'405 wrong method POST (route allows GET)',
			'404 unknown route',
			'415 body without a content type',
		]);
	});

	test('lists: workflows (credential test) and runs with pagination headers', async () => {
		for (let index = 0; index < 3; index++) cx().addRun({ id: `r${index}`, workflowId: 'wf_list', startedAt: new Date(Date.now() - index * 1000).toISOString() });
		cx().addRun({ id: 'r-done', workflowId: 'wf_list', status: 'COMPLETED' });
		cx().addRun({ id: 'r-pub', workflowId: 'wf_pub', discoverable: true });
		expect((await send(cx(), 'GET', '/apps/c/workflows?take=1')).json).toEqual([expect.objectContaining({ id: 'wf_list' })]);
		const runs = await send(cx(), 'GET', '/apps/c/workflows/wf_list/runs?status=RUNNING&take=2&page=1');
		expect(runs.json.map((run: { id: string }) => run.id)).toEqual(['r0', 'r1']);
		expect([runs.headers['pagination-page'], runs.headers['pagination-take'], runs.headers['pagination-count']]).toEqual(['1', '2', '3']);
		expect((await send(cx(), 'GET', '/apps/c/workflows/wf_list/runs?status=DONE')).status).toBe(400);
	});
});

// ---------------------------------------------------------------------------------------------
describe('faults, latency, load, close', () => {
	test('respond: raw HTML with its own content type, then normal answers; method and path filters; in order', async () => {
		const sg = fakes.superglue;
		sg.addRun({ id: 'f', status: 'success' });
		sg.inject({ method: 'POST', path: /\/cancel$/, status: 502 });
		sg.inject({ path: /\/runs\/f(\?|$)/, status: 503, body: '<html>busy</html>', headers: { 'content-type': 'text/html' }, times: 2 });
		sg.inject({ path: '/v1/runs/f', status: 429, headers: { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1900000000' } });
		const first = await send(sg, 'GET', '/v1/runs/f');
		expect([first.status, first.text, first.headers['content-type']]).toEqual([503, '<html>busy</html>', 'text/html']);
		expect((await send(sg, 'GET', '/v1/runs/f?x=1')).status).toBe(503);
		const limited = await send(sg, 'GET', '/v1/runs/f');
		expect([limited.status, limited.headers['x-ratelimit-reset'], limited.json]).toEqual([429, '1900000000', { error: { message: 'Too many requests' } }]);
		expect((await send(sg, 'GET', '/v1/runs/f')).status).toBe(200);
		expect((await send(sg, 'POST', '/v1/runs/f/cancel')).status).toBe(502);
		expect(sg.requestsFor('f').map((entry) => entry.method)).toEqual(['GET', 'GET', 'GET', 'GET', 'POST']);
		expect(sg.rejected).toEqual([]);
	});

	test('truncated JSON body, and a declared length longer than the body', async () => {
		const b3 = fakes.b3os;
		b3.inject({ status: 200, body: '{"code":200,"data":{"id":"x","sta' });
		expect((await send(b3, 'GET', '/v1/runs/x?summary=true')).text).toBe('{"code":200,"data":{"id":"x","sta');
		b3.inject({ status: 200, body: '{"code":200', headers: { 'content-length': '500' } });
		await expect(send(b3, 'GET', '/v1/runs/x?summary=true')).rejects.toThrow();
	});

	test('reset: the connection is reset without an answer', async () => {
		fakes.cortex.inject({ kind: 'reset' });
		const error = await send(fakes.cortex, 'GET', '/apps/c/workflows/w/runs/r').then(
			() => undefined,
			(caught: Error & { code?: string; cause?: { code?: string } }) => caught,
		);
		expect(error).toBeDefined();
		expect([error?.code, error?.cause?.code]).toContain('ECONNRESET');
		expect(fakes.cortex.requestsFor('r')).toHaveLength(1);
	});

	test('stall: no answer, the client times out; redirect: 307 with the location, not followed', async () => {
		const b3 = fakes.b3os;
		b3.inject({ kind: 'stall', path: /stalled/ });
		await expect(send(b3, 'GET', '/v1/runs/stalled', { headersTimeout: 200 })).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
		expect(b3.requestsFor('stalled')).toHaveLength(1);
		b3.inject({ kind: 'redirect', location: 'http://127.0.0.1:9/elsewhere' });
		const redirect = await send(b3, 'GET', '/v1/runs/r');
		expect([redirect.status, redirect.headers.location]).toEqual([307, 'http://127.0.0.1:9/elsewhere']);
	});

	// How long the latency and delayMs hold an answer is measured by `npm run bench`, not here.
	test('with latency, refusals and faults (with delayMs) are still answered; reset restores the latency', async () => {
		const cx = fakes.cortex;
		cx.latencyMs = 120;
		expect((await send(cx, 'GET', '/apps/c/workflows', { auth: null })).status).toBe(401);
		cx.inject({ status: 500, delayMs: 100 });
		expect((await send(cx, 'GET', '/apps/c/workflows')).json).toEqual({ status: 500, message: 'HTTP 500' });
		cx.reset();
		expect(cx.latencyMs).toBe(0);
	});

	// The time this takes is a bench line (`npm run bench`); here only the answers and the counts.
	test('10,000 runs, then 2,000 requests at concurrency 20: every answer right, every request logged', async () => {
		const sg = fakes.superglue;
		for (let index = 0; index < 10_000; index++) sg.addRun({ id: `load-${index}`, finishAfterPolls: 1 });
		let next = 0;
		await Promise.all(
			Array.from({ length: 20 }, async () => {
				while (next < 2000) {
					const id = `load-${(next++ * 5) % 10_000}`;
					const answer = await send(sg, 'GET', `/v1/runs/${id}`);
					if (answer.status !== 200 || answer.json.runId !== id) throw new Error(`status ${answer.status} for ${id}`);
				}
			}),
		);
		expect(sg.requests).toHaveLength(2000);
		expect(sg.requestsFor('load-5')).toHaveLength(1);
	}, 20_000);

	test('startFakes: fixed ports and keys; close() ends stalled requests at once', async () => {
		const probe = await startFakes();
		const port = probe.cortex.port;
		await probe.close();
		const own = await startFakes({ ports: { cortex: port }, keys: { b3os: 'b3sk_other' }, cortexAppId: 'app_mine', b3osOrgId: 'org_mine', latencyMs: 5 });
		expect(own.cortex.port).toBe(port);
		expect(own.cortex.url).toBe(`http://127.0.0.1:${port}`);
		expect(own.superglue.url).toBe(`http://127.0.0.1:${own.superglue.port}/v1`);
		expect([own.superglue.apiKey, own.b3os.apiKey]).toEqual([DEFAULT_KEYS.superglue, 'b3sk_other']);
		expect(own.all.map((fake) => fake.latencyMs)).toEqual(own.all.map(() => 5));
		own.cortex.addRun({ id: 'm', workflowId: 'w' });
		expect((await send(own.cortex, 'GET', '/apps/app_mine/workflows/w/runs/m')).status).toBe(200);
		expect((await send(own.b3os, 'GET', '/v1/organizations', { headers: { 'x-org-id': 'org_mine' } })).status).toBe(200);
		own.superglue.inject({ kind: 'stall' });
		const pending = send(own.superglue, 'GET', '/v1/runs/x').then(
			() => 'answered',
			() => 'failed',
		);
		while (own.superglue.requests.length === 0) await sleep(5);
		await own.close();
		expect(await pending).toBe('failed');
	});
});
