/**
 * The n8n simulator (dev/providers/n8n) against the answers a real n8n 2.41.1 gave
 * (dev/providers/n8n/recorded): for each recorded exchange, the same request in a state like the
 * recorded one gets the same HTTP status and content type, the same body shape, and error bodies
 * word for word; then the behaviours the fact sheet states (paging, filters, blocking retry), and
 * the n8n 1.x mode.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';

import { N8N_DEFAULT_KEY, N8nFake } from '../dev/providers/n8n/simulator';

const RECORDED = path.join(__dirname, '../dev/providers/n8n/recorded');
const JSON_UTF8 = 'application/json; charset=utf-8';
const READ_ONLY_KEY = 'n8n_api_read_only';
const NO_STOP_KEY = 'n8n_api_no_stop';

interface Recording {
	request: { method: string; path: string; queryString?: string };
	status: number;
	headers: { 'content-type': string };
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}
const recorded = (number: string): Recording => {
	const file = require('node:fs')
		.readdirSync(RECORDED)
		.find((name: string) => name.startsWith(`${number}-`)) as string;
	return JSON.parse(readFileSync(path.join(RECORDED, file), 'utf8')) as Recording;
};

interface Sent {
	status: number;
	type: string | null;
	json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
	ms: number;
}

let fake: N8nFake;
beforeAll(async () => {
	fake = await new N8nFake({ scopedKeys: { [READ_ONLY_KEY]: ['execution:read'], [NO_STOP_KEY]: ['execution:read', 'execution:list'] } }).listen(0);
});
afterAll(async () => {
	await fake.close();
});
afterEach(() => {
	fake.reset();
});

async function send(method: string, rawPath: string, opts: { key?: string | null; body?: unknown; on?: N8nFake } = {}): Promise<Sent> {
	const server = opts.on ?? fake;
	const headers: Record<string, string> = { accept: 'application/json' };
	const key = opts.key === undefined ? server.apiKey : opts.key;
	if (key !== null) headers['X-N8N-API-KEY'] = key;
	if (opts.body !== undefined) headers['content-type'] = 'application/json';
	const started = Date.now();
	const response = await fetch(`http://127.0.0.1:${server.port}/api/v1${rawPath}`, {
		method,
		headers,
		body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
	});
	const text = await response.text();
	return { status: response.status, type: response.headers.get('content-type'), json: text === '' ? undefined : JSON.parse(text), ms: Date.now() - started };
}

/** Keys (sorted) and value types down to `depth` levels; arrays by their first element. */
function shape(value: unknown, depth = 1): unknown {
	if (value === null) return 'null';
	if (Array.isArray(value)) return value.length === 0 ? [] : [depth > 0 ? shape(value[0], depth - 1) : 'array'];
	if (typeof value === 'object') {
		if (depth <= 0) return 'object';
		return Object.fromEntries(
			Object.keys(value as object)
				.sort()
				.map((key) => [key, shape((value as Record<string, unknown>)[key], depth - 1)]),
		);
	}
	return typeof value;
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const A = '7xqBWbKfl8ByIPmS'; // Webhook → Set: succeeds
const B = 'HYRzisMu5iIQTzI9'; // fails in a Stop And Error node
const C = 'tavCXRxYotuMW29h'; // a 30 s Wait: running
const D = 'rNVji9IzubQ0XK4i'; // a 5 min Wait: waiting
const E = 'vPe74eq8vaVj7aV3'; // a 5 s Wait: succeeds

/** The state of the recordings 07–13: ids 1–9 as n8n gave them. */
function seedRecordedWorld(): void {
	for (const id of ['1', '2', '3', '4']) fake.addRun({ id, workflowId: A, status: 'success', startedAt: ago(60_000 - Number(id)) });
	fake.addWorkflow({ id: B, finalStatus: 'error', error: 'Probe failure: deliberate error', durationMs: 20 });
	fake.addRun({ id: '5', workflowId: B, status: 'error', startedAt: ago(50_000) });
	fake.addRun({ id: '6', workflowId: B, status: 'error', startedAt: ago(49_000) });
	fake.addRun({ id: '7', workflowId: E, status: 'success', startedAt: ago(40_000), output: { done: 'e' } });
	fake.addRun({ id: '8', workflowId: C, startedAt: ago(2000), finishAfterMs: 28_000 });
	fake.addRun({ id: '9', workflowId: D, status: 'waiting', startedAt: ago(1000), finishAfterMs: 299_000 });
}

describe('n8n simulator: the recorded answers', () => {
	const same = (expected: Recording, got: Sent, depth = 1) => {
		expect(got.status).toBe(expected.status);
		expect(got.type).toBe(expected.headers['content-type']);
		expect(shape(got.json, depth)).toEqual(shape(expected.body, depth));
		if (got.status >= 400) expect(got.json).toEqual(expected.body);
	};
	const ids = (got: Sent) => (got.json.data as Array<{ id: string }>).map((item) => item.id);

	test.each([
		['01', () => send('GET', '/executions', { key: null })],
		['02', () => send('GET', '/executions', { key: 'wrong' })],
		['03', () => send('GET', '/executions', { key: READ_ONLY_KEY })],
		['04', () => send('POST', '/executions/999999/stop', { key: NO_STOP_KEY })],
		['05', () => send('POST', '/executions/999999/stop', { key: null })],
		['18', () => (seedRecordedWorld(), send('GET', '/executions/7?includeData=yes'))],
		['25', () => send('GET', '/executions/999999')],
		['26', () => send('GET', '/executions/abc')],
		['27', () => send('GET', '/executions/0')],
		['35', () => send('POST', '/executions/999999/stop')],
		['36', () => send('POST', '/executions/abc/stop')],
		['52', () => send('GET', '/executions?cursor=not-a-cursor')],
		['60', () => send('GET', '/executions?limit=-1')],
		['61', () => send('GET', '/executions?limit=abc')],
		['68', () => send('GET', '/executions?status=bogus')],
		['69', () => send('GET', '/executions?status=cancelled')],
		['70', () => send('GET', '/executions?status=error&status=success')],
		['71', () => send('GET', '/executions?status=error%2Csuccess')],
		['78', () => send('GET', '/executions?startedAfter=2026-12-03')],
		['79', () => send('GET', '/executions?startedAfter=2026-12-03T09%3A00%3A00')],
		['80', () => send('GET', '/executions?startedAfter=yesterday')],
		['91', () => send('POST', '/executions/stop', { body: { status: ['canceled'] } })],
		['92', () => send('POST', '/executions/stop', { body: {} })],
	])('%s: the same error, word for word', async (number, scenario) => {
		same(recorded(number), await scenario());
	});

	test('07–10: a list without status leaves the running execution out; status=running and status=waiting list theirs', async () => {
		seedRecordedWorld();
		const all = await send('GET', '/executions');
		same(recorded('07'), all, 3);
		expect(ids(all)).toEqual(recorded('07').body.data.map((item: { id: string }) => item.id));
		expect(ids(await send('GET', '/executions?status=running'))).toEqual(['8']);
		expect(ids(await send('GET', `/executions?workflowId=${C}`))).toEqual([]);
		same(recorded('09'), await send('GET', `/executions?workflowId=${C}`), 2);
		const waiting = await send('GET', '/executions?status=waiting');
		same(recorded('10'), waiting, 3);
		expect(waiting.json.data[0]).toMatchObject({ id: '9', status: 'waiting', finished: false, stoppedAt: expect.any(String), waitTill: expect.any(String) });
	});

	test('11–24: a single execution in each status, with and without includeData', async () => {
		seedRecordedWorld();
		fake.addRun({ id: '10', workflowId: C, status: 'canceled', startedAt: ago(30_000) });
		fake.addRun({ id: '284', workflowId: C, status: 'crashed', startedAt: ago(20_000) });
		same(recorded('11'), await send('GET', '/executions/8'));
		const running = await send('GET', '/executions/8?includeData=true');
		same(recorded('12'), running, 2);
		expect(running.json.data.resultData).toEqual({ runData: {} });
		same(recorded('13'), await send('GET', '/executions/9'));
		const waiting = await send('GET', '/executions/9?includeData=true');
		same(recorded('15'), waiting, 2);
		expect(Object.keys(waiting.json.data.resultData.runData)).toEqual(['Webhook', 'Wait']);
		same(recorded('17'), await send('GET', '/executions/7?includeData=false'));
		const success = await send('GET', '/executions/7?includeData=true');
		same(recorded('19'), success, 2);
		expect(success.json.data.resultData.runData[success.json.data.resultData.lastNodeExecuted][0].data.main[0]).toEqual([{ json: { done: 'e' }, pairedItem: { item: 0 } }]);
		same(recorded('20'), await send('GET', '/executions/6'));
		const error = await send('GET', '/executions/6?includeData=true');
		same(recorded('23'), error, 2);
		expect(error.json.data.resultData.error.message).toBe('Probe failure: deliberate error');
		expect(error.json.finished).toBe(false);
		same(recorded('21'), await send('GET', '/executions/284'));
		const crashed = await send('GET', '/executions/284?includeData=true');
		same(recorded('22'), crashed, 2);
		expect(crashed.json.data.resultData.error).toMatchObject({ name: 'WorkflowCrashedError', message: recorded('22').body.data.resultData.error.message });
		// 24 is the canceled execution after a retry of it ran through (retrySuccessId set).
		fake.addWorkflow({ id: C, durationMs: 0 });
		await send('POST', '/executions/10/retry', { body: {} });
		same(recorded('24'), await send('GET', '/executions/10'));
	});

	test('28–36: stop a running and a waiting execution (200, no id), then 409 for every finished one, 404, 400', async () => {
		seedRecordedWorld();
		const stopped = await send('POST', '/executions/8/stop');
		same(recorded('28'), stopped);
		expect(stopped.json.status).toBe('canceled');
		const afterRunning = await send('GET', '/executions/8?includeData=true');
		same(recorded('29'), afterRunning, 2);
		expect(afterRunning.json.data.resultData.runData).toEqual({});
		expect(afterRunning.json.data.resultData.error.message).toBe('The execution was cancelled manually');
		same(recorded('30'), await send('POST', '/executions/9/stop'));
		const afterWaiting = await send('GET', '/executions/9?includeData=true');
		same(recorded('31'), afterWaiting, 2);
		expect(Object.keys(afterWaiting.json.data.resultData.runData)).toEqual(['Webhook', 'Wait']);
		expect(afterWaiting.json.waitTill).toBeNull();
		const conflict = (number: string, id: string) => {
			const expected = recorded(number);
			return send('POST', `/executions/${id}/stop`).then((got) => {
				expect(got.status).toBe(409);
				expect(got.json.message).toBe(expected.body.message.replace(/and \d+ is/, `and ${id} is`));
			});
		};
		await conflict('32', '4');
		await conflict('33', '8');
		await conflict('34', '6');
	});

	test('37–43: retry answers with the new execution once it ended; 409 for a succeeded one; a retry of a canceled one ends finished "error"', async () => {
		seedRecordedWorld();
		const retried = await send('POST', '/executions/6/retry', { body: {} });
		same(recorded('37'), retried);
		expect(retried.json).toMatchObject({ id: '10', mode: 'retry', retryOf: '6', status: 'error', finished: false });
		same(recorded('38'), await send('POST', '/executions/4/retry', { body: {} }));
		same(recorded('40'), await send('POST', '/executions/6/retry'));
		same(recorded('41'), await send('GET', '/executions/6'));
		expect((await send('GET', '/executions/6')).json.retrySuccessId).toBeNull();
		same(recorded('42'), await send('GET', '/executions/10'));
		// Retry of a canceled execution: it blocks for as long as the new run takes.
		fake.addWorkflow({ id: C, durationMs: 300 });
		await send('POST', '/executions/8/stop');
		const again = await send('POST', '/executions/8/retry', { body: {} });
		same(recorded('39'), again);
		expect(again.ms).toBeGreaterThanOrEqual(250);
		expect(again.json).toMatchObject({ finished: true, status: 'error', retryOf: '8' });
		expect((await send('GET', '/executions/8')).json.retrySuccessId).toBe(again.json.id);
		same(recorded('43'), await send('GET', `/executions/${again.json.id}?includeData=true`), 2);
	});

	test('46–51: cursor paging: base64 {lastId, limit}, the cursor wins over limit, carries no filter, null on the last page', async () => {
		seedRecordedWorld();
		fake.addRun({ id: '10', workflowId: C, status: 'canceled', startedAt: ago(30_000) });
		fake.addRun({ id: '12', workflowId: B, status: 'error', startedAt: ago(20_000) });
		fake.addWorkflow({ id: C, durationMs: 0 });
		// 13: a retry of the canceled 10 (as in the recording); 14 of another workflow.
		expect((await send('POST', '/executions/10/retry', { body: {} })).json.id).toBe('13');
		fake.addRun({ id: '14', workflowId: B, status: 'error', startedAt: ago(50) });
		const pages: Sent[] = [await send('GET', `/executions?workflowId=${A}&limit=1`)];
		while (pages[pages.length - 1].json.nextCursor) {
			pages.push(await send('GET', `/executions?workflowId=${A}&cursor=${encodeURIComponent(pages[pages.length - 1].json.nextCursor)}`));
		}
		expect(pages.map(ids)).toEqual([['4'], ['3'], ['2'], ['1']]);
		['46', '47', '48', '49'].forEach((number, index) => same(recorded(number), pages[index], 3));
		expect(pages.map((page) => page.json.nextCursor)).toEqual(['46', '47', '48', '49'].map((number) => recorded(number).body.nextCursor));
		const withLimit = await send('GET', `/executions?workflowId=${A}&limit=3&cursor=${pages[0].json.nextCursor}`);
		expect(ids(withLimit)).toEqual(['3']);
		const unfiltered = await send('GET', `/executions?cursor=${encodeURIComponent(Buffer.from(JSON.stringify({ lastId: '14', limit: 1 })).toString('base64'))}`);
		same(recorded('51'), unfiltered, 3);
		expect(ids(unfiltered)).toEqual(['13']);
	});

	test('53–59: limit default 100, capped at 250 without error, 0 = everything', async () => {
		for (let id = 1; id <= 264; id++) fake.addRun({ id: String(id), workflowId: A, status: 'success', startedAt: ago(300_000 - id) });
		const count = async (query: string) => (await send('GET', `/executions?workflowId=${A}${query}`)).json;
		expect((await count('')).data).toHaveLength(recorded('53').body.itemCount ?? 100);
		for (const limit of ['250', '500', '1000']) expect((await count(`&limit=${limit}`)).data).toHaveLength(250);
		const first = await count('&limit=250');
		const decoded = JSON.parse(Buffer.from(first.nextCursor, 'base64').toString('utf8'));
		expect(decoded).toEqual({ lastId: '15', limit: 250 });
		const second = await count(`&cursor=${encodeURIComponent(first.nextCursor)}`);
		expect(second.data).toHaveLength(14);
		expect(second.nextCursor).toBeNull();
		const all = await count('&limit=0');
		expect(all.data).toHaveLength(264);
		expect(all.nextCursor).toBeNull();
	});

	test('62–73: each status word, one at a time; workflowId filter; an unknown workflow is an empty list', async () => {
		seedRecordedWorld();
		fake.addRun({ id: '10', workflowId: C, status: 'canceled', startedAt: ago(30_000) });
		fake.addRun({ id: '11', workflowId: C, status: 'crashed', startedAt: ago(29_000) });
		const listed = async (query: string) => ids(await send('GET', `/executions?${query}`));
		expect(await listed('status=canceled')).toEqual(['10']);
		expect(await listed('status=crashed')).toEqual(['11']);
		expect(await listed('status=error')).toEqual(['6', '5']);
		expect(await listed('status=new')).toEqual([]);
		expect(await listed('status=success')).toEqual(['7', '4', '3', '2', '1']);
		expect(await listed('status=unknown')).toEqual([]);
		same(recorded('66'), await send('GET', '/executions?status=success'), 3);
		expect(await listed(`workflowId=${B}`)).toEqual(['6', '5']);
		same(recorded('73'), await send('GET', '/executions?workflowId=doesNotExist123'), 2);
	});

	test('74–83: startedAfter and startedBefore are inclusive on startedAt, to the millisecond; offsets are accepted', async () => {
		const at = Date.parse('2026-12-03T09:05:02.903Z');
		fake.addRun({ id: '1', workflowId: E, status: 'success', startedAt: new Date(at).toISOString() });
		fake.addRun({ id: '2', workflowId: E, status: 'error', startedAt: new Date(at + 5000).toISOString() });
		fake.addRun({ id: '3', workflowId: E, startedAt: new Date(at + 6000).toISOString() });
		const listed = async (query: string) => ids(await send('GET', `/executions?workflowId=${E}&${query}`));
		expect(await listed('startedAfter=2026-12-03T09:05:02.903Z')).toEqual(['2', '1']);
		expect(await listed('startedAfter=2026-12-03T09:05:02.904Z')).toEqual(['2']);
		expect(await listed('startedBefore=2026-12-03T09:05:02.903Z')).toEqual(['1']);
		expect(await listed(`startedAfter=${encodeURIComponent('2026-12-03T09:05:02.903+00:00')}`)).toEqual(['2', '1']);
		expect(await listed('status=running&startedAfter=2026-12-03T09:05:02.903Z')).toEqual(['3']);
		expect(await listed('status=error&startedAfter=2026-12-03T09:05:03.000Z')).toEqual(['2']);
		const withData = await send('GET', `/executions?workflowId=${E}&includeData=true`);
		same(recorded('81'), withData, 2);
	});

	test('85–94: a queued execution (new): listed without status, startedAt null; retry 409; stop 200 with the epoch; stop-many', async () => {
		fake.addRun({ id: '281', workflowId: C, startedAt: ago(1000), finishAfterMs: 29_000 });
		fake.addRun({ id: '282', workflowId: C, startAfterMs: 29_000, finishAfterMs: 30_000 });
		fake.addRun({ id: '283', workflowId: C, startAfterMs: 59_000, finishAfterMs: 30_000 });
		same(recorded('85'), await send('GET', '/executions?status=new'), 3);
		expect(ids(await send('GET', '/executions?status=new'))).toEqual(['283', '282']);
		same(recorded('86'), await send('GET', '/executions/282'));
		expect((await send('GET', '/executions/282')).json.startedAt).toBeNull();
		expect(ids(await send('GET', `/executions?workflowId=${C}`))).toEqual(['283', '282']);
		same(recorded('88'), await send('POST', '/executions/282/retry', { body: {} }));
		const stopped = await send('POST', '/executions/282/stop');
		same(recorded('89'), stopped);
		expect(stopped.json.startedAt).toBe('1970-01-01T00:00:00.000Z');
		const after = await send('GET', '/executions/282');
		same(recorded('90'), after);
		expect(after.json).toMatchObject({ status: 'canceled', startedAt: null, stoppedAt: expect.any(String) });
		same(recorded('93'), await send('POST', '/executions/stop', { body: { status: ['queued', 'running'], workflowId: C } }));
		expect((await send('GET', `/executions?workflowId=${C}&limit=5`)).json.data.map((item: { status: string }) => item.status)).toEqual(['canceled', 'canceled', 'canceled']);
	});

	test('a client error is noted in `rejected`; a well-formed request is not', async () => {
		seedRecordedWorld();
		await send('GET', '/executions?status=running&limit=250');
		expect(fake.rejected).toEqual([]);
		await send('GET', '/executions?status=error&status=success');
		await send('GET', '/executions', { key: 'wrong' });
		expect(fake.rejected.map((entry) => `${entry.status} ${entry.reason}`)).toEqual([
			`400 request/query/status Expected 'canceled' | 'crashed' | 'error' | 'new' | 'running' | 'success' | 'unknown' | 'waiting', received array`,
			'401 wrong API key',
		]);
	});
});

describe('n8n simulator: the n8n 1.x mode', () => {
	let old: N8nFake;
	beforeAll(async () => {
		old = await new N8nFake({ version: 1 }).listen(0);
	});
	afterAll(async () => {
		await old.close();
	});

	test('no stop route, no date filters, five status words; list, get and retry as 2.x', async () => {
		old.addRun({ id: '1', status: 'success', startedAt: ago(1000) });
		old.addRun({ id: '2', startedAt: ago(500) });
		const stop = await send('POST', '/executions/2/stop', { on: old });
		expect(stop.status).toBe(404);
		expect(stop.json).toEqual({ message: 'not found' });
		// As n8n 1.123.50 answered (scripts/test-n8n-provider.sh drives a real one).
		expect((await send('GET', '/executions?status=crashed', { on: old })).json).toEqual({
			message: 'request/query/status must be equal to one of the allowed values: canceled, error, running, success, waiting',
		});
		expect((await send('GET', `/executions?startedAfter=${ago(10_000)}`, { on: old })).json).toEqual({ message: "Unknown query parameter 'startedAfter'" });
		expect((await send('GET', '/executions?status=running', { on: old })).json.data.map((item: { id: string }) => item.id)).toEqual(['2']);
		expect((await send('GET', '/executions/1', { on: old })).json.status).toBe('success');
		expect(N8N_DEFAULT_KEY).toBe(old.apiKey);
	});
});

describe('n8n simulator: any ids (the shared suites name runs with words)', () => {
	let loose: N8nFake;
	beforeAll(async () => {
		loose = await new N8nFake({ anyIds: true }).listen(0);
	});
	afterAll(async () => {
		await loose.close();
	});

	test('ids need not be numbers; lists are newest first by start time and the cursor follows that order', async () => {
		loose.addRun({ id: 'run_old', status: 'success', startedAt: ago(3000) });
		loose.addRun({ id: 'run_new', status: 'error', startedAt: ago(1000) });
		loose.addRun({ id: 'run_mid', status: 'canceled', startedAt: ago(2000) });
		expect((await send('GET', '/executions/run_mid', { on: loose })).json.status).toBe('canceled');
		const first = await send('GET', '/executions?limit=2', { on: loose });
		expect(first.json.data.map((item: { id: string }) => item.id)).toEqual(['run_new', 'run_mid']);
		const second = await send('GET', `/executions?cursor=${encodeURIComponent(first.json.nextCursor)}`, { on: loose });
		expect(second.json).toMatchObject({ data: [{ id: 'run_old' }], nextCursor: null });
		expect(loose.rejected).toEqual([]);
	});
});
