/**
 * Tests of the simulator's start, list and results routes (the 0.2 operations), over real HTTP with
 * undici: superglue against its recordings 30-65, B3OS and Cortex against their documented
 * behaviour, every strictness rule (recorded in `rejected`), and the lost-answer fault.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, test } from '@jest/globals';
import { Agent } from 'undici';

import type { FakeProvider } from '../dev/simulator';
import { useFakes } from './support/world';

const fakes = useFakes();
const agent = new Agent({ connections: 16 });
afterAll(async () => {
	await agent.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const JSON_TYPE = { 'content-type': 'application/json' };

interface Sent {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function send(fake: FakeProvider, method: string, rawPath: string, opts: { body?: unknown; auth?: boolean; headers?: Record<string, string> } = {}): Promise<Sent> {
	const headers: Record<string, string> = { ...opts.headers };
	if (opts.auth !== false) headers.authorization = `Bearer ${fake.apiKey}`;
	let body: string | undefined;
	if (opts.body !== undefined) {
		body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
		headers['content-type'] ??= 'application/json';
	}
	const response = await agent.request({ origin: `http://127.0.0.1:${fake.port}`, path: rawPath, method: method as 'GET', headers, body });
	const text = await response.body.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.statusCode, headers: response.headers, json };
}

const reasons = (fake: FakeProvider) => fake.rejected.map((entry) => `${entry.status} ${entry.reason}`);

function shape(value: unknown): unknown {
	if (value === null) return 'null';
	if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
	if (typeof value === 'object') {
		return Object.fromEntries(
			Object.keys(value as object)
				.sort()
				.map((key) => [key, shape((value as Record<string, unknown>)[key])]),
		);
	}
	return typeof value;
}

const recorded = (name: string) =>
	JSON.parse(readFileSync(path.join(__dirname, '../dev/providers/superglue/recorded', `${name}.json`), 'utf8')) as {
		httpStatus: number;
		headers: { 'content-type': string; 'x-trace-id': string | null };
		body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
	};

/** Same status, content type, trace header presence and body shape as a recording. */
function expectLike(got: Sent, name: string) {
	const expected = recorded(name);
	expect(got.status).toBe(expected.httpStatus);
	expect(got.headers['content-type']).toBe(expected.headers['content-type']);
	if (expected.headers['x-trace-id'] === null) expect(got.headers['x-trace-id']).toBeUndefined();
	else expect(got.headers['x-trace-id']).toMatch(UUID);
	expect(shape(got.json)).toEqual(shape(expected.body));
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

// ---------------------------------------------------------------------------------------------
describe('superglue: start, list, results', () => {
	const sg = () => fakes.superglue;
	const start = (tool: string, body?: unknown) => send(sg(), 'POST', `/v1/tools/${tool}/run`, { body });

	test('async start (30, 32, 34, 37): 202 with the client id, toolPayload only when inputs are given', async () => {
		sg().addWorkflow({ id: 'in-1', durationMs: 60_000 });
		const started = await start('in-1', { runId: 'accept02', inputs: { ms: 2000, who: 'alice' }, options: { async: true } });
		expectLike(started, '30-run-async-inputs-clientid');
		expect(started.json).toMatchObject({ runId: 'accept02', status: 'running', toolPayload: { ms: 2000, who: 'alice' }, metadata: { startedAt: expect.any(String) } });
		expect(started.json.traceId).toBe(started.headers['x-trace-id']);
		expectLike(await start('in-1', { options: { async: true } }), '34-run-async-no-inputs');
		expect((await start('in-1', { inputs: 'not-an-object', options: { async: true } })).json.toolPayload).toBe('not-an-object');
		expect((await start('in-1', { inputs: [1500, 'x'], options: { async: true } })).json.toolPayload).toEqual([1500, 'x']);
		// Readable and listed at once (60, 61).
		const read = await send(sg(), 'GET', '/v1/runs/accept02');
		expectLike(read, '60-run-get-right-after-start');
		expect(read.json.toolPayload).toEqual({ ms: 2000, who: 'alice' });
		expect(sg().runIds()).toHaveLength(4);
		expect(sg().requestsFor('accept02').map((entry) => entry.method)).toEqual(['POST', 'GET']);
		expect(sg().rejected).toEqual([]);
	});

	test('409 for a taken runId (31), 404 for an unknown tool (33), word for word', async () => {
		sg().addWorkflow({ id: 'in-2' });
		await start('in-2', { runId: 'taken', options: { async: true } });
		const again = await start('in-2', { runId: 'taken', options: { async: true } });
		expectLike(again, '31-run-async-same-runid-after-finish');
		expect(again.json).toEqual({ error: { message: 'Run with id taken already exists' } });
		const unknown = await start('nope', { options: { async: true } });
		expectLike(unknown, '33-run-async-unknown-tool');
		expect(unknown.json).toEqual({ error: { message: 'Tool not found' } });
		expect(reasons(sg())).toEqual(["409 run id 'taken' is already taken"]);
	});

	test('without options.async the answer waits for the run (35, 36): 200 with data and stepResults', async () => {
		sg().addWorkflow({ id: 'fast2', durationMs: 300, output: { ok: true, path: '/fast', waitedMs: 0 } });
		const pending = start('fast2', {});
		await sleep(100);
		const [id] = sg().runIds();
		expect((await send(sg(), 'GET', `/v1/runs/${id}`)).json.status).toBe('running');
		const sync = await pending;
		expectLike(sync, '36-run-empty-json-body');
		expect(sync.json).toMatchObject({ runId: id, status: 'success', data: { ok: true }, stepResults: [{ stepId: 'callPeer', success: true }] });
		expect(sync.json.metadata.durationMs).toBe(300);
		// No body and no content type at all is accepted too (35); a failing tool answers failed.
		sg().addWorkflow({ id: 'bad', durationMs: 50, finalStatus: 'failed', error: 'peer says no' });
		const bare = await send(sg(), 'POST', '/v1/tools/bad/run');
		expect(bare.json).toMatchObject({ status: 'failed', error: 'peer says no', stepResults: [{ success: false, error: 'peer says no' }] });
		expect(sg().rejected).toEqual([]);
	});

	test('a started run finishes by the state machine (38, 39, 62, 63): toolPayload kept, no data', async () => {
		sg().addWorkflow({ id: 'in-3', durationMs: 150 });
		await start('in-3', { runId: 'c1', inputs: { ms: 1, who: 'bob' }, options: { async: true } });
		await start('in-3', { runId: 'c2', options: { async: true } });
		await sleep(200);
		const done = await send(sg(), 'GET', '/v1/runs/c1');
		expectLike(done, '39-run-get-clientid-finished');
		expect(done.json).toMatchObject({ status: 'success', toolPayload: { ms: 1, who: 'bob' }, metadata: { durationMs: 150 } });
		expect((await send(sg(), 'GET', '/v1/runs/c2')).json.toolPayload).toEqual({});
	});

	test('strict start body: wrong types are refused (400) and recorded', async () => {
		sg().addWorkflow({ id: 't' });
		expect((await start('t', { runId: 5 })).status).toBe(400);
		expect((await start('t', { options: { async: 'yes' } })).status).toBe(400);
		expect((await start('t', { options: { timeout: '60s' } })).status).toBe(400);
		expect((await start('t', [1])).status).toBe(400);
		expect(reasons(sg())).toEqual([
			'400 invalid start body: body/runId must be string',
			'400 invalid start body: body/options/async must be boolean',
			'400 invalid start body: body/options/timeout must be number',
			'400 invalid start body: body must be object',
		]);
		expect(sg().runIds()).toEqual([]);
	});

	describe('GET /runs', () => {
		const seed = () => {
			for (let index = 0; index < 5; index++) {
				sg().addRun({ id: `r${index}`, workflowId: 'in-l', status: index === 0 ? 'running' : 'success', startedAt: ago(1000 * (index + 1)), inputs: { ms: 30_000 } });
			}
			sg().addRun({ id: 'other', workflowId: 'other-tool', startedAt: ago(500), inputs: { ms: 30_000 } });
		};
		const list = (query: string) => send(sg(), 'GET', `/v1/runs?${query}`);
		const ids = (got: Sent) => got.json.data.map((run: { runId: string }) => run.runId);

		test('paging from 1, newest first, the run shape without data (40, 41, 53, 54)', async () => {
			seed();
			const first = await list('limit=2&page=1');
			expectLike(first, '40-runs-list-limit2-page1');
			expect(first.json).toMatchObject({ page: 1, limit: 2, total: 6, hasMore: true });
			expect(ids(first)).toEqual(['other', 'r0']);
			expect(ids(await list('limit=2&page=2'))).toEqual(['r1', 'r2']);
			expect((await list('limit=2&page=0&toolId=in-l')).json).toMatchObject({ page: 1, limit: 2, total: 5 });
			const beyond = await list('limit=2&page=50&toolId=in-l');
			expectLike(beyond, '54-runs-list-page-beyond-end');
			expect(beyond.json).toEqual({ data: [], page: 50, limit: 2, total: 0, hasMore: false });
			for (const run of first.json.data) for (const key of ['data', 'stepResults']) expect(run).not.toHaveProperty(key);
			expect(sg().listRequests()).toHaveLength(4);
			expect(sg().listRequests('in-l')).toHaveLength(2);
		});

		test('limit: absent or 0 → 1000, over 1000 → 1000, negative → 1 (42, 47, 48, 52)', async () => {
			seed();
			expect((await list('toolId=in-l')).json).toMatchObject({ limit: 1000, total: 5, hasMore: false });
			expect((await list('limit=0&toolId=in-l')).json.limit).toBe(1000);
			expect((await list('limit=5000&toolId=in-l')).json.limit).toBe(1000);
			expect((await list('limit=-1&toolId=in-l')).json).toMatchObject({ limit: 1, total: 5, hasMore: true });
			expect(sg().rejected).toEqual([]);
		});

		test('status: one value, case-insensitive (43, 44); a repeated status crashes the handler (49)', async () => {
			seed();
			expect(ids(await list('status=RUNNING&toolId=in-l'))).toEqual(['r0']);
			expect(ids(await list('status=success&toolId=in-l'))).toEqual(['r1', 'r2', 'r3', 'r4']);
			const repeated = await list('status=running&status=aborted');
			expectLike(repeated, '49-runs-list-status-repeated');
			expect(repeated.json).toEqual({ success: false, error: 'status.toLowerCase is not a function' });
			expect(reasons(sg())).toEqual(['500 repeated status parameter (superglue takes one)']);
		});

		test('startedAfter is inclusive (46); includeTotal=false counts offset + rows + 1 (50, 51)', async () => {
			seed();
			const r2 = sg().getRun('r2') as { metadata: { startedAt: string } };
			expect(ids(await list(`startedAfter=${encodeURIComponent(r2.metadata.startedAt)}&toolId=in-l`))).toEqual(['r0', 'r1', 'r2']);
			expect((await list('includeTotal=true&toolId=in-l&limit=2')).json.total).toBe(5);
			expect((await list('includeTotal=false&toolId=in-l&limit=2')).json).toMatchObject({ total: 3, hasMore: true });
		});

		test('offset paging shifts when a run starts between two pages (64, 65)', async () => {
			seed();
			sg().addWorkflow({ id: 'in-l', durationMs: 60_000 });
			const first = await list('toolId=in-l&limit=2&page=1');
			expect(ids(first)).toEqual(['r0', 'r1']);
			await send(sg(), 'POST', '/v1/tools/in-l/run', { body: { runId: 'new', options: { async: true } } });
			const second = await list('toolId=in-l&limit=2&page=2');
			expect(ids(second)).toEqual(['r1', 'r2']); // r1 seen twice
			expect(second.json.total).toBe(6);
		});
	});

	test('results: the open-source server has no such route (55-57); hosted mode answers stored results', async () => {
		sg().addRun({ id: 'done', status: 'success', output: { rows: 3 }, inputs: { a: 1 } });
		expectLike(await send(sg(), 'GET', '/v1/runs/done/results'), '55-run-results-finished');
		const unknown = await send(sg(), 'GET', '/v1/runs/does-not-exist/results');
		expect(unknown.json).toEqual({ message: 'Route GET:/v1/runs/does-not-exist/results not found', error: 'Not Found', statusCode: 404 });
		expectLike(await send(sg(), 'GET', '/v1/runs/done/results', { auth: false }), '57-run-results-no-token');
		expect(reasons(sg())).toEqual(['401 missing Authorization header']);
		sg().resultsMode = 'hosted';
		const hosted = await send(sg(), 'GET', '/v1/runs/done/results?truncate=false');
		expect(hosted.json).toEqual({
			success: true,
			data: { runId: 'done', success: true, data: { rows: 3 }, stepResults: [{ stepId: 'callPeer', success: true, error: null }], toolPayload: { a: 1 }, error: null, storedAt: expect.any(String) },
		});
		expect((await send(sg(), 'GET', '/v1/runs/nope/results')).json).toEqual({ error: { message: 'Run not found' } });
		sg().addRun({ id: 'busy' });
		expect((await send(sg(), 'GET', '/v1/runs/busy/results')).json).toMatchObject({ success: true, data: null, message: expect.any(String) });
		sg().reset();
		expect(sg().resultsMode).toBe('oss');
	});

	test('a lost answer: the run is created, the connection reset; the retry gets 409 and one run exists', async () => {
		sg().addWorkflow({ id: 'lost', durationMs: 60_000 });
		sg().inject({ method: 'POST', path: /\/tools\/lost\/run$/, kind: 'reset', after: true });
		const body = { runId: 'once', options: { async: true } };
		await expect(start('lost', body)).rejects.toThrow();
		const retry = await start('lost', body);
		expect([retry.status, retry.json]).toEqual([409, { error: { message: 'Run with id once already exists' } }]);
		expect(sg().runIds()).toEqual(['once']);
		expect(sg().requestsFor('once').map((entry) => entry.method)).toEqual(['POST', 'POST']);
		expect(sg().rejected).toEqual([]); // a retry after a lost answer is not a client bug
	});

	test('faults apply to the new routes: a 429 on a list page, a 502 after a sync start', async () => {
		sg().addWorkflow({ id: 'f', durationMs: 20 });
		sg().inject({ path: /^\/v1\/runs\?/, status: 429, headers: { 'retry-after': '1' } });
		expect((await send(sg(), 'GET', '/v1/runs?toolId=f')).status).toBe(429);
		expect((await send(sg(), 'GET', '/v1/runs?toolId=f')).status).toBe(200);
		sg().inject({ method: 'POST', status: 502, after: true });
		expect((await start('f', {})).status).toBe(502);
		expect(sg().runIds()).toHaveLength(1);
		expect(sg().listRequests('f')).toHaveLength(2);
	});
});

// ---------------------------------------------------------------------------------------------
describe('B3OS: start and lists', () => {
	const b3 = () => fakes.b3os;
	const start = (wf: string, body?: unknown) => send(b3(), 'POST', `/v1/workflows/${wf}/run`, { body });

	test('start: the envelope with data.runId; the run is read in full with summary=false and finishes as declared', async () => {
		b3().addWorkflow({ id: 'wf_s', durationMs: 150, finalStatus: 'failure', error: 'boom', cost: 2 });
		const started = await start('wf_s', { payload: { amount: 5 }, runId: 'run_mine', version: 3 });
		expect(started.status).toBe(200);
		expect(started.json).toEqual({ code: 200, message: 'success', data: { runId: 'run_mine' }, requestId: expect.stringMatching(/^req_/) });
		const generated = await start('wf_s', {});
		expect(generated.json.data.runId).toMatch(/^run_/);
		const full = (await send(b3(), 'GET', '/v1/runs/run_mine?summary=false')).json.data;
		expect(full).toMatchObject({ status: 'running', workflowId: 'wf_s', workflowVersion: 3, triggerSource: 'api', totalCu: 2 });
		expect(full.executionState.root).toMatchObject({ type: 'manual', status: 'success', input: { amount: 5 } });
		expect(full.workflowDefinition).toBeDefined();
		const summary = (await send(b3(), 'GET', '/v1/runs/run_mine?summary=true')).json.data;
		expect(summary).not.toHaveProperty('executionState');
		expect(summary).not.toHaveProperty('workflowDefinition');
		await sleep(200);
		expect((await send(b3(), 'GET', '/v1/runs/run_mine?summary=true')).json.data).toMatchObject({ status: 'failure', summary: 'Node http_1 failed: boom' });
		expect(b3().rejected).toEqual([]);
	});

	test('start refusals: duplicate 400 (400079; 409 as a variant), not ^run_\\w+$ 400 (400078), simulate with dustTest 400, unknown workflow 404', async () => {
		b3().addWorkflow({ id: 'wf_r' });
		await start('wf_r', { runId: 'run_taken' });
		expect(await start('wf_r', { runId: 'run_taken' })).toMatchObject({ status: 400, json: { code: 400079, details: [], message: 'duplicate run ID' } });
		b3().variants.duplicateRunIdStatus = 409;
		expect(await start('wf_r', { runId: 'run_taken' })).toMatchObject({ status: 409, json: { code: 400079, message: 'duplicate run ID' } });
		expect(await start('wf_r', { runId: 'abc' })).toMatchObject({ status: 400, json: { code: 400078 } });
		expect(await start('wf_r', { runId: 'run_a-b' })).toMatchObject({ status: 400, json: { code: 400078, message: 'invalid run ID' } });
		expect((await start('wf_r', { simulate: true, dustTest: true })).status).toBe(400);
		expect((await start('wf_r', { payload: [1] })).status).toBe(400);
		expect(await start('wf_none', {})).toMatchObject({ status: 404, json: { code: 404, message: 'workflow not found' } });
		expect(reasons(b3())).toEqual([
			"400 run id 'run_taken' is already taken",
			"409 run id 'run_taken' is already taken",
			'400 invalid run ID',
			'400 invalid run ID',
			'400 simulate and dustTest are mutually exclusive',
			'400 payload must be an object',
		]);
		expect(b3().runIds()).toEqual(['run_taken']);
	});

	test('a lost answer (502 after the run was created): the retry gets the duplicate-ID answer, one run', async () => {
		b3().addWorkflow({ id: 'wf_lost' });
		b3().inject({ method: 'POST', status: 502, after: true });
		expect((await start('wf_lost', { runId: 'run_once' })).status).toBe(502);
		expect((await start('wf_lost', { runId: 'run_once' })).json.code).toBe(400079);
		expect(b3().runIds()).toEqual(['run_once']);
		expect(b3().rejected).toEqual([]);
	});

	test('workflow runs: limit 1..100 (default 20), one status of the enum, server-side filter, newest first', async () => {
		for (let index = 0; index < 25; index++) b3().addRun({ id: `run_${index}`, workflowId: 'wf_l', status: index % 5 === 0 ? 'success' : 'running', startedAt: ago(1000 * index) });
		const page = (query: string) => send(b3(), 'GET', `/v1/workflows/wf_l/runs${query}`);
		const first = (await page('')).json.data;
		expect(first).toMatchObject({ limit: 20, offset: 0, hasMore: true });
		expect(first.items[0].id).toBe('run_0');
		const done = (await page('?status=success&limit=100')).json.data;
		expect(done.items.map((run: { id: string }) => run.id)).toEqual(['run_0', 'run_5', 'run_10', 'run_15', 'run_20']);
		expect(done.hasMore).toBe(false);
		expect((await page('?offset=20&limit=10')).json.data).toMatchObject({ offset: 20, limit: 10, hasMore: false });
		for (const query of ['?limit=101', '?limit=0', '?limit=-1', '?offset=-5', '?status=success&status=running', '?status=done']) expect((await page(query)).status).toBe(400);
		expect(reasons(b3())).toHaveLength(6);
		expect(b3().listRequests('wf_l')).toHaveLength(9);
	});

	test('org runs (GET /v1/runs): status filter, same paging, RunListItem entries; a workflowId parameter ignored and recorded', async () => {
		b3().addRun({ id: 'run_a', workflowId: 'wf_a', status: 'success' });
		b3().addRun({ id: 'run_b', workflowId: 'wf_b' });
		expect((await send(b3(), 'GET', '/v1/runs?status=success')).json.data.items.map((run: { id: string }) => run.id)).toEqual(['run_a']);
		const all = await send(b3(), 'GET', '/v1/runs');
		expect(all.json.data).toMatchObject({ limit: 20, offset: 0, hasMore: false });
		// A RunListItem (B3OS OpenAPI): no organizationId, no executionState.
		expect(Object.keys(all.json.data.items.find((run: { id: string }) => run.id === 'run_a')).sort()).toEqual(
			['finishedAt', 'id', 'isDustTest', 'isSimulation', 'sourceRunId', 'startedAt', 'status', 'totalCu', 'triggerNodeId', 'triggerSource', 'triggeredBy', 'workflowId', 'workflowName', 'workflowVersion'].sort(),
		);
		const ignored = await send(b3(), 'GET', '/v1/runs?workflowId=wf_a');
		expect(ignored.json.data.items).toHaveLength(2);
		expect((await send(b3(), 'GET', '/v1/runs?limit=500')).status).toBe(400);
		expect((await send(b3(), 'GET', '/v1/runs?status=done')).status).toBe(400);
		expect(reasons(b3())).toEqual([
			'200 workflowId sent to GET /v1/runs, which has no such filter (ignored: every workflow is listed)',
			"400 limit must be an integer between 1 and 100 (got '500')",
			"400 invalid status 'done'",
		]);
	});

	test('a page cap serves fewer runs than asked and says so in limit; oldest first on request', async () => {
		const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
		for (let index = 0; index < 10; index++) b3().addRun({ id: `run_${index}`, workflowId: 'wf_c', startedAt: at(index + 1) });
		b3().pageCap = 7;
		const first = await send(b3(), 'GET', '/v1/workflows/wf_c/runs?limit=100');
		expect(first.json.data).toMatchObject({ limit: 7, offset: 0, hasMore: true });
		expect(first.json.data.items.map((run: { id: string }) => run.id)).toEqual(['run_0', 'run_1', 'run_2', 'run_3', 'run_4', 'run_5', 'run_6']);
		const second = await send(b3(), 'GET', '/v1/workflows/wf_c/runs?limit=100&offset=7');
		expect(second.json.data).toMatchObject({ limit: 7, offset: 7, hasMore: false });
		b3().listOrder = 'oldestFirst';
		const oldest = await send(b3(), 'GET', '/v1/workflows/wf_c/runs?limit=3');
		expect(oldest.json.data.items.map((run: { id: string }) => run.id)).toEqual(['run_9', 'run_8', 'run_7']);
		expect(b3().rejected).toEqual([]);
	});
});

// ---------------------------------------------------------------------------------------------
describe('Cortex: start and list', () => {
	const cx = () => fakes.cortex;
	const start = (wf: string, body?: unknown, discover = false) => send(cx(), 'POST', `/apps/c/workflows/${discover ? 'discover/' : ''}${wf}/runs`, { body });

	test('background: 200 (the SDK) with the run at once, PENDING while queued, then RUNNING, then COMPLETED', async () => {
		cx().addWorkflow({ id: 'wf_q', queuedMs: 150, durationMs: 150, output: { total: 3 }, cost: 4 });
		const started = await start('wf_q', { input: { file: 'a.pdf' }, background: true, workflow_version_id: 2 });
		expect(started.status).toBe(200);
		expect(started.json).toMatchObject({ status: 'PENDING', started_at: null, input: { file: 'a.pdf' }, workflow_id: 'wf_q', version: 2, result: null });
		const id = started.json.id as string;
		const read = () => send(cx(), 'GET', `/apps/c/workflows/wf_q/runs/${id}`);
		await sleep(200);
		expect((await read()).json).toMatchObject({ status: 'RUNNING', started_at: expect.any(String) });
		await sleep(150);
		expect((await read()).json).toMatchObject({ status: 'COMPLETED', result: { total: 3 }, usage: { total: 4 } });
		expect(cx().requestsFor(id).map((entry) => entry.method)).toEqual(['POST', 'GET', 'GET']);
		expect(cx().rejected).toEqual([]);
	});

	test('without background the answer is the finished run; discoverable workflows start on the discover path only', async () => {
		cx().addWorkflow({ id: 'wf_sync', durationMs: 150, finalStatus: 'FAILED', error: 'bad pdf' });
		const sync = await start('wf_sync', {});
		expect(sync.status).toBe(200);
		expect(sync.json).toMatchObject({ status: 'FAILED', error: 'bad pdf', ended_at: expect.any(String) });
		cx().addWorkflow({ id: 'wf_pub', discoverable: true });
		expect((await start('wf_pub', { background: true })).status).toBe(404);
		const shared = await start('wf_pub', { background: true }, true);
		expect(shared.json).toMatchObject({ status: 'RUNNING', workflow_app_id: 'app_publisher0001' });
		expect((await start('wf_sync', { background: true }, true)).status).toBe(404);
		expect((await start('wf_none', { background: true })).json).toEqual({ status: 404, message: 'Workflow not found' });
		expect(cx().rejected).toEqual([]);
	});

	test('strict start body: stream (not simulated) and wrong types are refused and recorded; no idempotency key', async () => {
		cx().addWorkflow({ id: 'wf_b' });
		expect((await start('wf_b', { stream: true })).status).toBe(400);
		expect((await start('wf_b', { input: 'x' })).status).toBe(400);
		expect((await start('wf_b', { background: 'yes' })).json).toMatchObject({ status: 400, message: 'Validation error', errors: [{ path: ['background'] }] });
		expect(reasons(cx())).toEqual([
			'400 invalid stream: streaming (SSE) is not simulated by this fake',
			'400 invalid input: Expected object',
			'400 invalid background: Expected boolean',
		]);
		// The same start twice makes two runs (a retry after a lost answer would too).
		cx().inject({ method: 'POST', kind: 'reset', after: true });
		await expect(start('wf_b', { background: true })).rejects.toThrow();
		await start('wf_b', { background: true });
		expect(cx().runIds()).toHaveLength(2);
	});

	test('list: bare array, pagination headers with the total count, take default 100, no cap unless pageCap, enums checked', async () => {
		for (let index = 0; index < 130; index++) cx().addRun({ id: `r${index}`, workflowId: 'wf_l', status: index < 3 ? 'RUNNING' : 'COMPLETED', startedAt: ago(1000 * index) });
		const list = (query: string) => send(cx(), 'GET', `/apps/c/workflows/wf_l/runs${query}`);
		expect((await list('?take=500&page=1')).json).toHaveLength(130);
		expect((await list('')).headers['pagination-take']).toBe('100');
		cx().pageCap = 100;
		const big = await list('?take=500&page=1');
		expect(big.json).toHaveLength(100);
		expect([big.headers['pagination-page'], big.headers['pagination-take'], big.headers['pagination-count']]).toEqual(['1', '100', '130']);
		const second = await list('?take=500&page=2');
		expect(second.json.map((run: { id: string }) => run.id).slice(0, 2)).toEqual(['r100', 'r101']);
		expect(second.json).toHaveLength(30);
		const running = await list('?status=RUNNING');
		expect([running.json.map((run: { id: string }) => run.id), running.headers['pagination-count']]).toEqual([['r0', 'r1', 'r2'], '3']);
		expect((await list('?page=40')).json).toEqual([]);
		for (const query of ['?page=0', '?take=0', '?status=running', '?status=RUNNING&status=FAILED', '?origin=API']) expect((await list(query)).status).toBe(400);
		expect(reasons(cx())).toHaveLength(5);
		expect(cx().listRequests('wf_l')).toHaveLength(11);
	});
});
