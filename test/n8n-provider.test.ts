/**
 * What only the n8n provider does, through n8n's engine with the built node against the n8n
 * simulator (the shared suites run for n8n through the registry as for every provider):
 * running executions listed although n8n's plain list hides them, a failed execution's error read
 * once, raw without data, output from the last node, Cancel of its own execution refused, Retry of a
 * blocking answer, Start not offered, n8n 1.x (no stop, fewer status words), 403 naming the scope,
 * and the trigger never firing on its own workflow.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

import { N8nFake } from '../dev/providers/n8n/simulator';
import { ActiveTrigger } from '../dev/engine/poller';
import type { RecordedRequest } from '../dev/simulator';
import { expectAllNormalized, runNode, useFakes } from './support/world';
import type { RunOptions } from './support/world';

const fakes = useFakes();
const fake = () => fakes.n8n as unknown as N8nFake;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const WF = 'WfOrdersSync0001';
const query = (rec: RecordedRequest) => Object.fromEntries(rec.query.entries());
const run = (operation: Parameters<typeof runNode>[2], items: Array<Record<string, unknown>>, opts: RunOptions = {}) => runNode(fakes, 'n8n', operation, items, opts);
const list = (parameters: Record<string, unknown> = {}, opts: RunOptions = {}) =>
	run('getAll', [{}], { ...opts, parameters: { workflowId: WF, returnAll: true, ...parameters } });

describe('n8n: lists', () => {
	test('Get Many without a status lists the running executions too (n8n leaves them out unless asked): one merged list, newest first', async () => {
		fake().addRun({ id: '1', workflowId: WF, status: 'success', startedAt: ago(50_000) });
		fake().addRun({ id: '2', workflowId: WF, startedAt: ago(40_000) });
		fake().addRun({ id: '3', workflowId: WF, status: 'waiting', startedAt: ago(30_000) });
		fake().addRun({ id: '4', workflowId: WF, status: 'error', startedAt: ago(20_000) });
		fake().addRun({ id: '5', workflowId: WF, startedAt: ago(10_000) });
		const out = expectAllNormalized(await list());
		expect(out.map((json) => `${json.runId}:${json.status}`)).toEqual(['5:running', '4:failed', '3:waiting', '2:running', '1:succeeded']);
		const lists = fake().listRequests(WF).map(query);
		// The running executions first: one that finishes meanwhile is then in the second list.
		expect(lists).toEqual([
			{ limit: '250', workflowId: WF, status: 'running' },
			{ limit: '250', workflowId: WF },
		]);
		expect(fake().rejected).toEqual([]);
	});

	test('an execution that finishes between the two lists is output once, finished, without a read of its own', async () => {
		fake().addRun({ id: '1', workflowId: WF, status: 'success', startedAt: ago(50_000) });
		fake().addRun({ id: '2', workflowId: WF, startedAt: ago(40_000) });
		fake().addRun({ id: '3', workflowId: WF, status: 'success', startedAt: ago(30_000) });
		const requests = fake().requests;
		const push = requests.push;
		let lists = 0;
		requests.push = function (...recs: RecordedRequest[]) {
			// 2 succeeds once the first list has answered, before the second is answered.
			if (recs.some((rec) => rec.path === '/api/v1/executions') && ++lists === 2) fake().markStatus('2', 'success');
			return push.apply(this, recs);
		};
		try {
			const out = expectAllNormalized(await list());
			expect(out.map((json) => `${json.runId}:${json.status}`)).toEqual(['3:succeeded', '2:succeeded', '1:succeeded']);
			expect(fake().requests.filter((rec) => !rec.list)).toEqual([]);
		} finally {
			delete (requests as { push?: unknown }).push;
		}
	});

	test('one status word a request (failed = error and crashed), cursor paging with the filters sent again, never limit 0 or over 250', async () => {
		for (let id = 1; id <= 300; id++) fake().addRun({ id: String(id), workflowId: WF, status: id % 2 ? 'error' : 'success', startedAt: ago(400_000 - id * 1000) });
		fake().addRun({ id: '301', workflowId: WF, status: 'crashed', startedAt: ago(1000) });
		const out = expectAllNormalized(await list({ filters: { status: ['failed'] } }));
		expect(out).toHaveLength(151);
		expect(out[0].runId).toBe('301');
		const lists = fake().listRequests(WF).map(query);
		expect(lists.map((q) => q.status).sort()).toEqual(['crashed', 'error']);
		expect(lists.every((q) => q.workflowId === WF && Number(q.limit) >= 1 && Number(q.limit) <= 250)).toBe(true);
		expect(fake().rejected).toEqual([]);
		fake().requests.length = 0;
		const limited = expectAllNormalized(await list({ returnAll: false, limit: 3 }));
		expect(limited.map((json) => json.runId)).toEqual(['301', '300', '299']);
	});

	test('a failed execution gets its error from one read with includeData (never while polling); raw never carries data', async () => {
		fake().addRun({ id: '7', workflowId: WF, status: 'error', error: 'Invoice API answered 500', startedAt: ago(5000) });
		fake().addRun({ id: '8', workflowId: WF, finishAfterPolls: 2, finalStatus: 'error', error: 'Timed out' });
		const [got] = expectAllNormalized(await run('get', [{ runId: '7' }], { options: { includeRaw: true } }));
		expect(got).toMatchObject({ status: 'failed', providerStatus: 'error', error: 'Fail: Invoice API answered 500' });
		const raw = got.raw as Record<string, unknown>;
		expect(Object.keys(raw)).not.toEqual(expect.arrayContaining(['data']));
		for (const key of ['data', 'workflowData', 'customData']) expect(raw).not.toHaveProperty(key);
		expect(JSON.stringify(got)).not.toContain(fake().apiKey);
		expect(fake().requestsFor('7').map((rec) => rec.query.get('includeData'))).toEqual([null, 'true']);
		const [waited] = expectAllNormalized(await run('waitUntilFinished', [{ runId: '8' }], { options: { pollInterval: 1 } }));
		expect(waited).toMatchObject({ status: 'failed', error: 'Fail: Timed out' });
		const reads = fake().requestsFor('8').map((rec) => rec.query.get('includeData'));
		expect(reads.filter((value) => value === 'true')).toHaveLength(1);
		expect(reads[reads.length - 1]).toBe('true');
	});

	test('Include Output: the items of the last node; a stopped execution says why it has none', async () => {
		fake().addRun({ id: '11', workflowId: WF, status: 'success', output: [{ synced: 3 }, { synced: 4 }], startedAt: ago(4000) });
		fake().addRun({ id: '12', workflowId: WF, startedAt: ago(3000) });
		await run('cancel', [{ runId: '12' }]);
		const out = expectAllNormalized(await run('get', [{ runId: '11' }, { runId: '12' }], { options: { includeOutput: true } }));
		expect(out[0]).toMatchObject({ output: [{ synced: 3 }, { synced: 4 }], outputNote: null });
		expect(out[1]).toMatchObject({ status: 'cancelled', output: null, outputNote: expect.stringMatching(/stopped while it ran/) });
	});
});

describe('n8n: cancel, retry, start', () => {
	test('Cancel: 200 without an id is followed by a read; 409 = already finished', async () => {
		fake().addRun({ id: '21', workflowId: WF, startedAt: ago(700_000) });
		fake().addRun({ id: '22', workflowId: WF, status: 'success', startedAt: ago(800_000) });
		const out = expectAllNormalized(await run('cancel', [{ runId: '21' }, { runId: '22' }]));
		expect(out[0]).toMatchObject({ runId: '21', workflowId: WF, status: 'cancelled', providerStatus: 'canceled', cancel: { requested: true, alreadyFinished: false } });
		expect(out[1]).toMatchObject({ runId: '22', status: 'succeeded', cancel: { alreadyFinished: true } });
		expect(fake().requestsFor('21').map((rec) => `${rec.method} ${rec.path}`)).toEqual(['POST /api/v1/executions/21/stop', 'GET /api/v1/executions/21']);
	});

	test('Cancel never stops the execution it runs in (same execution ID and workflow); another workflow\'s execution with that ID is stopped', async () => {
		// The engine harness runs executions test-1, test-2, … of workflow "test".
		for (let index = 1; index <= 400; index++) fake().addRun({ id: `test-${index}`, workflowId: 'test', startedAt: ago(1000) });
		const own = await run('cancel', [{}], { continueOnFail: true, parameters: { runId: '={{ $execution.id }}' } });
		expect(own.json[0].error).toMatch(/^n8n: run 'test-\d+' is the execution this node runs in; it was not cancelled$/);
		expect(fake().requests.filter((rec) => rec.method === 'POST')).toEqual([]);
		expect(own.status).toBe('success');
	});

	test('Retry: the answer comes when the new execution ended; the item is a read of it; a succeeded one is not retried', async () => {
		fake().addWorkflow({ id: WF, durationMs: 300, finalStatus: 'error', error: 'Still broken' });
		fake().addRun({ id: '31', workflowId: WF, status: 'error', startedAt: ago(60_000) });
		fake().addRun({ id: '32', workflowId: WF, status: 'success', startedAt: ago(50_000) });
		const out = expectAllNormalized(await run('retry', [{ runId: '31' }, { runId: '32' }]));
		expect(out[0]).toMatchObject({ operation: 'retry', status: 'failed', error: 'Fail: Still broken', finishedAt: expect.any(String), retry: { of: '31', retried: true } });
		expect(out[0].runId).not.toBe('31');
		expect(out[1]).toMatchObject({ runId: '32', status: 'succeeded', retry: { of: '32', retried: false } });
		const retryRequest = fake().requests.find((rec) => rec.path === '/api/v1/executions/31/retry');
		expect(JSON.parse(retryRequest?.body ?? '{}')).toEqual({ loadWorkflow: false });
		expect(fake().requests.filter((rec) => rec.path.endsWith('/retry'))).toHaveLength(2);
	});

	test('Start is not offered: a saved n8n Start fails before any request, with advice', async () => {
		const started = await run('start', [{}], { continueOnFail: true, parameters: { workflowId: WF, inputs: '{}' } });
		expect(started.json[0].error).toMatch(/^n8n has no Start operation/);
		expect(fake().requests).toEqual([]);
	});
});

describe('n8n 1.x and keys without scopes', () => {
	let old: N8nFake;
	beforeAll(async () => {
		old = await new N8nFake({ version: 1, scopedKeys: { readOnlyKey: ['execution:read'] } }).listen(0);
	});
	afterAll(async () => {
		await old.close();
	});
	const on1 = (key?: string): RunOptions['credentials'] => ({ n8n: { apiKey: key ?? old.apiKey, baseUrl: old.url } });

	test('Cancel says this n8n version cannot stop executions; Get Many asks for the status words 1.x lacks and gets none of them', async () => {
		old.reset();
		old.addRun({ id: '1', workflowId: WF, status: 'error', startedAt: ago(5000) });
		old.addRun({ id: '2', workflowId: WF, startedAt: ago(1000) });
		const cancelled = await run('cancel', [{ runId: '2' }], { continueOnFail: true, credentials: on1() });
		expect(cancelled.json[0].error).toBe('n8n: this n8n version cannot stop executions through its API; n8n 2.x can');
		const failed = expectAllNormalized(await list({ filters: { status: ['failed', 'queued'], startedAfter: ago(60_000) } }, { credentials: on1() }));
		expect(failed.map((json) => json.runId)).toEqual(['1']);
		expect(old.listRequests().every((rec) => !rec.query.has('startedAfter'))).toBe(true);
	});

	test('403 names the scope the operation needs', async () => {
		const listed = await list({}, { continueOnFail: true, credentials: on1('readOnlyKey') });
		expect(listed.json[0].error).toMatch(/^n8n: access to .+ was refused \(403\): the API key lacks the scope execution:list$/);
	});
});

describe('n8n: the trigger', () => {
	test('never fires on executions of its own workflow', async () => {
		const trigger = new ActiveTrigger({
			parameters: { provider: 'n8n', event: 'failed', workflowId: '', options: {} },
			credentials: { n8nInstanceApi: { apiKey: fake().apiKey, baseUrl: fake().url } },
			credentialType: 'n8nInstanceApi',
		});
		expect(await trigger.activate()).toBeNull();
		fake().addRun({ id: 'own-1', workflowId: 'trigger-test', status: 'error', startedAt: ago(100) });
		fake().addRun({ id: 'other-1', workflowId: WF, status: 'error', startedAt: ago(50) });
		const items = (await trigger.poll()) ?? [];
		expect(items.map((item) => item.json.runId)).toEqual(['other-1']);
		expect(await trigger.poll()).toBeNull();
	});
});
