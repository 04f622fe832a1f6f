/**
 * What the providers' published specifications settle, through n8n's engine against the strict
 * fakes, and every undocumented behaviour each way the simulators vary it:
 * - B3OS: the OpenAPI definition generated from B3's service code (`openapi/b3-b3os-workflow-openapi.json`
 *   in the public repository api-evangelist/b3) and the official client (b3-fun/b3os, `packages/mcp/src/`);
 * - Cortex: the official SDK trycortexai/cortex-node (`src/openapi.ts`, `src/fetch.ts`, `src/constants.ts`).
 */
import { errorPrefix, expectAllNormalized, runNode, useFakes } from './support/world';
import type { NodeRun, Operation, ProviderKey, RunOptions } from './support/world';

const fakes = useFakes({ strict: true });

const WF = 'wf_orders';
const isStart = (path: string) => /\/run$|\/runs$/.test(path);

function run(provider: ProviderKey, operation: Operation, items: Array<Record<string, unknown>>, opts: RunOptions = {}): Promise<NodeRun> {
	return runNode(fakes, provider, operation, items, {
		...opts,
		parameters: { workflowId: '={{ $json.workflowId }}', inputs: '={{ $json.inputs }}', ...opts.parameters },
	});
}

function expectNoKey(provider: ProviderKey, result: NodeRun) {
	const error = result.nodeError('Run Control');
	expect(JSON.stringify({ out: result.json, message: error?.message, description: error?.description })).not.toContain(fakes[provider].apiKey);
}

describe('B3OS run IDs and duplicate starts', () => {
	test('the node makes run_ + 32 hex digits (the official client checks ^run_\\w+$), a new one per item', async () => {
		fakes.b3os.addWorkflow({ id: WF, durationMs: 60_000 });
		const out = expectAllNormalized(await run('b3os', 'start', [{ workflowId: WF, inputs: {} }, { workflowId: WF, inputs: {} }, { workflowId: WF, inputs: {} }]));
		const ids = out.map((json) => json.runId);
		for (const id of ids) expect(id).toMatch(/^run_[0-9a-f]{32}$/);
		expect(new Set(ids).size).toBe(3);
	});

	test.each([400, 409] as const)(
		'a start retried after a lost answer meets the duplicate-ID answer (HTTP %d, code 400079): ONE run, alreadyStarted',
		async (status) => {
			fakes.b3os.variants.duplicateRunIdStatus = status;
			fakes.b3os.addWorkflow({ id: WF, durationMs: 60_000 });
			fakes.b3os.inject({ method: 'POST', path: `/v1/workflows/${WF}/run`, after: true, kind: 'reset' });
			const result = await run('b3os', 'start', [{ workflowId: WF, inputs: { n: 1 } }]);
			expect(result.status).toBe('success');
			const [json] = expectAllNormalized(result);
			expect(json).toMatchObject({ status: 'running', start: { alreadyStarted: true } });
			expect(fakes.b3os.requests.filter((rec) => rec.method === 'POST' && isStart(rec.path))).toHaveLength(2);
			expect(fakes.b3os.runIds()).toEqual([json.runId]);
		},
	);

	test('a taken New Run ID (400, code 400079) on the first try: "already taken" with the message, code and request ID; nothing started', async () => {
		fakes.b3os.addRun({ id: 'run_taken_1', workflowId: WF, status: 'success' });
		const result = await run('b3os', 'start', [{ workflowId: WF, inputs: {} }], { options: { newRunId: 'run_taken_1' } });
		const error = result.nodeError('Run Control');
		expect(error?.message).toBe("B3OS: the run ID 'run_taken_1' is already taken (400, code 400079)");
		expect(error?.description).toMatch(/B3OS said: "duplicate run ID" \(code 400079, request ID req_[0-9a-f]{16}\)\./);
		expect(fakes.b3os.runIds()).toEqual(['run_taken_1']);
		fakes.b3os.rejected.length = 0;
	});

	test('400078 (the server refuses the run ID): an error that says New Run ID is not valid, with code and request ID', async () => {
		fakes.b3os.addWorkflow({ id: WF });
		fakes.b3os.inject({
			method: 'POST',
			path: `/v1/workflows/${WF}/run`,
			status: 400,
			body: JSON.stringify({ code: 400078, details: [], message: 'invalid run ID', requestId: 'req_0123456789abcdef' }),
		});
		const result = await run('b3os', 'start', [{ workflowId: WF, inputs: {} }], { options: { newRunId: 'run_fine_1' } });
		expect(result.status).toBe('error');
		const error = result.nodeError('Run Control');
		expect(error?.message).toBe("B3OS: the run ID 'run_fine_1' is not valid (400, code 400078)");
		expect(error?.description).toContain('B3OS said: "invalid run ID" (code 400078, request ID req_0123456789abcdef).');
		expect(error?.description).toMatch(/New Run ID/);
		expect(fakes.b3os.requests).toHaveLength(1);
		expect(fakes.b3os.runIds()).toEqual([]);
	});
});

describe('B3OS errors {code, details[], message, requestId}: message, business code and request ID, never the key', () => {
	test('get of an unknown run: the request ID is in the error', async () => {
		const result = await run('b3os', 'get', [{ runId: 'run_ghost' }]);
		const error = result.nodeError('Run Control');
		expect(error?.message).toBe("B3OS: run 'run_ghost' was not found");
		expect(error?.description).toMatch(/^B3OS said: "run not found" \(request ID req_[0-9a-f]{16}\)\. /);
	});

	test('a business code and details are shown; the key, echoed in the message, is blanked out', async () => {
		fakes.b3os.inject({
			method: 'GET',
			status: 402,
			body: JSON.stringify({ code: 402001, details: [{ message: 'balance 0 CU' }], message: `insufficient CU balance for key ${fakes.b3os.apiKey}`, requestId: 'req_feedfacefeedface' }),
		});
		const result = await run('b3os', 'get', [{ runId: 'run_x' }]);
		const error = result.nodeError('Run Control');
		expect(error?.message).toBe("B3OS: unexpected answer (HTTP 402, code 402001) for run 'run_x'");
		expect(error?.description).toMatch(/^B3OS said: "insufficient CU balance for key \*\*\*: balance 0 CU" \(code 402001, request ID req_feedfacefeedface\)\. /);
		expectNoKey('b3os', result);
	});

	test('Continue On Fail: each failed item carries the message with code; other items go on', async () => {
		fakes.b3os.addRun({ id: 'run_ok', status: 'success' });
		fakes.b3os.addRun({ id: 'run_done', status: 'success' });
		const result = await run('b3os', 'cancel', [{ runId: 'run_ok' }, { runId: 'run_nope' }], { continueOnFail: true, options: { ifAlreadyFinished: 'error' } });
		expect(result.out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.json[0].error).toMatch(/^B3OS: run 'run_ok' had already finished/);
		expect(result.json[1].error).toBe("B3OS: run 'run_nope' was not found");
	});
});

describe('Cortex', () => {
	test('a start is answered 200 with the run (the SDK); the item is that run', async () => {
		fakes.cortex.addWorkflow({ id: WF, durationMs: 60_000 });
		const [json] = expectAllNormalized(await run('cortex', 'start', [{ workflowId: WF, inputs: {} }]));
		expect(json).toMatchObject({ operation: 'start', status: 'running', workflowId: WF, start: { alreadyStarted: false } });
		expect(fakes.cortex.requests).toHaveLength(1);
	});

	test.each([undefined, 30])('Get Many asks take=100 (the documented default, no documented maximum); a server that serves %s a page is followed at its size', async (maxTake) => {
		fakes.cortex.pageCap = maxTake;
		const now = Date.now();
		for (let index = 0; index < 250; index++) {
			fakes.cortex.addRun({ id: `run_${String(index).padStart(4, '0')}`, workflowId: WF, status: 'COMPLETED', startedAt: new Date(now - index * 60_000).toISOString() });
		}
		const out = expectAllNormalized(await run('cortex', 'getAll', [{ workflowId: WF }], { parameters: { returnAll: true } }));
		expect(out).toHaveLength(250);
		expect(new Set(out.map((json) => json.runId)).size).toBe(250);
		const lists = fakes.cortex.listRequests(WF);
		// The first page asks 100; the next ones ask at the size the server reports (pagination-take).
		expect(lists.map((rec) => rec.query.get('take'))).toEqual(maxTake === undefined ? ['100', '100', '100'] : ['100', ...Array(8).fill('30')]);
		expect(lists).toHaveLength(maxTake === undefined ? 3 : 9);
	});

	describe.each([true, false])('Include Output where a plain read carries result: %s', (withResult) => {
		const result = { rows: 3 };
		beforeEach(() => {
			fakes.cortex.variants.resultWithoutVerbose = withResult;
		});
		const reads = () => fakes.cortex.requests.filter((rec) => rec.method === 'GET' && !rec.list).map((rec) => rec.query.get('verbose'));

		test('get: the result, from one read with verbose=all', async () => {
			fakes.cortex.addRun({ id: 'run_done', workflowId: WF, status: 'COMPLETED', output: result });
			const [json] = expectAllNormalized(await run('cortex', 'get', [{ runId: 'run_done', workflowId: WF }], { options: { includeOutput: true } }));
			expect(json).toMatchObject({ output: result, outputNote: null });
			expect(reads()).toEqual(['all']);
		});

		test('get without Include Output: output is what the run carries (null without result)', async () => {
			fakes.cortex.addRun({ id: 'run_done', workflowId: WF, status: 'COMPLETED', output: result });
			const [json] = expectAllNormalized(await run('cortex', 'get', [{ runId: 'run_done', workflowId: WF }]));
			expect(json.output).toEqual(withResult ? result : null);
			expect(reads()).toEqual([null]);
		});

		test('start with Wait for Finish: the result of the finished run', async () => {
			fakes.cortex.addWorkflow({ id: WF, durationMs: 1200, output: result });
			const [json] = expectAllNormalized(
				await run('cortex', 'start', [{ workflowId: WF, inputs: {} }], { options: { waitForFinish: true, includeOutput: true, pollInterval: 1 } }),
			);
			expect(json).toMatchObject({ status: 'succeeded', output: result, outputNote: null });
			expect(reads().filter((verbose) => verbose === 'all')).toHaveLength(withResult ? 0 : 1);
		});

		test('getAll: each run with its result; a failed run: output null and a note', async () => {
			fakes.cortex.addRun({ id: 'run_a', workflowId: WF, status: 'COMPLETED', output: result, startedAt: new Date(Date.now() - 60_000).toISOString() });
			fakes.cortex.addRun({ id: 'run_b', workflowId: WF, status: 'FAILED', startedAt: new Date(Date.now() - 120_000).toISOString() });
			const out = expectAllNormalized(await run('cortex', 'getAll', [{ workflowId: WF }], { parameters: { returnAll: true }, options: { includeOutput: true } }));
			expect(out.map((json) => [json.runId, json.output, json.outputNote])).toEqual([
				['run_a', result, null],
				['run_b', null, 'Cortex gives no result for this run.'],
			]);
		});
	});

	describe.each([400, 409, 422, 'run'] as const)('cancelling a finished run answered %s (undocumented)', (answer) => {
		beforeEach(() => {
			fakes.cortex.variants.finishedCancel = answer;
		});

		test('If Already Finished = output: the final state, alreadyFinished', async () => {
			fakes.cortex.addRun({ id: 'run_done', workflowId: WF, status: 'COMPLETED' });
			const [json] = expectAllNormalized(await run('cortex', 'cancel', [{ runId: 'run_done', workflowId: WF }]));
			expect(json).toMatchObject({ status: 'succeeded', cancel: { requested: true, alreadyFinished: true } });
		});

		test('If Already Finished = error: the item fails, Continue On Fail keeps the others', async () => {
			fakes.cortex.addRun({ id: 'run_done', workflowId: WF, status: 'FAILED' });
			fakes.cortex.addRun({ id: 'run_live', workflowId: WF, status: 'RUNNING' });
			const result = await run('cortex', 'cancel', [{ runId: 'run_done', workflowId: WF }, { runId: 'run_live', workflowId: WF }], {
				continueOnFail: true,
				options: { ifAlreadyFinished: 'error' },
			});
			expect(result.json[0].error).toBe(`${errorPrefix('cortex')}run 'run_done' had already finished (failed); nothing was cancelled`);
			expect(result.json[1]).toMatchObject({ runId: 'run_live', status: 'cancelled', cancel: { alreadyFinished: false } });
		});
	});
});
