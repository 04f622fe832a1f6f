/**
 * Fault injection: what real provider APIs and real users produce, for every provider, against
 * the strict fakes (real HTTP on 127.0.0.1). Every bullet of the reliability issue has a test here.
 */
import dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { captureNodeLogs } from './support/logs';
import { errorPrefix, expectAllNormalized, fakeOf, PROVIDER_KEYS, runNode, useFakes, WORDS } from './support/world';
import type { NodeRun, ProviderKey } from './support/world';

/** An API key for each provider's fake, to look for in everything the node emits. */
const SECRET: Record<string, string> = Object.fromEntries(PROVIDER_KEYS.map((key) => [key, `${key}-SECRET-9f8e7d6c5b4a`]));

const fakes = useFakes({ keys: SECRET });

const WF = 'wf_faults';
const item = (runId: string) => ({ runId, workflowId: WF });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything a run emitted, as text, to scan for secrets. */
function emitted(run: NodeRun): string {
	const error = run.nodeError('Run Control');
	return JSON.stringify({ items: run.json, error, message: error?.message, description: error?.description, result: run.run.data.resultData });
}

describe.each(PROVIDER_KEYS)('%s', (provider: ProviderKey) => {
	const fake = () => fakeOf(fakes, provider);
	const add = (id: string, spec: Record<string, unknown> = {}) => fake().addRun({ id, workflowId: WF, ...spec });
	const { paths } = WORDS[provider].expect;
	const runPath = paths.run;
	const words = WORDS[provider];

	describe('429', () => {
		test('Retry-After in seconds is honoured, then the request goes through', async () => {
			add('rl-1', { status: words.success });
			fake().inject({ path: runPath('rl-1'), status: 429, headers: { 'retry-after': '1' }, body: '{"message":"slow down"}' });
			const run = await runNode(fakes, provider, 'get', [item('rl-1')]);
			expect(expectAllNormalized(run)[0].status).toBe('succeeded');
			const [first, second] = fake().requestsFor('rl-1');
			expect(second.at - first.at).toBeGreaterThanOrEqual(950);
		});

		test('Retry-After as an HTTP date', async () => {
			add('rl-2', { status: words.success });
			const date = new Date(Date.now() + 1500).toUTCString();
			fake().inject({ path: runPath('rl-2'), status: 429, headers: { 'retry-after': date } });
			const run = await runNode(fakes, provider, 'get', [item('rl-2')]);
			expect(run.status).toBe('success');
			const [first, second] = fake().requestsFor('rl-2');
			expect(second.at - first.at).toBeGreaterThanOrEqual(400);
		});

		test('X-RateLimit-Reset (unix time) when there is no Retry-After', async () => {
			add('rl-3', { status: words.success });
			const reset = Math.ceil(Date.now() / 1000) + 1;
			fake().inject({ path: runPath('rl-3'), status: 429, headers: { 'x-ratelimit-reset': String(reset), 'x-ratelimit-remaining': '0' } });
			const run = await runNode(fakes, provider, 'get', [item('rl-3')]);
			expect(run.status).toBe('success');
			const [, second] = fake().requestsFor('rl-3');
			expect(second.at).toBeGreaterThanOrEqual(reset * 1000 - 50);
		});

		test('without headers: back-off, and a bounded number of tries ending in a plain error', async () => {
			add('rl-4', { status: words.success });
			fake().inject({ path: runPath('rl-4'), status: 429, times: 50 });
			const run = await runNode(fakes, provider, 'get', [item('rl-4')]);
			expect(run.status).toBe('error');
			expect(run.nodeError('Run Control')?.message).toBe(`${errorPrefix(provider)}rate limit still exceeded after 5 tries (429)`);
			expect(fake().requestsFor('rl-4')).toHaveLength(5);
		}, 60_000);

		test('a 429 pause never runs past the Wait timeout', async () => {
			add('rl-5');
			fake().inject({ path: runPath('rl-5'), status: 429, headers: { 'retry-after': '30' }, times: 5 });
			const started = Date.now();
			const run = await runNode(fakes, provider, 'waitUntilFinished', [item('rl-5')], { options: { pollInterval: 1, timeout: 2, onTimeout: 'output' } });
			expect(Date.now() - started).toBeLessThan(4000);
			const [json] = expectAllNormalized(run);
			expect(json).toMatchObject({ status: 'unknown', wait: { timedOut: true, polls: 0 } });
		});
	});

	describe('5xx, 408 and network failures', () => {
		test('5xx and 408 on a read are retried with back-off', async () => {
			add('s5-1', { status: words.success });
			fake().inject({ path: runPath('s5-1'), status: 503, body: '<html>busy</html>' });
			fake().inject({ path: runPath('s5-1'), status: 408 });
			const run = await runNode(fakes, provider, 'get', [item('s5-1')]);
			expect(expectAllNormalized(run)[0].status).toBe('succeeded');
			expect(fake().requestsFor('s5-1')).toHaveLength(3);
		});

		test('a 5xx that persists ends in a plain error after 3 tries', async () => {
			add('s5-2');
			fake().inject({ path: runPath('s5-2'), status: 502, times: 5, body: 'Bad Gateway' });
			const run = await runNode(fakes, provider, 'get', [item('s5-2')]);
			expect(run.nodeError('Run Control')?.message).toBe(`${errorPrefix(provider)}the server failed (502) after 3 tries`);
			expect(run.nodeError('Run Control')?.description).toContain('Bad Gateway');
		});

		test('cancel is retried after a 5xx; a retry that finds the run cancelled reports it as cancelled by us', async () => {
			add('s5-3');
			fake().inject({ method: 'POST', path: paths.cancel, status: 502 });
			const run = await runNode(fakes, provider, 'cancel', [item('s5-3')]);
			expect(expectAllNormalized(run)[0]).toMatchObject({ status: 'cancelled', cancel: { requested: true, alreadyFinished: false } });
			expect(fake().requestsFor('s5-3').filter((entry) => entry.method === 'POST')).toHaveLength(2);
			// The first cancel went through but its answer was lost: the retry finds the run cancelled.
			add('s5-4');
			fake().inject({ method: 'POST', path: paths.cancel, status: 504, delayMs: 50 });
			const marking = (async () => {
				while (fake().requestsFor('s5-4').length === 0) await sleep(5);
				fake().setStatus('s5-4', words.cancelled);
			})();
			const second = await runNode(fakes, provider, 'cancel', [item('s5-4')]);
			await marking;
			expect(expectAllNormalized(second)[0]).toMatchObject({ status: 'cancelled', cancel: { alreadyFinished: false } });
		});

		test('a connection reset is retried for a read, not for a cancel', async () => {
			add('net-1', { status: words.success });
			fake().inject({ path: runPath('net-1'), kind: 'reset' });
			const read = await runNode(fakes, provider, 'get', [item('net-1')]);
			expect(read.status).toBe('success');
			add('net-2');
			fake().inject({ method: 'POST', path: paths.cancel, kind: 'reset' });
			const cancel = await runNode(fakes, provider, 'cancel', [item('net-2')]);
			expect(cancel.nodeError('Run Control')?.message).toMatch(new RegExp(`^${errorPrefix(provider)}could not reach 127\\.0\\.0\\.1:\\d+: the connection was reset`));
			expect(fake().requestsFor('net-2')).toHaveLength(1);
		});

		test('a stalled response cannot hang a wait (request timeout bounded by the wait timeout)', async () => {
			add('stall-1');
			fake().inject({ path: runPath('stall-1'), kind: 'stall', times: 10 });
			const started = Date.now();
			const run = await runNode(fakes, provider, 'waitUntilFinished', [item('stall-1')], { options: { pollInterval: 1, timeout: 2 } });
			expect(Date.now() - started).toBeLessThan(5000);
			expect(run.nodeError('Run Control')?.message).toMatch(/did not finish within 2 s \(last status: never seen\)/);
		});
	});

	describe('bodies that are not what they should be', () => {
		test.each([
			['HTML', '<!DOCTYPE html><html><body>Welcome to nginx</body></html>', /is not JSON \(HTTP 200\)/],
			['truncated JSON', '{"status":"runn', /is not JSON \(HTTP 200\)/],
			['JSON without a run', '{"code":200,"message":"success","requestId":"x"}', /holds no run \(HTTP 200\)/],
		])('%s: a clear error with the status and a snippet', async (_label, body, message) => {
			add('body-1');
			fake().inject({ path: runPath('body-1'), status: 200, body, headers: { 'content-type': 'text/html' } });
			const run = await runNode(fakes, provider, 'get', [item('body-1')]);
			const error = run.nodeError('Run Control');
			expect(error?.message).toMatch(message);
			expect(error?.description).toContain(body.slice(0, 12));
		});
	});

	describe('HTTP errors in plain words', () => {
		test.each([
			[401, /the API key was rejected \(401\)/, /Check the API key/],
			[403, /access to run 'http-1'.* was refused \(403\)/, /scope/],
			[404, /run 'http-1'.* was not found/, /Check the \w+ ID/],
			[409, /is in a state that does not allow this \(409\)/, /changed state/],
			[422, /the request for run 'http-1'.* was rejected \(422\)/, /Check the run ID/],
		])('%s', async (status, message, hint) => {
			add('http-1');
			fake().inject({ path: runPath('http-1'), status, body: JSON.stringify({ message: `provider says ${status}`, error: { message: `provider says ${status}` } }) });
			const run = await runNode(fakes, provider, 'get', [item('http-1')]);
			const error = run.nodeError('Run Control');
			expect(error?.message).toMatch(message);
			expect(error?.message.startsWith(`${errorPrefix(provider)}`)).toBe(true);
			expect(error?.description).toContain(`provider says ${status}`);
			expect(error?.description).toMatch(hint);
		});

		test('a wrong API key, against the real auth check of the fake', async () => {
			add('auth-1');
			const run = await runNode(fakes, provider, 'get', [item('auth-1')], { credentials: { [provider]: { apiKey: 'not-the-key' } } });
			expect(run.nodeError('Run Control')?.message).toBe(`${errorPrefix(provider)}the API key was rejected (401)`);
		});
	});

	describe('input', () => {
		test('IDs are path-encoded: nothing reaches another path or query', async () => {
			const nasty = 'a/../b?x=1#frag%2F é☃';
			add(nasty, { status: words.success });
			const run = await runNode(fakes, provider, 'get', [item(nasty)]);
			expect(expectAllNormalized(run)[0].runId).toBe(nasty);
			const [received] = fake().requestsFor(nasty);
			expect(received.rawPath).toMatch(runPath(nasty));
			expect(received.rawPath).toContain('a%2F..%2Fb%3Fx%3D1%23frag%252F%20%C3%A9%E2%98%83');
			expect(received.rawPath).not.toContain('#');
		});

		test.each([
			[{ runId: '..' }, {}, /Run ID '\.\.' is not a valid run ID \(item 1\)/],
			[{ runId: 'ok' }, { pollInterval: 0.5 }, /Poll Interval must be at least 1 s \(item 1 has 0\.5\)/],
			[{ runId: 'ok' }, { timeout: -1 }, /Timeout must be at least 0 s \(item 1 has -1\)/],
			[{ runId: 'ok' }, { concurrency: 0 }, /Concurrency must be at least 1 \(item 1 has 0\)/],
		])('bad input %p %p fails before any request', async (input, options, message) => {
			const run = await runNode(fakes, provider, 'waitUntilFinished', [{ workflowId: WF, ...input }], { options });
			expect(run.nodeError('Run Control')?.message).toMatch(message);
			expect(fake().requests).toHaveLength(0);
		});

		test.each([['ftp://127.0.0.1/x', /must start with http:\/\/ or https:\/\//], ['http://user:pw@127.0.0.1/', /must not contain a user name or password/], ['not a url', /is not a URL/]])(
			'base URL %s fails before any request',
			async (baseUrl, message) => {
				const run = await runNode(fakes, provider, 'get', [item('x')], { credentials: { [provider]: { baseUrl } } });
				expect(run.nodeError('Run Control')?.message).toMatch(message);
				expect(fake().requests).toHaveLength(0);
				expect(emitted(run)).not.toContain('pw@');
			},
		);

		test('an unknown provider status: normalized to unknown, raw word kept, Wait keeps polling', async () => {
			add('odd-1', { status: 'hibernating' });
			const run = await runNode(fakes, provider, 'waitUntilFinished', [item('odd-1')], { options: { pollInterval: 1, timeout: 2, onTimeout: 'output' } });
			expect(expectAllNormalized(run)[0]).toMatchObject({ status: 'unknown', providerStatus: 'hibernating', finished: false, wait: { timedOut: true } });
			expect(fake().requestsFor('odd-1').length).toBeGreaterThanOrEqual(2);
		});
	});

	describe('secrets', () => {
		test('the API key appears nowhere in what any fault scenario emits, nor in logs', async () => {
			const key = SECRET[provider];
			const written: string[] = [];
			// Every line the node logs (this.logger, at debug level too), although N8N_LOG_LEVEL is silent.
			const logs = captureNodeLogs();
			const spies = [
				jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => (written.push(String(chunk)), true)),
				jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (written.push(String(chunk)), true)),
				...(['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
					jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void written.push(args.map(String).join(' '))),
				),
			];
			try {
				const runs: NodeRun[] = [];
				add('sec-ok', { status: words.success });
				runs.push(await runNode(fakes, provider, 'get', [item('sec-ok')], { options: { includeRaw: true } }));
				const echo = JSON.stringify({ message: `invalid token Bearer ${key}`, error: { message: `token ${key} rejected` } });
				for (const status of [401, 403, 404, 500, 200]) {
					add(`sec-${status}`);
					fake().inject({ path: runPath(`sec-${status}`), status, body: status === 200 ? `<html>${key}</html>` : echo, times: 5 });
					runs.push(await runNode(fakes, provider, 'get', [item(`sec-${status}`)], { continueOnFail: status % 2 === 0 }));
				}
				add('sec-redirect');
				fake().inject({ path: runPath('sec-redirect'), kind: 'redirect', location: `http://127.0.0.1:9/?token=${key}` });
				runs.push(await runNode(fakes, provider, 'get', [item('sec-redirect')]));
				add('sec-reset');
				fake().inject({ path: runPath('sec-reset'), kind: 'reset', times: 5 });
				runs.push(await runNode(fakes, provider, 'get', [item('sec-reset')]));
				runs.push(await runNode(fakes, provider, 'get', [item('sec-x')], { credentials: { [provider]: { baseUrl: `http://127.0.0.1:1/${key}` } } }));
				for (const run of runs) expect(emitted(run)).not.toContain(key);
				expect(runs.filter((run) => run.status === 'error').length).toBeGreaterThanOrEqual(4);
			} finally {
				for (const spy of spies) spy.mockRestore();
				logs.restore();
			}
			expect(written.join('\n')).not.toContain(key);
			// The check is live: the 500s and resets above were retried, and each retry is logged.
			expect(logs.lines.filter((line) => line.level === 'debug').length).toBeGreaterThan(0);
			expect(logs.text()).toMatch(/HTTP 500 on try 1, retrying/);
			expect(logs.text()).not.toContain(key);
		});

		test('a redirect to another host is not followed: the header with the API key never leaves', async () => {
			const seen: http.IncomingHttpHeaders[] = [];
			const other = http.createServer((req, res) => {
				seen.push(req.headers);
				res.end('{}');
			});
			await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
			const port = (other.address() as AddressInfo).port;
			try {
				add('redir-1');
				fake().inject({ path: runPath('redir-1'), kind: 'redirect', location: `http://127.0.0.1:${port}/stolen` });
				const run = await runNode(fakes, provider, 'get', [item('redir-1')]);
				expect(run.nodeError('Run Control')?.message).toMatch(new RegExp(`the API answered with a redirect \\(307\\) to http://127\\.0\\.0\\.1:${port}/stolen`));
				await sleep(200);
				expect(seen.filter((headers) => headers[WORDS[provider].expect.credential.header] !== undefined)).toEqual([]);
				expect(seen).toEqual([]);
			} finally {
				other.close();
			}
		});
	});

	describe('Stop, order and loss', () => {
		test('Stop with several runs waiting and during a 429 pause ends within 1 s; no request afterwards', async () => {
			for (const id of ['st-1', 'st-2', 'st-3']) add(id);
			// The first request, whatever it is (a run's read or a list round), gets a 429 asking for 20 s.
			fake().inject({ status: 429, headers: { 'retry-after': '20' } });
			let stoppedAt = 0;
			const run = await runNode(fakes, provider, 'waitUntilFinished', ['st-1', 'st-2', 'st-3'].map(item), {
				options: { pollInterval: 1, timeout: 0 },
				onStarted: (stop) => {
					void (async () => {
						// The 429 holds every request in a shared 20 s pause.
						while (fake().requests.length < 1) await sleep(10);
						await sleep(300);
						stoppedAt = Date.now();
						stop();
					})();
				},
			});
			expect(run.status).toBe('canceled');
			expect(run.endedAt - stoppedAt).toBeLessThan(1000);
			await sleep(1500);
			expect(fake().requests.filter((entry) => entry.at > stoppedAt)).toEqual([]);
		});

		test('a mix of faults over many items: one output or error per item, in order, with pairedItem', async () => {
			const ids = Array.from({ length: 24 }, (_, index) => `mix-${index}`);
			ids.forEach((id, index) => {
				if (index % 6 === 1) return; // unknown run: 404
				add(id, { status: index % 6 === 2 ? words.failed : words.success, finishAfterPolls: index % 3 });
				if (index % 6 === 3) fake().inject({ path: runPath(id), status: 500, times: 1 });
				if (index % 6 === 4) fake().inject({ path: runPath(id), kind: 'reset', times: 1 });
				if (index % 6 === 5) fake().inject({ path: runPath(id), status: 429, headers: { 'retry-after': '1' }, times: 1 });
			});
			const items = ids.map((id, index) => (index === 7 ? { runId: '', workflowId: WF } : item(id)));
			const run = await runNode(fakes, provider, 'waitUntilFinished', items, { continueOnFail: true, options: { pollInterval: 1, concurrency: 3 } });
			expect(run.status).toBe('success');
			expect(run.out).toHaveLength(ids.length);
			run.out.forEach((entry, index) => {
				expect(entry.pairedItem).toEqual({ item: index });
				const json = entry.json as Record<string, unknown>;
				if (index === 7) expect(json.error).toMatch(/Run ID is empty \(item 8\)/);
				else if (index % 6 === 1) expect(json).toEqual({ error: expect.stringMatching(/was not found/), provider, runId: ids[index], operation: 'waitUntilFinished' });
				else expect(json).toMatchObject({ runId: ids[index], finished: true, status: index % 6 === 2 ? 'failed' : 'succeeded' });
			});
			const without = await runNode(fakes, provider, 'get', [item('mix-0'), item('mix-1')]);
			expect(without.status).toBe('error');
			expect(without.nodeError('Run Control')?.message).toMatch(/run 'mix-1'.* was not found/);
		}, 60_000);
	});
});

describe('network failures name the host and the cause', () => {
	// TLS is tried against a host name, as users configure it: n8n's HTTP client sends the host as
	// the TLS server name, and Node deprecates an IP address there (DEP0123). localhost is resolved
	// to 127.0.0.1 first, where the fake listens.
	let order: ReturnType<typeof dns.getDefaultResultOrder>;
	beforeAll(() => {
		order = dns.getDefaultResultOrder();
		dns.setDefaultResultOrder('ipv4first');
	});
	afterAll(() => dns.setDefaultResultOrder(order));

	test.each([
		['refused', () => 'http://127.0.0.1:1/v1', /could not reach 127\.0\.0\.1:1: the connection was refused/],
		['DNS', () => 'http://no-such-host.invalid/v1', /could not reach no-such-host\.invalid: the host name could not be resolved/],
		['TLS', () => `https://localhost:${fakes.superglue.port}/v1`, /could not reach localhost:\d+: a secure \(TLS\) connection could not be established/],
	])('%s (retried for a read, then a plain error)', async (_label, baseUrl, message) => {
		const run = await runNode(fakes, 'superglue', 'get', [item('x')], { credentials: { superglue: { baseUrl: baseUrl() } } });
		expect(run.nodeError('Run Control')?.message).toMatch(message);
		expect(run.nodeError('Run Control')?.message).toMatch(/\(3 tries\)$/);
	});
});
