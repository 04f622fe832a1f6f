/**
 * B3OS fake (docs.b3os.org, api.b3os.org): paths under /v1 from the root, the
 * `{code, data, message, requestId}` envelope, errors `{code, message, requestId}`;
 * `summary=true` drops executionState and workflowDefinition (`nodeIds=a,b` narrows executionState);
 * a failed run carries its message in the failing node's `result.error` and in a top-level
 * `summary` ("Node http_1 failed: …", newer spec); cancel of a run that is not running or waiting
 * answers 409; an X-Org-ID header, when sent, must name the key's organization (empty → 400).
 */
import { randomBytes } from 'node:crypto';

import { checkStrictJsonBody, FakeBase } from './server';
import type { Dialect } from './server';
import type { Ctx, Refusal, Route } from './routes';
import { acceptCancel, failureMessage, poll } from './runs';
import type { RunState, Words } from './runs';
import type { StartOptions } from './types';
import { checkBearer, intParam, iso, json, parseBool, shortId } from './wire';
import type { Reply } from './wire';

export const B3OS_DEFAULT_KEY = 'b3sk_test_key_0001';
export const B3OS_DEFAULT_ORG = 'org_test0001';

const WORDS: Words = {
	initial: 'running',
	final: 'success',
	cancelled: 'cancelled',
	terminal: new Set(['success', 'failure', 'cancelled', 'partial']),
	cancellable: new Set(['running', 'waiting']),
	failed: new Set(['failure', 'partial']),
	defaultError: 'HTTP request failed with status 500: upstream unavailable',
};

const requestId = (): string => `req_${randomBytes(8).toString('hex')}`;

export interface B3osStartOptions extends StartOptions {
	orgId?: string;
}

export class B3osFake extends FakeBase {
	readonly name = 'b3os' as const;
	protected readonly basePath = '';
	protected readonly words = WORDS;
	readonly orgId: string;
	private readonly workflows = new Set<string>();

	protected readonly dialect: Dialect = {
		notFound: () => this.fail(404, 'not found'),
		wrongMethod: (_ctx, allowed) => this.fail(405, 'method not allowed', { allow: allowed.join(', ') }),
		badEscape: () => this.fail(400, 'invalid URL escape in path'),
		authenticate: (ctx) => this.authenticate(ctx),
		checkBody: (ctx) => checkStrictJsonBody(ctx, (status, message) => this.fail(status, message)),
		faultBody: (status) => ({ code: status, message: status === 429 ? 'too many requests' : `HTTP ${status}`, requestId: requestId() }),
	};

	constructor(opts: B3osStartOptions = {}) {
		super(opts, B3OS_DEFAULT_KEY);
		this.orgId = opts.orgId ?? B3OS_DEFAULT_ORG;
	}

	protected defaultWorkflowId(): string {
		return `wf_${shortId(6)}`;
	}

	protected onAdd(run: RunState): void {
		this.workflows.add(run.workflowId);
	}

	protected onReset(): void {
		this.workflows.clear();
	}

	private fail(status: number, message: string, headers?: Record<string, string>): Reply {
		const id = requestId();
		return json(status, { code: status, message, requestId: id }, { 'x-request-id': id, ...headers });
	}

	private ok(data: unknown): Reply {
		const id = requestId();
		return json(200, { code: 200, data, message: 'success', requestId: id }, { 'x-request-id': id });
	}

	private authenticate(ctx: Ctx): Refusal | null {
		const problem = checkBearer(ctx.headers.authorization, this.apiKey);
		if (problem !== null) {
			const reason = problem === 'missing' ? 'missing Authorization header' : problem === 'malformed' ? `malformed Authorization header (expected 'Bearer <key>')` : 'wrong API key';
			return { reply: this.fail(401, 'invalid or missing API key'), reason };
		}
		const org = ctx.headers['x-org-id'];
		if (org !== undefined) {
			const value = Array.isArray(org) ? org.join(',') : org;
			if (value.trim() === '') return { reply: this.fail(400, 'X-Org-ID header is empty'), reason: 'empty X-Org-ID header' };
			if (value !== this.orgId) return { reply: this.fail(403, 'organization mismatch'), reason: `X-Org-ID '${value}' is not the key's organization` };
		}
		return null;
	}

	// ----- views -----------------------------------------------------------------------------------

	private executionState(run: RunState, error: string | undefined): Record<string, Record<string, unknown>> {
		const started = iso(run.startedAtMs);
		const ended = run.endedAtMs !== undefined ? iso(run.endedAtMs) : undefined;
		let http = 'running';
		let wait = 'pending';
		switch (run.status) {
			case 'waiting':
				http = 'success';
				wait = 'waiting';
				break;
			case 'success':
				http = 'success';
				wait = 'success';
				break;
			case 'failure':
				http = 'failure';
				wait = 'skipped';
				break;
			case 'partial':
				http = 'success';
				wait = 'failure';
				break;
			case 'cancelled':
				http = run.extra.cancelledFrom === 'waiting' ? 'success' : 'skipped';
				wait = 'skipped';
				break;
		}
		const node = (type: string, status: string, input: unknown, result: unknown, finishedAt?: string): Record<string, unknown> => {
			const entry: Record<string, unknown> = { type, status, input, result };
			if (status !== 'pending') entry.startedAt = started;
			if (finishedAt !== undefined && ['success', 'failure', 'skipped'].includes(status)) entry.finishedAt = finishedAt;
			return entry;
		};
		const httpResult =
			http === 'failure' ? { error } : http === 'success' ? (run.spec.output !== undefined ? run.spec.output : { status: 200, body: { ok: true } }) : null;
		return {
			root: node('manual', 'success', {}, {}, started),
			http_1: node('http-request', http, { url: 'https://api.example.com/orders', method: 'GET' }, httpResult, ended ?? (http === 'success' ? started : undefined)),
			wait_1: node('wait', wait, { duration: '1h' }, wait === 'failure' ? { error } : null, ended),
		};
	}

	private definition(): Record<string, unknown> {
		return {
			nodes: {
				root: { type: 'manual', children: ['http_1'] },
				http_1: { type: 'http-request', props: { url: 'https://api.example.com/orders', method: 'GET' }, children: ['wait_1'] },
				wait_1: { type: 'wait', props: { duration: '1h' }, children: [] },
			},
			inputSchema: [],
		};
	}

	/** The run as the envelope's `data` (full form unless summary). */
	protected view(run: RunState, _now: number, summary = false, nodeIds?: string[]): Record<string, unknown> {
		const error = failureMessage(run, WORDS);
		const body: Record<string, unknown> = {
			id: run.id,
			organizationId: this.orgId,
			workflowId: run.workflowId,
			workflowVersion: 1,
			status: run.status,
			startedAt: iso(run.startedAtMs),
		};
		if (run.endedAtMs !== undefined) body.finishedAt = iso(run.endedAtMs);
		Object.assign(body, {
			triggerSource: 'manual',
			triggeredBy: 'user_test0001',
			totalCu: run.spec.cost ?? 0,
			isDustTest: false,
			isSimulation: false,
			simulationMode: '',
			simulationForks: [],
			sourceRunId: '',
			propValues: {},
		});
		if (error !== undefined) body.summary = `Node ${run.status === 'partial' ? 'wait_1' : 'http_1'} failed: ${error}`;
		if (!summary) {
			let state = this.executionState(run, error);
			if (nodeIds && nodeIds.length > 0) state = Object.fromEntries(Object.entries(state).filter(([key]) => nodeIds.includes(key)));
			body.executionState = state;
			body.workflowDefinition = this.definition();
		}
		return body;
	}

	// ----- routes ----------------------------------------------------------------------------------

	protected routes(): Route[] {
		return [
			{ method: 'GET', pattern: '/v1/runs/:runId', handle: (ctx) => this.getRunRoute(ctx) },
			{ method: 'POST', pattern: '/v1/runs/:runId/cancel', handle: (ctx) => this.cancelRoute(ctx) },
			{ method: 'GET', pattern: '/v1/runs', handle: (ctx) => this.listRoute(ctx, ctx.query.get('workflowId') || undefined) },
			{ method: 'GET', pattern: '/v1/workflows/:workflowId/runs', handle: (ctx) => this.workflowRunsRoute(ctx) },
			{
				method: 'GET',
				pattern: '/v1/organizations',
				handle: () => this.ok([{ id: this.orgId, name: 'Test Organization', slug: 'test-organization', role: 'owner', createdAt: '2026-01-05T09:00:00Z' }]),
			},
		];
	}

	private getRunRoute(ctx: Ctx): Reply {
		const run = this.runs.get(ctx.params.runId);
		if (!run) return this.fail(404, 'run not found');
		poll(run, WORDS, ctx.now);
		const nodeIds = ctx.query.get('nodeIds');
		return this.ok(this.view(run, ctx.now, parseBool(ctx.query.get('summary')) === true, nodeIds ? nodeIds.split(',').map((id) => id.trim()) : undefined));
	}

	private cancelRoute(ctx: Ctx): Reply {
		const run = this.runs.get(ctx.params.runId);
		if (!run) return this.fail(404, 'run not found');
		this.touch(run, ctx.now);
		if (!run.cancelPending && !WORDS.cancellable.has(run.status)) return this.fail(409, `run is not running or waiting (status: ${run.status})`);
		if (!run.cancelPending) run.extra.cancelledFrom = run.status;
		acceptCancel(run, WORDS, ctx.now);
		return this.ok(this.view(run, ctx.now));
	}

	private listRoute(ctx: Ctx, workflowId: string | undefined, status?: string): Reply {
		const limit = intParam(ctx.query, 'limit', 20, 1, 100);
		const offset = intParam(ctx.query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
		const matching: RunState[] = [];
		for (const run of this.runs.values()) {
			this.touch(run, ctx.now);
			if (workflowId !== undefined && run.workflowId !== workflowId) continue;
			if (status !== undefined && run.status !== status) continue;
			matching.push(run);
		}
		matching.sort((a, b) => b.startedAtMs - a.startedAtMs);
		const items = matching.slice(offset, offset + limit).map((run) => this.view(run, ctx.now, true));
		return this.ok({ items, limit, offset, hasMore: offset + limit < matching.length });
	}

	private workflowRunsRoute(ctx: Ctx): Reply {
		if (!this.workflows.has(ctx.params.workflowId)) return this.fail(404, 'workflow not found');
		return this.listRoute(ctx, ctx.params.workflowId, ctx.query.get('status') || undefined);
	}
}

export async function startB3osFake(opts: B3osStartOptions = {}): Promise<B3osFake> {
	return new B3osFake(opts).listen(opts.port ?? 0);
}
