/**
 * Conformance: every answer the simulators give, on every route, matches our own schemas of the
 * providers' run-related objects and errors, written from each provider's specification
 * (dev/providers/<name>/conformance.ts: B3OS from its OpenAPI definition, Cortex from its official SDK,
 * superglue from the answers of a real server recorded in dev/providers/superglue/recorded/). So the
 * simulators the other tests run against cannot drift from the providers again.
 *
 * Each provider gets a tour: direct requests that reach every route with good and bad input, and
 * node workflows through n8n's engine; then each recorded answer (not the injected faults) is
 * checked against the schema of its route, and every route must have answered at least once with 2xx.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { z } from 'zod';

import type { FakeProvider } from '../dev/simulator';
import { B3OS_ANSWERS } from '../dev/providers/b3os/conformance';
import { CORTEX_ANSWERS, paginationHeaders } from '../dev/providers/cortex/conformance';
import { error as superglueError, routeOf, SUPERGLUE_ANSWERS } from '../dev/providers/superglue/conformance';
import { runNode, useFakes } from './support/world';
import type { ProviderKey } from './support/world';

const fakes = useFakes();

type Answers = Record<string, { ok: z.ZodTypeAny; error: z.ZodTypeAny }>;

async function call(fake: FakeProvider, method: string, pathAndQuery: string, body?: unknown, auth = true): Promise<number> {
	const headers: Record<string, string> = {};
	if (auth) headers.authorization = `Bearer ${fake.apiKey}`;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const base = fake.name === 'superglue' ? `http://127.0.0.1:${fake.port}` : fake.url;
	const response = await fetch(`${base}${pathAndQuery}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	await response.text();
	return response.status;
}

/** Every answer of the fake against its route's schema; every route answered 2xx at least once. */
function expectConformance(fake: FakeProvider, answers: Answers, anyError: z.ZodTypeAny, neverOk: string[] = []) {
	const problems: string[] = [];
	const answeredOk = new Set<string>();
	let checked = 0;
	for (const rec of fake.requests) {
		if (!rec.answer) continue;
		const { status, body } = rec.answer;
		const ok = status >= 200 && status < 300;
		const entry = rec.route ? answers[rec.route] : undefined;
		if (rec.route && !entry) {
			problems.push(`${rec.route}: no schema for this route`);
			continue;
		}
		const schema = entry ? (ok ? entry.ok : entry.error) : anyError;
		let parsed: unknown;
		try {
			parsed = JSON.parse(body);
		} catch {
			problems.push(`${rec.method} ${rec.rawPath} → ${status}: not JSON: ${body.slice(0, 100)}`);
			continue;
		}
		const result = schema.safeParse(parsed);
		checked++;
		if (!result.success) problems.push(`${rec.method} ${rec.rawPath} → ${status}: ${JSON.stringify(result.error.issues.slice(0, 3))} in ${body.slice(0, 300)}`);
		if (ok && rec.route) answeredOk.add(rec.route);
	}
	expect(problems).toEqual([]);
	expect(fake.routeKeys().filter((route) => !answeredOk.has(route))).toEqual(neverOk);
	expect(Object.keys(answers).sort()).toEqual(fake.routeKeys().sort());
	return checked;
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

async function workflows(provider: ProviderKey, workflowId: string, runId: string) {
	const items = [{ runId, workflowId }];
	const parameters = { workflowId: '={{ $json.workflowId }}', inputs: '={{ {"n": 1} }}' };
	await runNode(fakes, provider, 'start', [{ workflowId }], { parameters, options: { waitForFinish: true, includeOutput: true, pollInterval: 1 } });
	await runNode(fakes, provider, 'getAll', [{ workflowId }], { parameters: { ...parameters, returnAll: true }, options: { includeOutput: true } });
	await runNode(fakes, provider, 'get', items, { options: { includeOutput: true } });
	await runNode(fakes, provider, 'cancel', items);
	await runNode(fakes, provider, 'waitUntilFinished', items, { options: { pollInterval: 1 } });
}

test('B3OS: every route answers as the OpenAPI definition says (openapi/b3-b3os-workflow-openapi.json)', async () => {
	const b3 = fakes.b3os;
	b3.addWorkflow({ id: 'wf_t', durationMs: 1500, output: { rows: 2 }, cost: 3 });
	const statuses = ['running', 'waiting', 'success', 'failure', 'partial', 'cancelled'];
	statuses.forEach((status, index) => b3.addRun({ id: `run_${status}`, workflowId: 'wf_t', status, output: { ok: true }, error: 'boom', startedAt: ago(60_000 * (index + 1)) }));
	for (const status of statuses) {
		await call(b3, 'GET', `/v1/runs/run_${status}?summary=true`);
		await call(b3, 'GET', `/v1/runs/run_${status}?summary=false`);
		await call(b3, 'GET', `/v1/runs/run_${status}?nodeIds=http_1`);
	}
	await call(b3, 'GET', '/v1/runs/run_nope');
	await call(b3, 'POST', '/v1/runs/run_running/cancel');
	await call(b3, 'POST', '/v1/runs/run_success/cancel');
	await call(b3, 'POST', '/v1/runs/run_nope/cancel');
	await call(b3, 'GET', '/v1/runs?limit=100');
	await call(b3, 'GET', '/v1/runs?limit=2&offset=2');
	await call(b3, 'GET', '/v1/runs?limit=0');
	await call(b3, 'GET', '/v1/workflows/wf_t/runs?limit=3');
	await call(b3, 'GET', '/v1/workflows/wf_t/runs?status=failure');
	await call(b3, 'GET', '/v1/workflows/wf_t/runs?status=nope');
	await call(b3, 'GET', '/v1/workflows/wf_nope/runs');
	await call(b3, 'POST', '/v1/workflows/wf_t/run', { payload: { a: 1 }, runId: 'run_tour_1', version: 2 });
	await call(b3, 'POST', '/v1/workflows/wf_t/run', { runId: 'run_tour_1' });
	b3.variants.duplicateRunIdStatus = 409;
	await call(b3, 'POST', '/v1/workflows/wf_t/run', { runId: 'run_tour_1' });
	await call(b3, 'POST', '/v1/workflows/wf_t/run', { runId: 'run-bad' });
	await call(b3, 'POST', '/v1/workflows/wf_t/run', {});
	await call(b3, 'POST', '/v1/workflows/wf_nope/run', {});
	await call(b3, 'GET', '/v1/organizations');
	await call(b3, 'GET', '/v1/organizations', undefined, false);
	await call(b3, 'GET', '/v1/no-such-route');
	for (const status of ['failure', 'cancelled', 'success', 'running']) await call(b3, 'POST', `/v1/runs/run_${status}/retry`);
	await call(b3, 'POST', '/v1/runs/run_nope/retry');
	await workflows('b3os', 'wf_t', 'run_waiting');
	expect(expectConformance(b3, B3OS_ANSWERS, B3OS_ANSWERS['GET /v1/runs/:runId'].error)).toBeGreaterThan(40);
});

test.each([true, false])('Cortex: every route answers as the SDK says (src/openapi.ts, src/types.ts); result without verbose: %s', async (resultWithoutVerbose) => {
	const cx = fakes.cortex;
	cx.variants.resultWithoutVerbose = resultWithoutVerbose;
	cx.addWorkflow({ id: 'wf_t', durationMs: 1500, output: { rows: 2 }, cost: 3 });
	cx.addWorkflow({ id: 'wf_q', durationMs: 1500, queuedMs: 60_000 });
	cx.addWorkflow({ id: 'wf_pub', durationMs: 1500, discoverable: true });
	const statuses = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED'];
	statuses.forEach((status, index) => cx.addRun({ id: `run_${status}`, workflowId: 'wf_t', status, output: { ok: true }, error: 'boom', startedAt: ago(60_000 * (index + 1)) }));
	cx.addRun({ id: 'run_pub', workflowId: 'wf_pub', discoverable: true });
	for (const status of statuses) {
		await call(cx, 'GET', `/apps/c/workflows/wf_t/runs/run_${status}`);
		await call(cx, 'GET', `/apps/c/workflows/wf_t/runs/run_${status}?verbose=all`);
	}
	await call(cx, 'GET', '/apps/c/workflows/wf_t/runs/run_RUNNING?verbose=some');
	await call(cx, 'GET', '/apps/c/workflows/wf_x/runs/run_RUNNING');
	await call(cx, 'POST', '/apps/c/workflows/wf_t/runs/run_RUNNING/cancel');
	for (const answer of [400, 409, 422, 'run'] as const) {
		cx.variants.finishedCancel = answer;
		await call(cx, 'POST', '/apps/c/workflows/wf_t/runs/run_COMPLETED/cancel');
	}
	await call(cx, 'POST', '/apps/c/workflows/discover/wf_pub/runs/run_pub/cancel');
	await call(cx, 'POST', '/apps/c/workflows/wf_pub/runs/run_pub/cancel');
	await call(cx, 'GET', '/apps/c/workflows/wf_t/runs?take=2&page=2');
	await call(cx, 'GET', '/apps/c/workflows/wf_t/runs?status=FAILED&verbose=all');
	await call(cx, 'GET', '/apps/c/workflows/wf_t/runs?status=failed');
	await call(cx, 'GET', '/apps/c/workflows/wf_t/runs?page=0');
	await call(cx, 'POST', '/apps/c/workflows/wf_t/runs', { input: { a: 1 }, background: true, workflow_version_id: 'latest' });
	await call(cx, 'POST', '/apps/c/workflows/wf_q/runs', { background: true });
	await call(cx, 'POST', '/apps/c/workflows/wf_t/runs', { input: 'x' });
	await call(cx, 'POST', '/apps/c/workflows/discover/wf_pub/runs', { background: true });
	await call(cx, 'POST', '/apps/c/workflows/discover/wf_t/runs', { background: true });
	await call(cx, 'GET', '/apps/c/workflows?take=5');
	await call(cx, 'GET', '/apps/app_other/workflows');
	await call(cx, 'GET', '/apps/c/workflows', undefined, false);
	await call(cx, 'GET', '/apps/c/nothing');
	for (const status of ['FAILED', 'COMPLETED']) await call(cx, 'POST', `/apps/c/workflows/wf_t/runs/run_${status}/replay`, { stepKey: 'extract', background: true });
	await call(cx, 'POST', '/apps/c/workflows/wf_t/runs/run_FAILED/replay', { stepKey: 'no_such_step', background: true });
	await call(cx, 'POST', '/apps/c/workflows/wf_t/runs/run_FAILED/replay', { background: true });
	await call(cx, 'POST', '/apps/c/workflows/wf_t/runs/run_nope/replay', { stepKey: 'extract', background: true });
	await workflows('cortex', 'wf_t', 'run_RUNNING');
	expect(expectConformance(cx, CORTEX_ANSWERS, CORTEX_ANSWERS['GET /apps/:appId/workflows/:workflowId/runs/:runId'].error)).toBeGreaterThan(40);
	for (const rec of cx.requests.filter((entry) => entry.list && entry.answer?.status === 200)) expect(paginationHeaders.safeParse(rec.answer?.headers).success).toBe(true);
});

describe('superglue', () => {
	const dir = path.join(__dirname, '../dev/providers/superglue/recorded');

	test('the schemas hold every recorded answer of the real server (so they are faithful)', () => {
		let checked = 0;
		for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
			const recording = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { request: { method: string; path: string }; httpStatus: number; body: unknown };
			const route = routeOf(recording.request.method, recording.request.path);
			if (!route) continue;
			const entry = SUPERGLUE_ANSWERS[route];
			const ok = recording.httpStatus >= 200 && recording.httpStatus < 300;
			const result = (ok ? entry.ok : entry.error).safeParse(recording.body);
			expect([file, result.success ? 'ok' : JSON.stringify(result.error.issues.slice(0, 3))]).toEqual([file, 'ok']);
			checked++;
		}
		expect(checked).toBeGreaterThan(55);
	});

	test.each(['oss', 'hosted'] as const)('every route answers as the recorded server (results: %s)', async (mode) => {
		const sg = fakes.superglue;
		sg.resultsMode = mode;
		const statuses = ['running', 'success', 'failed', 'aborted'];
		statuses.forEach((status, index) => sg.addRun({ id: `r_${status}`, workflowId: 'slow-demo', status, output: { ok: true }, error: 'boom', startedAt: ago(60_000 * (index + 1)) }));
		sg.addRun({ id: 'r_sync', workflowId: 'fast-demo', status: 'success', sync: true, output: { ok: 1 } });
		await call(sg, 'GET', '/v1/health', undefined, false);
		for (const id of [...statuses.map((status) => `r_${status}`), 'r_sync', 'nope']) {
			await call(sg, 'GET', `/v1/runs/${id}`);
			await call(sg, 'GET', `/v1/runs/${id}/results`);
		}
		for (const id of ['r_running', 'r_success', 'r_aborted', 'nope']) await call(sg, 'POST', `/v1/runs/${id}/cancel`);
		await call(sg, 'GET', '/v1/runs?limit=2&page=1');
		await call(sg, 'GET', '/v1/runs?status=failed&toolId=slow-demo');
		await call(sg, 'GET', '/v1/runs?status=running&status=aborted');
		await call(sg, 'GET', '/v1/runs/r_running', undefined, false);
		await call(sg, 'POST', '/v1/tools/slow-demo/run', { runId: 'mine-1', inputs: { a: 1 }, options: { async: true } });
		await call(sg, 'POST', '/v1/tools/slow-demo/run', { runId: 'mine-1', options: { async: true } });
		await call(sg, 'POST', '/v1/tools/fast-demo/run', {});
		await call(sg, 'POST', '/v1/tools/fail-demo/run', {});
		await call(sg, 'POST', '/v1/tools/nope/run', { options: { async: true } });
		await call(sg, 'POST', '/v1/tools/slow-demo/run', { runId: 5 });
		await call(sg, 'GET', '/v1/nothing');
		await workflows('superglue', 'slow-demo', 'r_running');
		// The open-source server has no results route: it answers 404 there, never 2xx.
		expect(expectConformance(sg, SUPERGLUE_ANSWERS, superglueError, mode === 'oss' ? ['GET /v1/runs/:runId/results'] : [])).toBeGreaterThan(30);
	});
});
