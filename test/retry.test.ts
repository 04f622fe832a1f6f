/**
 * Retry (interface.md, "Additions in 0.3") through n8n's engine against the strict fakes: B3OS
 * `POST /v1/runs/{id}/retry`, Cortex `POST …/runs/{run_id}/replay`; superglue has none. The item is
 * the NEW run with `retry: { of, retried: true }`; a run that cannot be retried follows
 * If Not Retryable; a retry POST is never sent twice.
 */
import type { INodeProperties } from 'n8n-workflow';

import { NODE_TYPE, loadPackage } from '../dev/engine/harness';
import { expectAllNormalized, runNode, useFakes, WORDS } from './support/world';
import type { NodeRun, ProviderKey, RunOptions } from './support/world';

const fakes = useFakes({ strict: true });

const WF = 'wf_orders';

function retry(provider: ProviderKey, items: Array<Record<string, unknown>>, opts: RunOptions = {}): Promise<NodeRun> {
	return runNode(fakes, provider, 'retry', items, {
		...opts,
		parameters: { ...WORDS[provider].expect.retryParameters, ...opts.parameters },
	});
}

const retries = (provider: ProviderKey) => fakes[provider].requests.filter((rec) => rec.method === 'POST' && /\/(retry|replay)$/.test(rec.path));

describe('B3OS: POST /v1/runs/{id}/retry', () => {
	const b3 = () => fakes.b3os;

	test.each(['failure', 'cancelled'])('a %s run: the item is the NEW run, retry.of names the original', async (status) => {
		b3().addWorkflow({ id: WF, durationMs: 60_000 });
		b3().addRun({ id: 'run_old', workflowId: WF, status, error: 'boom' });
		const result = await retry('b3os', [{ runId: 'run_old' }]);
		const [json] = expectAllNormalized(result);
		expect(json).toMatchObject({ provider: 'b3os', operation: 'retry', workflowId: WF, status: 'running', retry: { of: 'run_old', retried: true } });
		expect(json.runId).not.toBe('run_old');
		expect(retries('b3os').map((rec) => rec.path)).toEqual(['/v1/runs/run_old/retry']);
		expect(b3().getRun(json.runId)).toMatchObject({ sourceRunId: 'run_old' });
		// The answer is the whole new run: no read needed.
		expect(b3().requests).toHaveLength(1);
	});

	test('an answer that names only the new run ID (as the official client reads it): the new run is read once', async () => {
		b3().variants.retryAnswer = 'runId';
		b3().addWorkflow({ id: WF, durationMs: 60_000 });
		b3().addRun({ id: 'run_old', workflowId: WF, status: 'failure' });
		const [json] = expectAllNormalized(await retry('b3os', [{ runId: 'run_old' }]));
		expect(json).toMatchObject({ status: 'running', retry: { of: 'run_old', retried: true } });
		expect(b3().requests.map((rec) => `${rec.method} ${rec.path}`)).toEqual(['POST /v1/runs/run_old/retry', `GET /v1/runs/${json.runId}`]);
	});

	test('Wait for Finish: waits for the new run as Start does', async () => {
		b3().addWorkflow({ id: WF, durationMs: 1200, finalStatus: 'success' });
		b3().addRun({ id: 'run_old', workflowId: WF, status: 'failure' });
		const [json] = expectAllNormalized(await retry('b3os', [{ runId: 'run_old' }], { options: { waitForFinish: true, pollInterval: 1 } }));
		expect(json).toMatchObject({ status: 'succeeded', finished: true, retry: { of: 'run_old', retried: true }, wait: { timedOut: false } });
		expect(retries('b3os')).toHaveLength(1);
	});

	test.each(['success', 'running', 'waiting', 'partial'])('a %s run cannot be retried (409): its own state with retried false, at once even with Wait for Finish', async (status) => {
		b3().addRun({ id: 'run_old', workflowId: WF, status });
		const [json] = expectAllNormalized(await retry('b3os', [{ runId: 'run_old' }], { options: { waitForFinish: true, pollInterval: 1 } }));
		expect(json).toMatchObject({ runId: 'run_old', providerStatus: status, retry: { of: 'run_old', retried: false } });
		expect(json).not.toHaveProperty('wait');
		expect(b3().requests.map((rec) => `${rec.method} ${rec.path}`)).toEqual(['POST /v1/runs/run_old/retry', 'GET /v1/runs/run_old']);
	});

	test('If Not Retryable = error: the item fails; Continue On Fail keeps the other items, in order', async () => {
		b3().addWorkflow({ id: WF, durationMs: 60_000 });
		b3().addRun({ id: 'run_done', workflowId: WF, status: 'success' });
		b3().addRun({ id: 'run_failed', workflowId: WF, status: 'failure' });
		const failing = await retry('b3os', [{ runId: 'run_done' }], { options: { ifNotRetryable: 'error' } });
		expect(failing.nodeError('Run Control')?.message).toBe("B3OS: run 'run_done' cannot be retried (status: succeeded); nothing was retried");
		const result = await retry('b3os', [{ runId: 'run_done' }, { runId: 'run_failed' }, { runId: 'run_nope' }], { continueOnFail: true, options: { ifNotRetryable: 'error' } });
		expect(result.out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.json[0]).toMatchObject({ error: expect.stringMatching(/cannot be retried/), runId: 'run_done', operation: 'retry' });
		expect(result.json[1]).toMatchObject({ operation: 'retry', retry: { of: 'run_failed', retried: true } });
		expect(result.json[2]).toMatchObject({ error: "B3OS: run 'run_nope' was not found", operation: 'retry' });
	});

	test.each(['reset', '502'])('a lost answer (%s after the new run was created) is never sent again: an error that says the run may have been retried', async (how) => {
		b3().addWorkflow({ id: WF, durationMs: 60_000 });
		b3().addRun({ id: 'run_old', workflowId: WF, status: 'failure' });
		b3().inject({ method: 'POST', path: '/v1/runs/run_old/retry', after: true, ...(how === 'reset' ? { kind: 'reset' as const } : { status: 502 }) });
		const result = await retry('b3os', [{ runId: 'run_old' }]);
		expect(result.status).toBe('error');
		const error = result.nodeError('Run Control');
		expect(error?.message).toMatch(/^B3OS: .*retry.*so the run may have been retried$/);
		expect(error?.description).toMatch(/before retrying it again/);
		expect(retries('b3os')).toHaveLength(1);
		expect(b3().runIds()).toHaveLength(2);
		expect(JSON.stringify({ message: error?.message, description: error?.description })).not.toContain(b3().apiKey);
	});

	test('a 429 (certainly not acted on) is waited out and sent again: one new run', async () => {
		b3().addWorkflow({ id: WF, durationMs: 60_000 });
		b3().addRun({ id: 'run_old', workflowId: WF, status: 'failure' });
		b3().inject({ method: 'POST', path: '/v1/runs/run_old/retry', status: 429, headers: { 'retry-after': '0' } });
		const [json] = expectAllNormalized(await retry('b3os', [{ runId: 'run_old' }]));
		expect(json.retry).toEqual({ of: 'run_old', retried: true });
		expect(b3().runIds()).toHaveLength(2);
	});
});

describe('Cortex: POST …/runs/{run_id}/replay', () => {
	const cx = () => fakes.cortex;

	test('a failed run replayed from a step: the exact request, the NEW run', async () => {
		cx().addWorkflow({ id: WF, durationMs: 60_000 });
		cx().addRun({ id: 'run_old', workflowId: WF, status: 'FAILED' });
		const [json] = expectAllNormalized(await retry('cortex', [{ runId: 'run_old', workflowId: WF }]));
		expect(json).toMatchObject({ provider: 'cortex', operation: 'retry', workflowId: WF, status: 'running', retry: { of: 'run_old', retried: true } });
		expect(json.runId).not.toBe('run_old');
		const [sent] = retries('cortex');
		expect(sent.path).toBe(`/apps/c/workflows/${WF}/runs/run_old/replay`);
		expect(JSON.parse(sent.body)).toEqual({ stepKey: 'extract', background: true });
		expect(cx().requests).toHaveLength(1);
	});

	test('a run of a discoverable workflow replays on the ordinary path (the SDK has no discover replay)', async () => {
		cx().addWorkflow({ id: 'wf_shared', durationMs: 60_000, discoverable: true });
		cx().addRun({ id: 'run_old', workflowId: 'wf_shared', status: 'COMPLETED', discoverable: true });
		const [json] = expectAllNormalized(await retry('cortex', [{ runId: 'run_old', workflowId: 'wf_shared', workflowSource: 'discoverable' }]));
		expect(json.retry).toEqual({ of: 'run_old', retried: true });
		expect(retries('cortex').map((rec) => rec.path)).toEqual(['/apps/c/workflows/wf_shared/runs/run_old/replay']);
	});

	test('Wait for Finish: the new run to its end', async () => {
		cx().addWorkflow({ id: WF, durationMs: 1200, output: { ok: 1 } });
		cx().addRun({ id: 'run_old', workflowId: WF, status: 'FAILED' });
		const [json] = expectAllNormalized(await retry('cortex', [{ runId: 'run_old', workflowId: WF }], { options: { waitForFinish: true, pollInterval: 1 } }));
		expect(json).toMatchObject({ status: 'succeeded', output: { ok: 1 }, retry: { of: 'run_old', retried: true }, wait: { timedOut: false } });
	});

	test.each(['RUNNING', 'PENDING'])('a %s run cannot be replayed yet: its state with retried false; If Not Retryable = error fails it', async (status) => {
		cx().addRun({ id: 'run_live', workflowId: WF, status });
		const [json] = expectAllNormalized(await retry('cortex', [{ runId: 'run_live', workflowId: WF }]));
		expect(json).toMatchObject({ runId: 'run_live', providerStatus: status, retry: { of: 'run_live', retried: false } });
		const failing = await retry('cortex', [{ runId: 'run_live', workflowId: WF }], { options: { ifNotRetryable: 'error' } });
		expect(failing.nodeError('Run Control')?.message).toMatch(/^Cortex: run 'run_live' cannot be retried/);
	});

	test('a step the workflow does not have: an error with Cortex\'s own message (not "cannot be retried")', async () => {
		cx().addRun({ id: 'run_old', workflowId: WF, status: 'FAILED' });
		const result = await retry('cortex', [{ runId: 'run_old', workflowId: WF, stepKey: 'nope' }]);
		const error = result.nodeError('Run Control');
		expect(error?.message).toBe(`Cortex: the request for run 'run_old' of workflow '${WF}' was rejected (400)`);
		expect(error?.description).toMatch(/Cortex said: "Step 'nope' not found in workflow"/);
		expect(retries('cortex')).toHaveLength(1);
		fakes.cortex.rejected.length = 0;
	});

	test('Step Key is required: an empty one fails before any request', async () => {
		cx().addRun({ id: 'run_old', workflowId: WF, status: 'FAILED' });
		const result = await retry('cortex', [{ runId: 'run_old', workflowId: WF, stepKey: '' }]);
		expect(result.nodeError('Run Control')?.message).toBe('Step Key is missing (item 1)');
		expect(cx().requests).toEqual([]);
	});

	test('a lost answer is never sent again: an error that says the run may have been retried', async () => {
		cx().addWorkflow({ id: WF, durationMs: 60_000 });
		cx().addRun({ id: 'run_old', workflowId: WF, status: 'FAILED' });
		cx().inject({ method: 'POST', path: `/apps/c/workflows/${WF}/runs/run_old/replay`, after: true, kind: 'reset' });
		const result = await retry('cortex', [{ runId: 'run_old', workflowId: WF }]);
		expect(result.nodeError('Run Control')?.message).toMatch(/^Cortex: the retry of run 'run_old' of workflow 'wf_orders' got no answer .*so the run may have been retried$/);
		expect(retries('cortex')).toHaveLength(1);
	});
});

describe('superglue: no retry', () => {
	test('a saved superglue Retry fails before any request, advising Start with the run\'s inputs', async () => {
		const result = await retry('superglue', [{ runId: 'r1' }, { runId: 'r2' }], { continueOnFail: true });
		expect(result.json.map((json) => json.error)).toEqual(['superglue has no Retry operation', 'superglue has no Retry operation']);
		const failing = await retry('superglue', [{ runId: 'r1' }]);
		expect(failing.nodeError('Run Control')?.description).toMatch(/Use the Start operation with the run's Tool ID and inputs/);
		expect(fakes.superglue.requests).toEqual([]);
	});

	test('the Operation list offers Retry for B3OS and Cortex, not for superglue', () => {
		const node = loadPackage().nodeTypes[NODE_TYPE];
		const lists = node.description.properties.filter((property: INodeProperties) => property.name === 'operation');
		const offered = (provider: string) =>
			lists
				.filter((list: INodeProperties) => (list.displayOptions?.show?.provider as string[] | undefined)?.includes(provider) ?? true)
				.flatMap((list: INodeProperties) => (list.options as Array<{ value: string }>).map((option) => option.value));
		expect(offered('superglue')).not.toContain('retry');
		expect(offered('superglue')).toContain('start');
		expect(offered('b3os')).toContain('retry');
		expect(offered('cortex')).toContain('retry');
	});
});
