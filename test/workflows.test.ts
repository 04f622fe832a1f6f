/**
 * Workflow tests: Manual Trigger → items → Run Control, executed by n8n-core's WorkflowExecute with
 * the built node, against the strict fake of every provider of the registry (real HTTP on 127.0.0.1).
 */
import { errorPrefix, expectAllNormalized, fakeOf, PROVIDER_KEYS, runNode, useFakes, WORDS } from './support/world';
import type { ProviderKey } from './support/world';

const fakes = useFakes({ strict: true });

const WF = 'wf_orders';
const item = (runId: string, extra: Record<string, unknown> = {}) => ({ runId, workflowId: WF, ...extra });

describe.each(PROVIDER_KEYS)('%s', (provider: ProviderKey) => {
	const words = WORDS[provider];
	const add = (id: string, spec: Record<string, unknown> = {}) => fakeOf(fakes, provider).addRun({ id, workflowId: WF, ...spec });
	const requests = (id: string) => fakeOf(fakes, provider).requestsFor(id);
	/** The requests after a cancel's POST that complete its item, where the answer names no run. */
	const afterCancel = (id: string) => words.expect.cancelAfter?.(id) ?? [];

	describe('Get', () => {
		test('a running run: normalized item, elapsed duration, pairedItem; one request', async () => {
			const startedAt = new Date(Date.now() - 90_000).toISOString();
			add('r-running', { startedAt });
			const run = await runNode(fakes, provider, 'get', [item('r-running')]);
			expect(run.status).toBe('success');
			const [json] = expectAllNormalized(run);
			expect(json).toMatchObject({
				provider,
				operation: 'get',
				runId: 'r-running',
				workflowId: WF,
				status: 'running',
				providerStatus: words.running,
				finished: false,
				succeeded: false,
				finishedAt: null,
			});
			expect(json.durationMs).toBeGreaterThanOrEqual(90_000);
			expect(json.durationMs).toBeLessThan(120_000);
			expect(json).not.toHaveProperty('raw');
			expect(json).not.toHaveProperty('wait');
			expect(run.out[0].pairedItem).toEqual({ item: 0 });
			expect(requests('r-running')).toHaveLength(1);
		});

		test('finished runs of every final status, with includeRaw', async () => {
			add('r-ok', { status: words.success, output: { rows: 3 }, cost: 5 });
			add('r-bad', { status: words.failed, error: 'step 2 exploded' });
			add('r-stop', { status: words.cancelled });
			const run = await runNode(fakes, provider, 'get', [item('r-ok'), item('r-bad'), item('r-stop')], { options: { includeRaw: true } });
			const [ok, bad, stop] = expectAllNormalized(run);
			expect(ok).toMatchObject({ status: 'succeeded', succeeded: true, finished: true, providerStatus: words.success });
			expect(ok.finishedAt).not.toBeNull();
			expect(ok.durationMs).not.toBeNull();
			expect(bad).toMatchObject({ status: 'failed', finished: true, succeeded: false });
			expect(bad.error).toContain('step 2 exploded');
			expect(stop).toMatchObject({ status: 'cancelled', finished: true });
			for (const json of [ok, bad, stop]) {
				expect(json.raw).toEqual(expect.objectContaining({ status: expect.any(String) }));
				expect(JSON.stringify(json.raw)).not.toMatch(/"code":200|requestId/); // envelope removed
			}
		});

		test('an unknown run fails the item with a plain message', async () => {
			const run = await runNode(fakes, provider, 'get', [item('nope-404')]);
			expect(run.status).toBe('error');
			const error = run.nodeError('Run Control');
			expect(error?.message).toMatch(new RegExp(`run 'nope-404'.* was not found`));
			expect(error?.message.startsWith(errorPrefix(provider))).toBe(true);
		});
	});

	describe('Cancel', () => {
		test('a running run is cancelled', async () => {
			add('c-run');
			const run = await runNode(fakes, provider, 'cancel', [item('c-run')]);
			const [json] = expectAllNormalized(run);
			expect(json).toMatchObject({ operation: 'cancel', status: 'cancelled', providerStatus: words.cancelled, finished: true, cancel: { requested: true, alreadyFinished: false } });
			expect(json).not.toHaveProperty('wait');
			const sent = requests('c-run');
			expect(sent.map((entry) => entry.method)).toEqual(['POST', ...afterCancel('c-run').map((request) => request.split(' ')[0])]);
			expect(sent.slice(1).map((entry) => `${entry.method} ${entry.rawPath}`)).toEqual(afterCancel('c-run'));
		});

		test('a run that already finished is reported with alreadyFinished, not failed', async () => {
			add('c-done', { status: words.success });
			add('c-failed', { status: words.failed, error: 'bad input' });
			const run = await runNode(fakes, provider, 'cancel', [item('c-done'), item('c-failed')]);
			expect(run.status).toBe('success');
			const [done, failed] = expectAllNormalized(run);
			expect(done).toMatchObject({ status: 'succeeded', cancel: { requested: true, alreadyFinished: true } });
			expect(failed).toMatchObject({ status: 'failed', cancel: { requested: true, alreadyFinished: true } });
		});

		test('ifAlreadyFinished: error fails the item', async () => {
			add('c-done2', { status: words.success });
			const run = await runNode(fakes, provider, 'cancel', [item('c-done2')], { options: { ifAlreadyFinished: 'error' } });
			expect(run.status).toBe('error');
			expect(run.nodeError('Run Control')?.message).toMatch(/had already finished \(succeeded\); nothing was cancelled/);
		});

		test('waitForCancellation waits until the run reports a finished status', async () => {
			add('c-slow', { cancelTakesPolls: 2 });
			const run = await runNode(fakes, provider, 'cancel', [item('c-slow')], { options: { waitForCancellation: true, pollInterval: 1, timeout: 30 } });
			const [json] = expectAllNormalized(run);
			expect(json).toMatchObject({ status: 'cancelled', finished: true, cancel: { requested: true, alreadyFinished: false } });
			// The run reports cancelled on its third read; a read that completes the cancel's item is one of them.
			const polls = 3 - afterCancel('c-slow').length;
			expect(json.wait).toMatchObject({ polls, timedOut: false });
			expect(json.wait!.waitedMs).toBeGreaterThanOrEqual(polls * 1000 - 100);
			expect(requests('c-slow').map((entry) => entry.method)).toEqual(['POST', 'GET', 'GET', 'GET']);
		});
	});

	describe('Wait Until Finished', () => {
		test('polls every interval until the run finishes, then stops', async () => {
			add('w-3', { finishAfterPolls: 2, output: { ok: true }, cost: 2 });
			const run = await runNode(fakes, provider, 'waitUntilFinished', [item('w-3')], { options: { pollInterval: 1 } });
			const [json] = expectAllNormalized(run);
			expect(json).toMatchObject({ status: 'succeeded', finished: true, succeeded: true, wait: { polls: 3, timedOut: false } });
			expect(json.wait!.waitedMs).toBeGreaterThanOrEqual(1900);
			expect(json.wait!.waitedMs).toBeLessThan(4000);
			const gets = requests('w-3');
			expect(gets).toHaveLength(3);
			expect(gets[1].at - gets[0].at).toBeGreaterThanOrEqual(950);
		});

		test('timeout with onTimeout error: the item fails, naming the run and its last status', async () => {
			add('w-slow');
			const run = await runNode(fakes, provider, 'waitUntilFinished', [item('w-slow')], { options: { pollInterval: 1, timeout: 2 } });
			expect(run.status).toBe('error');
			const error = run.nodeError('Run Control');
			expect(error?.message).toMatch(/run 'w-slow' did not finish within 2 s \(last status: running/);
			expect(error?.description).toMatch(/Raise the Timeout option/);
			expect(error?.description).toMatch(/Run ID: w-slow/);
		});

		test('timeout with onTimeout output: the last state, wait.timedOut true', async () => {
			add('w-slow2');
			const run = await runNode(fakes, provider, 'waitUntilFinished', [item('w-slow2')], { options: { pollInterval: 1, timeout: 2, onTimeout: 'output' } });
			expect(run.status).toBe('success');
			const [json] = expectAllNormalized(run);
			expect(json).toMatchObject({ status: 'running', finished: false, wait: { timedOut: true } });
			expect(json.wait!.polls).toBeGreaterThanOrEqual(2);
			expect(json.wait!.waitedMs).toBeGreaterThanOrEqual(1900);
		});

		test('errorIfNotSucceeded fails a failed run, passes a succeeded one', async () => {
			add('w-fail', { status: words.failed, error: 'disk full' });
			add('w-good', { status: words.success });
			const failing = await runNode(fakes, provider, 'waitUntilFinished', [item('w-fail')], { options: { errorIfNotSucceeded: true } });
			expect(failing.nodeError('Run Control')?.message).toMatch(/run 'w-fail' finished as failed: .*disk full/);
			const passing = await runNode(fakes, provider, 'waitUntilFinished', [item('w-good')], { options: { errorIfNotSucceeded: true } });
			expect(passing.status).toBe('success');
			const withoutOption = await runNode(fakes, provider, 'waitUntilFinished', [item('w-fail')]);
			expect(expectAllNormalized(withoutOption)[0]).toMatchObject({ status: 'failed', wait: { polls: 1 } });
		});
	});

	test('a runId expression over several items: one output per item, in input order, with pairedItem', async () => {
		const ids = ['m-1', 'm-2', 'm-3', 'm-4', 'm-5'];
		ids.forEach((id, index) => add(id, { finishAfterPolls: (5 - index) % 3 }));
		const run = await runNode(fakes, provider, 'waitUntilFinished', ids.map((id) => item(id)), { options: { pollInterval: 1 } });
		const json = expectAllNormalized(run);
		expect(json.map((entry) => entry.runId)).toEqual(ids);
		expect(run.out.map((entry) => entry.pairedItem)).toEqual(ids.map((_, index) => ({ item: index })));
	});

	test('Continue On Fail: failed items become error items, the others carry on', async () => {
		add('ok-1', { status: words.success });
		add('ok-2', { status: words.running });
		const run = await runNode(fakes, provider, 'get', [item('ok-1'), item('missing-1'), item(''), item('ok-2')], { continueOnFail: true });
		expect(run.status).toBe('success');
		expect(run.json).toHaveLength(4);
		expect(run.json[0]).toMatchObject({ runId: 'ok-1', status: 'succeeded' });
		expect(run.json[1]).toEqual({ error: expect.stringMatching(/run 'missing-1'.* was not found/), provider, runId: 'missing-1', operation: 'get' });
		expect(run.json[2]).toEqual({ error: expect.stringMatching(/Run ID is empty \(item 3\)/), provider, runId: '', operation: 'get' });
		expect(run.json[3]).toMatchObject({ runId: 'ok-2', status: 'running' });
		expect(run.out.map((entry) => entry.pairedItem)).toEqual([0, 1, 2, 3].map((index) => ({ item: index })));
	});

	test('bad input fails before any request is sent', async () => {
		add('fine');
		const run = await runNode(fakes, provider, 'get', [item('fine'), item('   ')]);
		expect(run.status).toBe('error');
		expect(run.nodeError('Run Control')?.message).toBe('Run ID is empty (item 2)');
		expect(fakeOf(fakes, provider).requests).toHaveLength(0);
	});

	test('Stop during a wait: the execution ends as canceled at once and no request follows', async () => {
		add('s-1');
		add('s-2');
		let stoppedAt = 0;
		const run = await runNode(fakes, provider, 'waitUntilFinished', [item('s-1'), item('s-2')], {
			options: { pollInterval: 1, timeout: 0 },
			onStarted: (stop) => {
				void (async () => {
					// Two checks went out (reads of the runs, or list rounds that cover both).
					while (fakeOf(fakes, provider).requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
					await new Promise((resolve) => setTimeout(resolve, 200)); // between two polls
					stoppedAt = Date.now();
					stop();
				})();
			},
		});
		expect(run.status).toBe('canceled');
		expect(run.endedAt - stoppedAt).toBeLessThan(1000);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		const after = fakeOf(fakes, provider).requests.filter((entry) => entry.at > stoppedAt);
		expect(after).toEqual([]);
	});
});

describe('provider specifics', () => {
	test('B3OS is polled with summary=true, and stopAtWaiting treats waiting as finished', async () => {
		fakes.b3os.addRun({ id: 'run_w', workflowId: WF, finishAfterPolls: 1, finalStatus: 'waiting' });
		const run = await runNode(fakes, 'b3os', 'waitUntilFinished', [item('run_w')], { options: { pollInterval: 1, stopAtWaiting: true } });
		expect(expectAllNormalized(run)[0]).toMatchObject({ status: 'waiting', finished: false, wait: { polls: 2, timedOut: false } });
		for (const request of fakes.b3os.requestsFor('run_w')) expect(request.query.get('summary')).toBe('true');
		// Without the option a waiting run is not finished: the wait goes on until the timeout.
		fakes.b3os.addRun({ id: 'run_w2', workflowId: WF, status: 'waiting' });
		const goesOn = await runNode(fakes, 'b3os', 'waitUntilFinished', [item('run_w2')], { options: { pollInterval: 1, timeout: 2, onTimeout: 'output' } });
		expect(expectAllNormalized(goesOn)[0]).toMatchObject({ status: 'waiting', wait: { timedOut: true } });
	});

	test('B3OS sends X-Org-ID only when an organization is set', async () => {
		fakes.b3os.addRun({ id: 'run_org', workflowId: WF });
		await runNode(fakes, 'b3os', 'get', [item('run_org')]);
		expect(fakes.b3os.requestsFor('run_org')[0].headers['x-org-id']).toBeUndefined();
		await runNode(fakes, 'b3os', 'get', [item('run_org')], { credentials: { b3os: { organizationId: 'org_test0001' } } });
		expect(fakes.b3os.requestsFor('run_org')[1].headers['x-org-id']).toBe('org_test0001');
	});

	test('Cortex: a discoverable run is cancelled through the discover path, read through the own path', async () => {
		fakes.cortex.addRun({ id: 'run_d', workflowId: 'wf_shared', discoverable: true, cancelTakesPolls: 1 });
		const run = await runNode(fakes, 'cortex', 'cancel', [{ runId: 'run_d', workflowId: 'wf_shared', workflowSource: 'discoverable' }], {
			options: { waitForCancellation: true, pollInterval: 1 },
		});
		expect(expectAllNormalized(run)[0]).toMatchObject({ status: 'cancelled', workflowId: 'wf_shared', cancel: { alreadyFinished: false } });
		expect(fakes.cortex.requestsFor('run_d').map((entry) => `${entry.method} ${entry.path}`)).toEqual([
			'POST /apps/c/workflows/discover/wf_shared/runs/run_d/cancel',
			'GET /apps/c/workflows/wf_shared/runs/run_d',
			'GET /apps/c/workflows/wf_shared/runs/run_d',
		]);
	});

	test('Cortex: a missing workflow ID fails before any request, naming the field and item', async () => {
		const run = await runNode(fakes, 'cortex', 'get', [{ runId: 'r1', workflowId: '' }]);
		expect(run.nodeError('Run Control')?.message).toBe('Workflow ID is missing (item 1)');
		expect(fakes.cortex.requests).toHaveLength(0);
	});

	test('superglue: the recorded cancel behaviour (400 for a finished run, 200 for an aborted one)', async () => {
		fakes.superglue.addRun({ id: 'sg-done', status: 'success' });
		fakes.superglue.addRun({ id: 'sg-aborted', status: 'aborted', error: 'Run cancelled by user' });
		const run = await runNode(fakes, 'superglue', 'cancel', [item('sg-done'), item('sg-aborted')]);
		const [done, aborted] = expectAllNormalized(run);
		expect(done).toMatchObject({ status: 'succeeded', cancel: { alreadyFinished: true } });
		expect(aborted).toMatchObject({ status: 'cancelled', error: 'Run cancelled by user', cancel: { alreadyFinished: false } });
		expect(fakes.superglue.requestsFor('sg-done').map((entry) => entry.method)).toEqual(['POST', 'GET']);
		expect(fakes.superglue.requestsFor('sg-aborted').map((entry) => entry.method)).toEqual(['POST']);
	});

	test('superglue: an orphaned run stays running until cancelled', async () => {
		fakes.superglue.addRun({ id: 'sg-orphan', orphaned: true });
		const waited = await runNode(fakes, 'superglue', 'waitUntilFinished', [item('sg-orphan')], { options: { pollInterval: 1, timeout: 2, onTimeout: 'output' } });
		expect(expectAllNormalized(waited)[0]).toMatchObject({ status: 'running', wait: { timedOut: true } });
		const cancelled = await runNode(fakes, 'superglue', 'cancel', [item('sg-orphan')]);
		expect(expectAllNormalized(cancelled)[0]).toMatchObject({ status: 'cancelled', error: 'Run cancelled by user' });
	});

	test('base URL with or without trailing slash', async () => {
		fakes.superglue.addRun({ id: 'slash' });
		const a = await runNode(fakes, 'superglue', 'get', [item('slash')], { credentials: { superglue: { baseUrl: `${fakes.superglue.url}/` } } });
		const b = await runNode(fakes, 'superglue', 'get', [item('slash')], { credentials: { superglue: { baseUrl: fakes.superglue.url } } });
		expect(a.status).toBe('success');
		expect(b.status).toBe('success');
		expect(fakes.superglue.requestsFor('slash').map((entry) => entry.rawPath)).toEqual(['/v1/runs/slash', '/v1/runs/slash']);
	});
});
