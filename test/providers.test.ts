/** Unit tests of the pure per-provider modules and the normalizer (built code from dist/). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { ROOT } from '../dev/engine/harness';
import { expectNormalized } from './support/schema';

const dist = path.join(ROOT, 'dist/nodes/RunControl');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PROVIDERS } = require(path.join(dist, 'providers')) as typeof import('../nodes/RunControl/providers');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { normalizeRun, isoTime, statusOf } = require(path.join(dist, 'providers')) as typeof import('../nodes/RunControl/providers');

const { superglue, b3os, cortex } = PROVIDERS;
const ref = (runId: string, workflowId = '', workflowSource: 'own' | 'discoverable' = 'own') => ({ runId, workflowId, fields: { discoverable: workflowSource === 'discoverable' } });
const NOW = Date.parse('2026-11-24T10:00:00.000Z');

const recorded = (name: string) =>
	JSON.parse(readFileSync(path.join(__dirname, '../dev/providers/superglue/recorded', name), 'utf8')) as {
		httpStatus: number;
		body: import('n8n-workflow').IDataObject;
	};

describe('status mapping (interface.md table), case-insensitive, unknown kept', () => {
	const table: Array<[typeof superglue, string, string]> = [
		[superglue, 'running', 'running'],
		[superglue, 'success', 'succeeded'],
		[superglue, 'failed', 'failed'],
		[superglue, 'aborted', 'cancelled'],
		[superglue, 'RUNNING', 'running'],
		[superglue, 'ABORTED', 'cancelled'],
		[b3os, 'running', 'running'],
		[b3os, 'waiting', 'waiting'],
		[b3os, 'success', 'succeeded'],
		[b3os, 'partial', 'partial'],
		[b3os, 'failure', 'failed'],
		[b3os, 'cancelled', 'cancelled'],
		[b3os, 'Failure', 'failed'],
		[cortex, 'PENDING', 'queued'],
		[cortex, 'RUNNING', 'running'],
		[cortex, 'COMPLETED', 'succeeded'],
		[cortex, 'FAILED', 'failed'],
		[cortex, 'CANCELLED', 'cancelled'],
		[cortex, 'SKIPPED', 'skipped'],
		[cortex, 'completed', 'succeeded'],
	];
	test.each(table)('%s %s → %s', (provider, word, expected) => {
		expect(statusOf(provider, word)).toBe(expected);
	});
	test.each([
		[superglue, 'paused'],
		[b3os, 'success2'],
		[cortex, 'QUEUED'],
		[superglue, ''],
		[b3os, 42],
		[cortex, undefined],
	])('%s: %p → unknown', (provider, word) => {
		expect(statusOf(provider, word)).toBe('unknown');
	});
	test('an unknown status is not finished, and the raw word is kept', () => {
		const item = normalizeRun(b3os, 'get', ref('run_1'), { id: 'run_1', status: 'archived' }, NOW);
		expect(item).toMatchObject({ status: 'unknown', providerStatus: 'archived', finished: false, succeeded: false });
		expectNormalized(item);
	});
});

describe('request shapes', () => {
	test('superglue get and cancel, run ID path-encoded', () => {
		expect(superglue.getRun(ref('a/b ?#%é'), {})).toEqual({ method: 'GET', path: '/runs/a%2Fb%20%3F%23%25%C3%A9' });
		expect(superglue.cancelRun(ref('x'), {})).toEqual({ method: 'POST', path: '/runs/x/cancel' });
	});
	test('B3OS is read with summary=true', () => {
		expect(b3os.getRun(ref('run_1'), {})).toEqual({ method: 'GET', path: '/v1/runs/run_1', qs: { summary: 'true' } });
		expect(b3os.cancelRun(ref('run_1'), {})).toEqual({ method: 'POST', path: '/v1/runs/run_1/cancel' });
	});
	test('Cortex: app c by default, own and discover cancel paths, reads always on the own path', () => {
		expect(cortex.getRun(ref('r1', 'wf/1', 'discoverable'), {})).toEqual({ method: 'GET', path: '/apps/c/workflows/wf%2F1/runs/r1' });
		expect(cortex.cancelRun(ref('r1', 'wf1'), { appId: ' app_9 ' })).toEqual({ method: 'POST', path: '/apps/app_9/workflows/wf1/runs/r1/cancel' });
		expect(cortex.cancelRun(ref('r1', 'wf1', 'discoverable'), { appId: '' })).toEqual({
			method: 'POST',
			path: '/apps/c/workflows/discover/wf1/runs/r1/cancel',
		});
	});
});

describe('envelopes', () => {
	test('B3OS unwraps {code,data} and the older {success,data}; no data → undefined', () => {
		const run = { id: 'run_1', status: 'running' };
		expect(b3os.unwrap({ code: 200, data: run, message: 'success', requestId: 'r' })).toEqual(run);
		expect(b3os.unwrap({ success: true, data: run })).toEqual(run);
		expect(b3os.unwrap({ code: 200, message: 'success' })).toBeUndefined();
		expect(b3os.unwrap(run)).toBeUndefined();
		expect(b3os.unwrap('nope')).toBeUndefined();
	});
	test('superglue and Cortex have no envelope', () => {
		expect(superglue.unwrap({ runId: 'a', status: 'running' })).toEqual({ runId: 'a', status: 'running' });
		expect(superglue.unwrap({ error: { message: 'Run not found' } })).toBeUndefined();
		expect(cortex.unwrap([{ id: 'r' }])).toBeUndefined();
	});
});

describe('normalizing the recorded superglue responses', () => {
	const files = readdirSync(path.join(__dirname, '../dev/providers/superglue/recorded')).filter(
		(name) => name.endsWith('.json') && /runs?-(get|cancel)|run-get|orphan|race-[34]/.test(name),
	);
	test.each(files)('%s', (name) => {
		const { httpStatus, body } = recorded(name);
		const run = superglue.unwrap(body);
		if (httpStatus !== 200) {
			expect(run).toBeUndefined();
			return;
		}
		expect(run).toBeDefined();
		const item = expectNormalized(normalizeRun(superglue, 'get', ref(String(body.runId)), run!, NOW));
		expect(item.providerStatus).toBe(body.status);
		expect(item.runId).toBe(body.runId);
		expect(item.workflowId).toBe(body.toolId);
	});
	test('a finished run: times, provider duration, error', () => {
		const { body } = recorded('22-run-get-failed.json');
		const item = normalizeRun(superglue, 'waitUntilFinished', ref('x'), body, NOW);
		expect(item).toMatchObject({
			status: 'failed',
			finished: true,
			succeeded: false,
			startedAt: '2026-11-23T19:18:06.333Z',
			finishedAt: '2026-11-23T19:18:12.421Z',
			durationMs: 6088,
			error: 'Step callPeer failed: HTTP 500: {"ok":false,"error":"peer says no"}',
			output: null,
			cost: null,
		});
	});
	test('a running run: no finishedAt, duration is the time elapsed so far', () => {
		const { body } = recorded('07-run-get-while-running.json');
		const item = normalizeRun(superglue, 'get', ref('x'), body, NOW);
		expect(item.finishedAt).toBeNull();
		expect(item.durationMs).toBe(NOW - Date.parse('2026-11-23T19:17:48.365Z'));
	});
	test('a sync run carries its data as output', () => {
		const { body } = recorded('20-run-sync-fast.json');
		expect(normalizeRun(superglue, 'get', ref('x'), body, NOW).output).toEqual({ ok: true, path: '/fast', waitedMs: 0 });
	});
});

describe('B3OS and Cortex facts', () => {
	test('B3OS: cost from totalCu, duration computed, Go zero time is null, failure message from summary or node', () => {
		const base = { id: 'run_1', workflowId: 'wf_1', startedAt: '2026-11-24T09:00:00Z', totalCu: 12.5 };
		const done = normalizeRun(b3os, 'get', ref('run_1'), { ...base, status: 'failure', finishedAt: '2026-11-24T09:00:02.5Z', summary: 'Node http_1 failed: boom' }, NOW);
		expect(done).toMatchObject({ status: 'failed', cost: 12.5, durationMs: 2500, error: 'Node http_1 failed: boom', workflowId: 'wf_1' });
		const fromNode = normalizeRun(b3os, 'get', ref('run_1'), { ...base, status: 'failure', executionState: { a: { status: 'success' }, b: { status: 'failure', result: { error: 'node b broke' } } } }, NOW);
		expect(fromNode.error).toBe('node b broke');
		const running = normalizeRun(b3os, 'get', ref('run_1'), { ...base, status: 'waiting', finishedAt: '0001-01-01T00:00:00Z', summary: 'waiting on wait_1' }, NOW);
		expect(running).toMatchObject({ status: 'waiting', finished: false, finishedAt: null, error: null, durationMs: 3_600_000 });
	});
	test('Cortex: result as output, usage.total as cost, date-only times', () => {
		const item = normalizeRun(cortex, 'get', ref('r1', 'wf1'), {
			id: 'r1', workflow_id: 'wf1', status: 'COMPLETED', result: { total: 3 }, usage: { total: 7, calls: [] },
			started_at: '2023-12-25', ended_at: '2023-12-25T00:00:04Z',
		}, NOW);
		expect(expectNormalized(item)).toMatchObject({ output: { total: 3 }, cost: 7, startedAt: '2023-12-25T00:00:00.000Z', durationMs: 4000, succeeded: true });
	});
	test('isoTime', () => {
		expect(isoTime('2023-11-07T05:31:56Z')).toBe('2023-11-07T05:31:56.000Z');
		expect(isoTime('2023-11-07T07:31:56+02:00')).toBe('2023-11-07T05:31:56.000Z');
		expect(isoTime('garbage')).toBeNull();
		expect(isoTime('')).toBeNull();
		expect(isoTime(null)).toBeNull();
		expect(isoTime(1699335116)).toBe('2023-11-07T05:31:56.000Z');
	});
});
