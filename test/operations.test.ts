/**
 * The 0.2 operations through n8n's engine (Manual Trigger → items → Run Control, the built node),
 * against the strict fake of every provider of the registry: Start (exact requests, never a second
 * run, lost answers), Get Many (paging, filters, request counts) and Include Output.
 */
import type { RecordedRequest } from '../dev/simulator';
import { errorPrefix, expectAllNormalized, fakeOf, hiddenLists, listStarts, PROVIDER_KEYS, runNode, useFakes, withoutHidden, WORDS } from './support/world';
import type { NodeRun, Operation, ProviderKey, RunOptions } from './support/world';

const fakes = useFakes({ strict: true });

const WF = 'wf_orders';
const fake = (provider: ProviderKey) => fakeOf(fakes, provider);
/** What the suites expect of a provider (its row in dev/providers). */
const expected = (provider: ProviderKey) => WORDS[provider].expect;

/** A start request of this provider. */
const startPath = (provider: ProviderKey) => expected(provider).paths.start;
const isStartOf = (provider: ProviderKey) => (rec: RecordedRequest) => rec.method === 'POST' && startPath(provider).test(rec.path);
const startsOf = (provider: ProviderKey) => fake(provider).requests.filter(isStartOf(provider));
const bodyOf = (rec: RecordedRequest) => JSON.parse(rec.body) as Record<string, unknown>;

function run(provider: ProviderKey, operation: Operation, items: Array<Record<string, unknown>>, opts: RunOptions = {}): Promise<NodeRun> {
	return runNode(fakes, provider, operation, items, {
		...opts,
		parameters: { workflowId: '={{ $json.workflowId }}', inputs: '={{ $json.inputs }}', ...opts.parameters },
	});
}

/** The node's error (or the error item's text) must never hold the API key. */
function expectNoKey(provider: ProviderKey, result: NodeRun) {
	const error = result.nodeError('Run Control');
	const text = JSON.stringify({ out: result.json, message: error?.message, description: error?.description });
	expect(text).not.toContain(fake(provider).apiKey);
}

const minutesAgo = (minutes: number, from = Date.now()) => new Date(from - minutes * 60_000).toISOString();

/** The providers that offer Start. */
const STARTERS = PROVIDER_KEYS.filter((provider) => expected(provider).start !== undefined);
const NON_STARTERS = PROVIDER_KEYS.filter((provider) => expected(provider).start === undefined);

if (NON_STARTERS.length > 0) {
	test.each(NON_STARTERS)('%s: Start is not offered: the item fails with the advice, before any request', async (provider) => {
		const result = await run(provider, 'start', [{ workflowId: WF, inputs: {} }], { continueOnFail: true });
		expect(result.json[0].error).toBe(`${WORDS[provider].name} has no Start operation`);
		const failing = await run(provider, 'start', [{ workflowId: WF, inputs: {} }]);
		expect(failing.nodeError('Run Control')?.description).toMatch(/\S/); // the provider's advice
		expect(fake(provider).requests).toEqual([]);
	});
}

describe.each(STARTERS)('%s: Start', (provider: ProviderKey) => {
	const words = WORDS[provider];
	const spec = expected(provider).start!;
	const { workflowLabel, workflowNoun } = expected(provider);

	test('sends the exact start request and outputs a complete normalized item', async () => {
		fake(provider).addWorkflow({ id: WF, durationMs: 60_000 });
		const inputs = { customerId: 42, tags: ['a'] };
		const result = await run(provider, 'start', [{ workflowId: WF, inputs }]);
		expect(result.status).toBe('success');
		const [json] = expectAllNormalized(result);
		const [sent] = startsOf(provider);
		expect(startsOf(provider)).toHaveLength(1);
		expect(sent.path).toBe(spec.path(WF));
		expect(sent.headers['content-type']).toMatch(/^application\/json/);
		const body = bodyOf(sent);
		expect(body).toEqual(spec.body(inputs, body.runId as string | undefined));
		if (spec.runId) expect(body.runId).toMatch(spec.runId);
		else expect(body).not.toHaveProperty('runId');
		expect(fake(provider).runIds()).toEqual([json.runId]);
		if (spec.runId) expect(json.runId).toBe(body.runId);
		expect(json).toMatchObject({
			provider,
			operation: 'start',
			workflowId: WF,
			status: 'running',
			providerStatus: words.running,
			finished: false,
			succeeded: false,
			finishedAt: null,
			error: null,
			start: { alreadyStarted: false },
		});
		expect(json.startedAt).not.toBeNull();
		expect(json.durationMs).toBeGreaterThanOrEqual(0);
		expect(json).not.toHaveProperty('wait');
		expect(json).not.toHaveProperty('outputNote');
		// Where the answer names the run only, one read makes the item complete.
		const others = fake(provider).requests.filter((rec) => !isStartOf(provider)(rec));
		expect(others.map((rec) => `${rec.method} ${rec.rawPath}`)).toEqual(spec.after(json.runId as string));
	});

	test('several items start one run each, in order, with pairedItem', async () => {
		fake(provider).addWorkflow({ id: WF, durationMs: 60_000 });
		const items = [1, 2, 3].map((n) => ({ workflowId: WF, inputs: { n } }));
		const result = await run(provider, 'start', items);
		const out = expectAllNormalized(result);
		expect(out).toHaveLength(3);
		expect(fake(provider).runIds()).toHaveLength(3);
		out.forEach((json, index) => {
			expect(result.out[index].pairedItem).toEqual({ item: index });
			const stored = fake(provider).getRun(json.runId) as Record<string, unknown>;
			expect(spec.storedInputs(stored)).toEqual({ n: index + 1 });
		});
	});

	test('inputs that are not a JSON object fail the item before any request', async () => {
		fake(provider).addWorkflow({ id: WF });
		const items = [{ workflowId: WF, inputs: [1, 2] }, { workflowId: WF, inputs: 'not json' }, { workflowId: WF, inputs: 7 }, { workflowId: WF, inputs: { ok: true } }];
		const result = await run(provider, 'start', items, { continueOnFail: true });
		expect(result.json.slice(0, 3).map((json) => json.error)).toEqual([
			'Inputs must be a JSON object (item 1 has an array)',
			'Inputs is not valid JSON (item 2)',
			'Inputs must be a JSON object (item 3 has a number)',
		]);
		expect(result.json[0]).toMatchObject({ provider, operation: 'start' });
		expect(result.json[3]).toMatchObject({ operation: 'start', start: { alreadyStarted: false } });
		expect(startsOf(provider)).toHaveLength(1);

		fake(provider).reset();
		const bad = await run(provider, 'start', [{ workflowId: WF }], { parameters: { inputs: '{"open": ' } });
		expect(bad.status).toBe('error');
		expect(bad.nodeError('Run Control')?.message).toBe('Inputs is not valid JSON (item 1)');
		expect(fake(provider).requests).toEqual([]);
	});

	test('a missing workflow ID fails before any request', async () => {
		const result = await run(provider, 'start', [{ workflowId: '' }]);
		expect(result.status).toBe('error');
		expect(result.nodeError('Run Control')?.message).toBe(`${workflowLabel} is missing (item 1)`);
		expect(fake(provider).requests).toEqual([]);
	});

	test('waitForFinish: waits as Wait Until Finished, with start and wait blocks', async () => {
		fake(provider).addWorkflow({ id: WF, durationMs: 1500, cost: 3 });
		const result = await run(provider, 'start', [{ workflowId: WF, inputs: {} }], { options: { waitForFinish: true, pollInterval: 1, timeout: 30 } });
		const [json] = expectAllNormalized(result);
		expect(json).toMatchObject({ operation: 'start', status: 'succeeded', finished: true, succeeded: true, start: { alreadyStarted: false }, wait: { timedOut: false } });
		expect(json.wait!.polls).toBeGreaterThanOrEqual(1);
		expect(json.finishedAt).not.toBeNull();
		expect(startsOf(provider)).toHaveLength(1);
	});

	test('waitForFinish with errorIfNotSucceeded: a failed run fails the item', async () => {
		fake(provider).addWorkflow({ id: WF, durationMs: 800, finalStatus: words.failed, error: 'step 3 broke' });
		const result = await run(provider, 'start', [{ workflowId: WF, inputs: {} }], { options: { waitForFinish: true, errorIfNotSucceeded: true, pollInterval: 1 } });
		expect(result.status).toBe('error');
		expect(result.nodeError('Run Control')?.message).toMatch(new RegExp(`^${errorPrefix(provider)}run '.+' finished as failed: .*step 3 broke`));
		expect(fake(provider).runIds()).toHaveLength(1);
	});

	test('waitForFinish with onTimeout output: the last state, timedOut', async () => {
		fake(provider).addWorkflow({ id: WF, durationMs: 60_000 });
		const result = await run(provider, 'start', [{ workflowId: WF, inputs: {} }], { options: { waitForFinish: true, pollInterval: 1, timeout: 1, onTimeout: 'output' } });
		const [json] = expectAllNormalized(result);
		expect(json).toMatchObject({ operation: 'start', status: 'running', finished: false, start: { alreadyStarted: false }, wait: { timedOut: true } });
		const failing = await run(provider, 'start', [{ workflowId: WF, inputs: {} }], { options: { waitForFinish: true, pollInterval: 1, timeout: 1 } });
		expect(failing.nodeError('Run Control')?.message).toMatch(/did not finish within 1 s \(last status: running/);
	});

	test('Continue On Fail: a failed start is an error item, the others carry on, in order', async () => {
		fake(provider).addWorkflow({ id: WF, durationMs: 60_000 });
		const result = await run(provider, 'start', [{ workflowId: 'nope', inputs: {} }, { workflowId: WF, inputs: {} }], { continueOnFail: true });
		expect(result.status).toBe('success');
		expect(result.out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.json[0]).toMatchObject({ provider, operation: 'start' });
		expect(result.json[0].error).toBe(`${errorPrefix(provider)}${workflowNoun} 'nope' was not found`);
		// The error item names the run ID the node chose and sent (none where the provider takes none).
		if (spec.runId) expect(result.json[0].runId).toEqual(expect.stringMatching(spec.runId));
		else expect(result.json[0].runId).toBe('');
		expect(result.json[1]).toMatchObject({ operation: 'start', status: 'running' });
		expect(fake(provider).runIds()).toHaveLength(1);
	});

	if (spec.runId) {
		const mine = spec.ownRunId ?? 'mine-0001';
		// How the provider answers a start whose run ID is taken (e.g. 409, or 400 with a business code).
		const taken = spec.takenAnswer ?? '409';

		test('newRunId is the ID sent and the ID of the run', async () => {
			fake(provider).addWorkflow({ id: WF, durationMs: 60_000 });
			const result = await run(provider, 'start', [{ workflowId: WF, inputs: {} }], { options: { newRunId: mine } });
			const [json] = expectAllNormalized(result);
			expect(bodyOf(startsOf(provider)[0]).runId).toBe(mine);
			expect(json.runId).toBe(mine);
			expect(fake(provider).runIds()).toEqual([mine]);
		});

		test('a duplicate-ID answer on the first attempt (the ID is taken) is an error that says so; nothing is started', async () => {
			fake(provider).addRun({ id: mine, workflowId: WF, status: words.success });
			const result = await run(provider, 'start', [{ workflowId: WF, inputs: {} }], { options: { newRunId: mine } });
			expect(result.status).toBe('error');
			const error = result.nodeError('Run Control');
			expect(error?.message).toBe(`${errorPrefix(provider)}the run ID '${mine}' is already taken (${taken})`);
			expect(error?.description).toMatch(/nothing was started/);
			expect(fake(provider).runIds()).toEqual([mine]);
			expect(startsOf(provider)).toHaveLength(1);
			// The strict fake notes a start with a taken ID; here that is the point of the test.
			expect(fake(provider).rejected.map((entry) => entry.reason)).toEqual([`run id '${mine}' is already taken`]);
			fake(provider).rejected.length = 0;
		});

		test('a taken ID answered after a 429 (the server did not act on the first try) is still "already taken", not a start', async () => {
			fake(provider).addRun({ id: mine, workflowId: WF, status: words.success });
			fake(provider).inject({ method: 'POST', path: startPath(provider), status: 429, headers: { 'retry-after': '0' } });
			const result = await run(provider, 'start', [{ workflowId: WF, inputs: {} }], { options: { newRunId: mine } });
			expect(result.status).toBe('error');
			expect(result.nodeError('Run Control')?.message).toBe(`${errorPrefix(provider)}the run ID '${mine}' is already taken (${taken})`);
			expect(startsOf(provider)).toHaveLength(2);
			fake(provider).rejected.length = 0;
		});

		test('a 5xx that reached the server, then the retry: one run, found as already started', async () => {
			fake(provider).addWorkflow({ id: WF, durationMs: 60_000 });
			fake(provider).inject({ method: 'POST', path: startPath(provider), after: true, status: 500 });
			fake(provider).inject({ method: 'POST', path: startPath(provider), status: 503 });
			const [json] = expectAllNormalized(await run(provider, 'start', [{ workflowId: WF, inputs: {} }]));
			expect(json.start).toEqual({ alreadyStarted: true });
			expect(startsOf(provider)).toHaveLength(3);
			expect(fake(provider).runIds()).toEqual([json.runId]);
		});

		test.each(['reset', '502'])('a lost answer (%s after the run was created): retried with the same ID, duplicate-ID answer, read: alreadyStarted, ONE run', async (how) => {
			fake(provider).addWorkflow({ id: WF, durationMs: 60_000 });
			fake(provider).inject({ method: 'POST', path: startPath(provider), after: true, ...(how === 'reset' ? { kind: 'reset' as const } : { status: 502 }) });
			const result = await run(provider, 'start', [{ workflowId: WF, inputs: { x: 1 } }]);
			expect(result.status).toBe('success');
			const [json] = expectAllNormalized(result);
			expect(json).toMatchObject({ operation: 'start', status: 'running', workflowId: WF, start: { alreadyStarted: true } });
			const tries = startsOf(provider);
			expect(tries).toHaveLength(2);
			expect(bodyOf(tries[1]).runId).toBe(bodyOf(tries[0]).runId);
			expect(json.runId).toBe(bodyOf(tries[0]).runId);
			expect(fake(provider).runIds()).toEqual([json.runId]);
		});
	} else {
		test('newRunId does not apply: the start carries no run ID', async () => {
			fake(provider).addWorkflow({ id: WF, durationMs: 60_000 });
			const result = await run(provider, 'start', [{ workflowId: WF, inputs: {} }], { options: { newRunId: 'ignored' } });
			expectAllNormalized(result);
			expect(bodyOf(startsOf(provider)[0])).not.toHaveProperty('runId');
		});

		test.each(['reset', '502'])('a lost answer (%s after the run was created): never sent twice; the item says the run may have started', async (how) => {
			fake(provider).addWorkflow({ id: WF, durationMs: 60_000 });
			fake(provider).inject({ method: 'POST', path: startPath(provider), after: true, ...(how === 'reset' ? { kind: 'reset' as const } : { status: 502 }) });
			const result = await run(provider, 'start', [{ workflowId: WF, inputs: {} }]);
			expect(result.status).toBe('error');
			const error = result.nodeError('Run Control');
			expect(error?.message).toMatch(new RegExp(`^${errorPrefix(provider)}.*workflow '${WF}'.*the run may have started`));
			expect(error?.description).toMatch(/check the workflow's runs/);
			expect(startsOf(provider)).toHaveLength(1);
			expect(fake(provider).runIds()).toHaveLength(1);
			expectNoKey(provider, result);
		});

	}

	const { discoverable, versions } = spec;
	if (discoverable) {
		test('the discoverable source starts through the discover path', async () => {
			fake(provider).addWorkflow({ id: 'wf_shared', durationMs: 60_000, discoverable: true });
			const result = await run(provider, 'start', [{ workflowId: 'wf_shared', inputs: { a: 1 } }], { parameters: discoverable.parameters });
			const [json] = expectAllNormalized(result);
			expect(startsOf(provider).map((rec) => rec.path)).toEqual([discoverable.path('wf_shared')]);
			expect(json).toMatchObject({ workflowId: 'wf_shared', status: 'running', start: { alreadyStarted: false } });
		});
	}

	const { queuedWord } = expected(provider);
	if (queuedWord) {
		test(`a queued start (${queuedWord}) is output as queued, without a start time`, async () => {
			fake(provider).addWorkflow({ id: WF, durationMs: 60_000, queuedMs: 60_000 });
			const [json] = expectAllNormalized(await run(provider, 'start', [{ workflowId: WF, inputs: {} }]));
			expect(json).toMatchObject({ status: 'queued', providerStatus: queuedWord, startedAt: null, durationMs: null });
		});
	}

	if (versions) {
		test.each(versions.cases)('workflowVersion %s is sent as the version', async (given, sent) => {
			fake(provider).addWorkflow({ id: WF, durationMs: 60_000 });
			expectAllNormalized(await run(provider, 'start', [{ workflowId: WF, inputs: {} }], { options: { workflowVersion: given } }));
			expect(bodyOf(startsOf(provider)[0])[versions.field]).toBe(sent);
		});
	}

	describe('errors in plain words, naming the tool or workflow, without the API key', () => {
		const what = `${workflowNoun} '${WF}'`;
		const cases: Array<[number, RegExp]> = [
			[401, /the API key was rejected \(401\)$/],
			[403, new RegExp(`access to ${what} was refused \\(403\\)$`)],
			[422, new RegExp(`the request for ${what} was rejected \\(422\\)$`)],
			[429, /rate limit still exceeded after 5 tries \(429\)$/],
			[503, spec.runId ? /the server failed \(503\) after 3 tries$/ : /the server failed \(503\).*the run may have started/],
		];
		test.each(cases)('HTTP %d', async (status, message) => {
			fake(provider).addWorkflow({ id: WF });
			fake(provider).inject({ method: 'POST', path: startPath(provider), status, times: status === 429 ? 5 : 3, headers: status === 429 ? { 'retry-after': '0' } : undefined });
			const result = await run(provider, 'start', [{ workflowId: WF, inputs: {} }]);
			expect(result.status).toBe('error');
			const error = result.nodeError('Run Control');
			expect(error?.message.startsWith(errorPrefix(provider))).toBe(true);
			expect(error?.message).toMatch(message);
			expect(fake(provider).runIds()).toEqual([]);
			expectNoKey(provider, result);
		});

		test('404: an unknown tool or workflow', async () => {
			const result = await run(provider, 'start', [{ workflowId: 'ghost', inputs: {} }]);
			expect(result.nodeError('Run Control')?.message).toBe(`${errorPrefix(provider)}${workflowNoun} 'ghost' was not found`);
			expectNoKey(provider, result);
		});
	});
});

test.each(['mine-1', 'run_mine-1', 'run_', 'run_ä'])('B3OS: New Run ID %s (not ^run_\\w+$) is refused before any request', async (given) => {
	fake('b3os').addWorkflow({ id: WF });
	const result = await run('b3os', 'start', [{ workflowId: WF, inputs: {} }], { options: { newRunId: given } });
	expect(result.status).toBe('error');
	expect(result.nodeError('Run Control')?.message).toBe(`New Run ID '${given}' cannot be used (item 1)`);
	expect(result.nodeError('Run Control')?.description).toMatch(/"run_" followed by letters, digits and underscores only/);
	expect(fake('b3os').requests).toEqual([]);
});

test('B3OS: a Workflow Version that is not a whole number is refused before any request', async () => {
	fake('b3os').addWorkflow({ id: WF });
	const result = await run('b3os', 'start', [{ workflowId: WF, inputs: {} }], { options: { workflowVersion: 'latest' } });
	expect(result.nodeError('Run Control')?.message).toBe("Workflow Version 'latest' cannot be used (item 1)");
	expect(fake('b3os').requests).toEqual([]);
});

test('B3OS: Start with Include Output reads the run once, with its node results', async () => {
	fake('b3os').addWorkflow({ id: WF, durationMs: 60_000 });
	const [json] = expectAllNormalized(await run('b3os', 'start', [{ workflowId: WF, inputs: { a: 1 } }], { options: { includeOutput: true } }));
	expect(json).toMatchObject({ status: 'running', output: { root: { a: 1 } }, outputNote: null });
	expect(fake('b3os').requests.map((rec) => `${rec.method} ${rec.path}${rec.query.has('summary') ? `?summary=${rec.query.get('summary')}` : ''}`)).toEqual([
		`POST /v1/workflows/${WF}/run`,
		`GET /v1/runs/${json.runId}?summary=false`,
	]);
});

test('B3OS: Get Many of an unknown workflow says the workflow was not found', async () => {
	const result = await run('b3os', 'getAll', [{ workflowId: 'ghost' }], { parameters: { returnAll: true } });
	expect(result.nodeError('Run Control')?.message).toBe("B3OS: workflow 'ghost' was not found");
});

test('Get Many over two status walks: a run that changes status between them is output once', async () => {
	const sg = fake('superglue');
	sg.addRun({ id: 'flip', workflowId: WF, status: 'running', startedAt: minutesAgo(1) });
	sg.addRun({ id: 'other', workflowId: WF, status: 'failed', startedAt: minutesAgo(2) });
	const requests = sg.requests;
	const push = requests.push;
	requests.push = function (...recs: RecordedRequest[]) {
		// The second walk's request arrives after the run finished as failed.
		if (recs.some((rec) => rec.query?.get('status') === 'failed')) sg.setStatus('flip', 'failed');
		return push.apply(this, recs);
	};
	try {
		const out = expectAllNormalized(await run('superglue', 'getAll', [{ workflowId: WF }], { parameters: { returnAll: true, filters: { status: ['running', 'failed'] } } }));
		expect(out.map((json) => json.runId)).toEqual(['flip', 'other']);
	} finally {
		delete (requests as { push?: unknown }).push;
	}
});

test('a stalled answer after the run was created: providers with a client run ID retry to one run, the others never send twice', async () => {
	const providers = STARTERS;
	for (const provider of providers) {
		fake(provider).addWorkflow({ id: WF, durationMs: 120_000 });
		fake(provider).inject({ method: 'POST', path: startPath(provider), after: true, kind: 'stall' });
	}
	const results = await Promise.all(providers.map((provider) => run(provider, 'start', [{ workflowId: WF, inputs: {} }])));
	providers.forEach((provider, index) => {
		const result = results[index];
		if (expected(provider).start?.runId) {
			const [json] = expectAllNormalized(result);
			expect(json.start).toEqual({ alreadyStarted: true });
			expect(startsOf(provider)).toHaveLength(2);
			expect(fake(provider).runIds()).toEqual([json.runId]);
		} else {
			expect(result.status).toBe('error');
			expect(result.nodeError('Run Control')?.message).toMatch(/the run may have started/);
			expect(startsOf(provider)).toHaveLength(1);
			expect(fake(provider).runIds()).toHaveLength(1);
		}
	});
}, 90_000);

// ------------------------------------------------------------------------------------------------

describe.each(PROVIDER_KEYS)('%s: Get Many', (provider: ProviderKey) => {
	const words = WORDS[provider];
	// The time the runs are seeded from: taken afresh for each test, so that a filter relative to
	// the execution's $now sees the ages the test means however long the suite has been running.
	let now = Date.now();
	beforeEach(() => {
		now = Date.now();
	});
	const id = (index: number) => `run_${String(index).padStart(4, '0')}`;
	/** `count` runs of WF, a minute apart, run_0000 the newest. */
	const seed = (count: number, status: (index: number) => string = () => words.success, workflowId = WF) => {
		fake(provider).addWorkflow({ id: workflowId });
		for (let index = 0; index < count; index++) fake(provider).addRun({ id: id(index), workflowId, status: status(index), startedAt: minutesAgo(index + 1, now) });
	};
	const list = (opts: RunOptions & { items?: Array<Record<string, unknown>> } = {}) =>
		run(provider, 'getAll', opts.items ?? [{ workflowId: WF }], { ...opts, parameters: { returnAll: true, ...opts.parameters } });

	/** The page size the node asks for Return All (the largest the provider serves). */
	const size = WORDS[provider].expect.list.pageSize;
	/** The requests of the walk over every status, and those of the hidden status words' lists. */
	const walked = () => withoutHidden(provider, fake(provider).listRequests());

	test.each([
		[0, 1],
		[1, 1],
		[size, 1],
		[size + 1, 2],
		[size * 2.5, 3],
	])('returnAll over %d runs: %d page request(s), newest first, no duplicate', async (count, pages) => {
		seed(count);
		const result = await list();
		const out = expectAllNormalized(result);
		expect(out.map((json) => json.runId)).toEqual(Array.from({ length: count }, (_, index) => id(index)));
		expect(out.every((json) => json.operation === 'getAll' && json.workflowId === WF)).toBe(true);
		expect(result.out.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
		const requests = fake(provider).listRequests();
		// Each hidden status word's list is one page here (no run has such a status).
		expect(requests).toHaveLength(pages + hiddenLists(provider));
		expect(fake(provider).requests).toHaveLength(pages + hiddenLists(provider));
		expect(listStarts(provider, walked())).toEqual(Array.from({ length: pages }, (_, index) => ({ page: index + 1, size })));
		expect(requests.every((rec) => rec.workflowId === WF)).toBe(true);
	});

	test.each([
		[5, 1, 5],
		[size, 1, size],
		[size * 1.5, 2, size],
	])('limit %d: %d request(s) of page size %d, stopping once the answer is complete', async (limit, pages, pageSize) => {
		seed(size * 2.5);
		const result = await list({ parameters: { returnAll: false, limit } });
		const out = expectAllNormalized(result);
		expect(out.map((json) => json.runId)).toEqual(Array.from({ length: limit }, (_, index) => id(index)));
		expect(listStarts(provider, walked())).toEqual(Array.from({ length: pages }, (_, index) => ({ page: index + 1, size: pageSize })));
	});

	test('a run that starts between two pages: every run once, none twice', async () => {
		seed(size * 1.5);
		const requests = fake(provider).requests;
		const push = requests.push;
		let lists = 0;
		requests.push = function (...recs: RecordedRequest[]) {
			const pages = withoutHidden(provider, recs.filter((rec) => expected(provider).paths.list.test(rec.rawPath)));
			if (pages.length > 0 && ++lists === 2) fake(provider).addRun({ id: 'run_newcomer', workflowId: WF, status: words.success });
			return push.apply(this, recs);
		};
		try {
			const out = expectAllNormalized(await list());
			const ids = out.map((json) => json.runId);
			expect(new Set(ids).size).toBe(ids.length);
			expect(ids.filter((runId) => runId !== 'run_newcomer')).toEqual(Array.from({ length: size * 1.5 }, (_, index) => id(index)));
			expect(walked()).toHaveLength(2);
		} finally {
			delete (requests as { push?: unknown }).push;
		}
	});

	test('status filter, several statuses: each run of those statuses, newest first; the provider words only', async () => {
		const cycle = [words.running, words.success, words.failed, words.cancelled];
		seed(12, (index) => cycle[index % 4]);
		const result = await list({ parameters: { filters: { status: ['running', 'failed'] } } });
		const out = expectAllNormalized(result);
		expect(out.map((json) => json.runId)).toEqual([0, 2, 4, 6, 8, 10].map(id));
		expect(out.map((json) => json.status)).toEqual(['running', 'failed', 'running', 'failed', 'running', 'failed']);
		const sent = fake(provider).listRequests().map((rec) => rec.query.getAll('status'));
		// One status per request (superglue crashes on a repeated one), in the provider's own words:
		// each word of a finished status (failed may have several), and its word for running.
		const failedWords = expected(provider).finals.filter((final) => final.status === 'failed').map((final) => [final.word]);
		expect(sent.sort()).toEqual([...failedWords, [words.running]].sort());
	});

	test('a status the provider lacks matches none of its runs, with no request carrying an unknown word', async () => {
		seed(4, (index) => (index % 2 === 0 ? words.running : words.success));
		const { lacking } = expected(provider).list;
		const none = await list({ parameters: { filters: { status: [lacking] } } });
		expect(none.status).toBe('success');
		expect(none.out).toEqual([]);
		expect(fake(provider).requests).toEqual([]);
		const some = expectAllNormalized(await list({ parameters: { filters: { status: [lacking, 'running'] } } }));
		expect(some.map((json) => json.runId)).toEqual([id(0), id(2)]);
		expect(fake(provider).listRequests().map((rec) => rec.query.getAll('status'))).toEqual([[words.running]]);
	});

	test('startedAfter is inclusive and ends the page walk when a page goes older', async () => {
		seed(250);
		const startedAfter = minutesAgo(50, now); // the start of run_0049
		const out = expectAllNormalized(await list({ parameters: { filters: { startedAfter } } }));
		expect(out.map((json) => json.runId)).toEqual(Array.from({ length: 50 }, (_, index) => id(index)));
		const requests = walked();
		expect(requests).toHaveLength(1);
		const { startedAfterParam } = expected(provider).list;
		if (startedAfterParam) expect(requests[0].query.get(startedAfterParam)).toBe(startedAfter);
	});

	test('startedBefore is exclusive; with a limit', async () => {
		seed(30);
		const startedBefore = minutesAgo(11, now); // the start of run_0010
		const out = expectAllNormalized(await list({ parameters: { returnAll: false, limit: 5, filters: { startedBefore } } }));
		expect(out.map((json) => json.runId)).toEqual([11, 12, 13, 14, 15].map(id));
		expect(walked()).toHaveLength(1);
	});

	test('the user story: running runs started more than 10 minutes ago (an expression)', async () => {
		seed(20, (index) => (index % 3 === 0 ? words.success : words.running));
		const out = expectAllNormalized(await list({ parameters: { filters: { status: ['running'], startedBefore: "={{ $now.minus(10, 'minutes') }}" } } }));
		expect(out.map((json) => json.runId)).toEqual([10, 11, 13, 14, 16, 17, 19].map(id));
		expect(out.every((json) => json.status === 'running' && (json.durationMs as number) >= 600_000)).toBe(true);
	});

	test('no run found: no item for that input item; pairedItem points at the item that asked', async () => {
		seed(2);
		fake(provider).addWorkflow({ id: 'wf_empty' });
		const result = await list({ items: [{ workflowId: 'wf_empty' }, { workflowId: WF }] });
		expect(result.status).toBe('success');
		expect(result.json.map((json) => json.runId)).toEqual([id(0), id(1)]);
		expect(result.out.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 1 }]);
	});

	test('errors: a failing page names the list, in plain words, without the API key', async () => {
		seed(3);
		fake(provider).inject({ method: 'GET', path: expected(provider).paths.list, status: 403 });
		const result = await list();
		expect(result.status).toBe('error');
		const message = result.nodeError('Run Control')?.message ?? '';
		expect(message.startsWith(errorPrefix(provider))).toBe(true);
		expect(message).toMatch(new RegExp(`${expected(provider).workflowNoun} '${WF}'.*\\(403\\)`));
		expectNoKey(provider, result);
	});

	const { queuedWord, needsWorkflowId } = expected(provider);
	const { orgWide } = expected(provider).list;
	if (queuedWord) {
		test(`a queued run (${queuedWord}, no start time) is listed first, and left out by a date filter`, async () => {
			seed(3, () => words.running);
			fake(provider).addRun({ id: 'run_queued', workflowId: WF, startAfterMs: 600_000 });
			const all = expectAllNormalized(await list());
			expect(all.map((json) => json.runId)).toEqual(['run_queued', id(0), id(1), id(2)]);
			expect(all[0]).toMatchObject({ status: 'queued', startedAt: null });
			const before = expectAllNormalized(await list({ parameters: { filters: { startedBefore: new Date(now + 3_600_000).toISOString() } } }));
			expect(before.map((json) => json.runId)).toEqual([id(0), id(1), id(2)]);
			const after = expectAllNormalized(await list({ parameters: { filters: { startedAfter: minutesAgo(600, now) } } }));
			expect(after.map((json) => json.runId)).toEqual([id(0), id(1), id(2)]);
			const queued = expectAllNormalized(await list({ parameters: { filters: { status: ['queued'] } } }));
			expect(queued.map((json) => json.runId)).toEqual(['run_queued']);
			expect(fake(provider).listRequests().at(-1)?.query.get('status')).toBe(queuedWord);
		});
	}

	if (needsWorkflowId) {
		test('the workflow ID is required, checked before any request', async () => {
			const result = await list({ items: [{ workflowId: '' }] });
			expect(result.status).toBe('error');
			expect(result.nodeError('Run Control')?.message).toBe(`${expected(provider).workflowLabel} is missing (item 1)`);
			expect(fake(provider).requests).toEqual([]);
		});
	}
	if (orgWide) {
		test('without a workflow ID: every run the key can see', async () => {
			seed(3, () => words.running);
			seed(2, () => words.success, 'wf_other');
			const out = expectAllNormalized(await list({ items: [{ workflowId: '' }] }));
			expect(out).toHaveLength(3); // the ids of the second seed replaced those of the first
			expect(out.map((json) => json.workflowId).sort()).toEqual([WF, 'wf_other', 'wf_other'].sort());
			// Runs of both workflows: the org-wide list, not one workflow's (its path, no workflow parameter).
			const [rec] = fake(provider).listRequests();
			expect(rec.path).toBe(orgWide.path);
			expect(rec.query.has(orgWide.workflowParam)).toBe(false);
		});
	}
});

test('B3OS: the org-wide list filters by status on the server (GET /v1/runs?status=, one word a request)', async () => {
	const b3os = fake('b3os');
	const cycle = ['running', 'success', 'failure', 'waiting'];
	for (let index = 0; index < 8; index++) b3os.addRun({ id: `run_${index}`, workflowId: index < 4 ? 'wf_a' : 'wf_b', status: cycle[index % 4], startedAt: minutesAgo(index + 1) });
	const result = await run('b3os', 'getAll', [{ workflowId: '' }], { parameters: { returnAll: true, filters: { status: ['running', 'waiting'] } } });
	const out = expectAllNormalized(result);
	expect(out.map((json) => json.runId)).toEqual(['run_0', 'run_3', 'run_4', 'run_7']);
	const requests = b3os.listRequests();
	expect(requests.map((rec) => rec.path)).toEqual(['/v1/runs', '/v1/runs']);
	expect(requests.map((rec) => rec.query.getAll('status')).sort()).toEqual([['running'], ['waiting']]);
	expect(requests.every((rec) => !rec.query.has('workflowId'))).toBe(true);
});

// ------------------------------------------------------------------------------------------------

describe.each(PROVIDER_KEYS)('%s: Include Output', (provider: ProviderKey) => {
	const words = WORDS[provider];
	const spec = expected(provider).output;
	const result = { rows: 3, total: 99.5 };
	/** The output the provider gives for a run whose result is `result`. */
	const expectOutput = (json: Record<string, unknown>) => {
		const { value, partial } = spec.of(result);
		if (partial) expect(json.output).toMatchObject(value);
		else expect(json.output).toEqual(value);
		expect(json.outputNote).toBeNull();
	};
	/** Where keeping results is a mode of the server, the fake keeps them. */
	const hosted = () => spec.keep?.(fake(provider));

	test('get: the result, from the provider that holds it', async () => {
		hosted();
		fake(provider).addRun({ id: 'run_done', workflowId: WF, status: words.success, output: result });
		const out = await run(provider, 'get', [{ runId: 'run_done', workflowId: WF }], { options: { includeOutput: true } });
		const [json] = expectAllNormalized(out);
		expectOutput(json);
		const sent = fake(provider).requests.map((rec) => `${rec.method} ${rec.rawPath}`);
		expect(sent).toEqual(spec.getRequests('run_done', WF));
	});

	test('cancel without includeOutput: output is what the run object carries (for some, only on request)', async () => {
		fake(provider).addRun({ id: 'run_stop', workflowId: WF, status: words.running, output: result });
		const [json] = expectAllNormalized(await run(provider, 'cancel', [{ runId: 'run_stop', workflowId: WF }]));
		expect(json.status).toBe('cancelled');
		if (spec.notInPlainRead) expect(json.output).toBeNull();
	});

	test('get without includeOutput: no outputNote, no extra request', async () => {
		fake(provider).addRun({ id: 'run_done', workflowId: WF, status: words.success, output: result });
		const [json] = expectAllNormalized(await run(provider, 'get', [{ runId: 'run_done', workflowId: WF }]));
		expect(json).not.toHaveProperty('outputNote');
		expect(fake(provider).requests).toHaveLength(1);
	});

	test('waitUntilFinished: the final state with its result', async () => {
		hosted();
		fake(provider).addRun({ id: 'run_wait', workflowId: WF, finishAfterPolls: 1, output: result });
		const [json] = expectAllNormalized(await run(provider, 'waitUntilFinished', [{ runId: 'run_wait', workflowId: WF }], { options: { includeOutput: true, pollInterval: 1 } }));
		expect(json).toMatchObject({ status: 'succeeded', wait: { timedOut: false } });
		expectOutput(json);
	});

	// Where the provider offers Start (elsewhere Start is refused before any request, tested above).
	const starts = expected(provider).start !== undefined;
	if (starts) test('start with waitForFinish: start, wait and the result', async () => {
		hosted();
		fake(provider).addWorkflow({ id: WF, durationMs: 1200, output: result });
		const [json] = expectAllNormalized(await run(provider, 'start', [{ workflowId: WF, inputs: { q: 1 } }], { options: { waitForFinish: true, includeOutput: true, pollInterval: 1 } }));
		expect(json).toMatchObject({ operation: 'start', status: 'succeeded', start: { alreadyStarted: false }, wait: { timedOut: false } });
		expectOutput(json);
		expect(fake(provider).runIds()).toHaveLength(1);
	});

	if (starts) test('start without waiting: the run has not finished, outputNote says so (or the partial node results)', async () => {
		hosted();
		fake(provider).addWorkflow({ id: WF, durationMs: 60_000, output: result });
		const [json] = expectAllNormalized(await run(provider, 'start', [{ workflowId: WF, inputs: {} }], { options: { includeOutput: true } }));
		expect(json.status).toBe('running');
		if (spec.partialWhileRunning) for (const key of Object.keys(spec.of(result).value)) expect(json.output).not.toHaveProperty(key);
		else expect(json).toMatchObject({ output: null, outputNote: 'The run has not finished, so it has no result yet.' });
	});

	test('getAll: each run with its result', async () => {
		hosted();
		fake(provider).addRun({ id: 'run_a', workflowId: WF, status: words.success, output: result, startedAt: minutesAgo(2) });
		fake(provider).addRun({ id: 'run_b', workflowId: WF, status: words.success, output: result, startedAt: minutesAgo(3) });
		const out = expectAllNormalized(await run(provider, 'getAll', [{ workflowId: WF }], { parameters: { returnAll: true }, options: { includeOutput: true } }));
		expect(out.map((json) => json.runId)).toEqual(['run_a', 'run_b']);
		for (const json of out) expectOutput(json);
	});

});

test('superglue: a server without result storage (open source): output null, outputNote says why, the item does not fail', async () => {
	fakes.superglue.resultsMode = 'oss';
	fakes.superglue.addRun({ id: 'run_oss', workflowId: WF, status: 'success', output: { rows: 3, total: 99.5 } });
	const out = await run('superglue', 'get', [{ runId: 'run_oss' }], { options: { includeOutput: true } });
	expect(out.status).toBe('success');
	const [json] = expectAllNormalized(out);
	expect(json).toMatchObject({ status: 'succeeded', output: null });
	expect(json.outputNote).toMatch(/this superglue server stores no run results/i);
});
