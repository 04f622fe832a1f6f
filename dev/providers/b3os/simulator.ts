/**
 * B3OS fake (docs.b3os.org, api.b3os.org, and the OpenAPI definition generated from B3's service
 * code: `openapi/b3-b3os-workflow-openapi.json` in the public repository api-evangelist/b3): paths
 * under /v1 from the root, the `{code, data, message, requestId}` envelope, errors
 * `{code, details[], message, requestId}` (`code` a business code where the spec names one);
 * `summary=true` drops executionState and workflowDefinition (`nodeIds=a,b` narrows executionState);
 * a failed run carries its message in the failing node's `result.error` and in a top-level
 * `summary` ("Node http_1 failed: …", newer spec); cancel of a run that is not running or waiting
 * answers 409; an X-Org-ID header, when sent, must name the key's organization (empty → 400).
 *
 * Starts and lists (docs.b3os.org reference pages):
 * - POST /v1/workflows/{id}/run `{payload?, runId?, version?, simulate?, dustTest?}` → 200
 *   `data:{runId}`; a runId must match `^run_\w+$` (the official client's rule; the spec says "must
 *   start with run_") else 400 with business code 400078; a taken one → 400 with business code
 *   400079 ("duplicate run ID", as the spec documents for POST /v1/runs). This path's own answer to a
 *   duplicate is not documented: `variants.duplicateRunIdStatus` (400 default, or 409) varies it.
 *   simulate and dustTest together → 400; unknown workflow → 404. The run then goes as its
 *   workflow says (addWorkflow).
 * - GET /v1/workflows/{id}/runs and GET /v1/runs (the organization's), `?limit=&offset=&status=`
 *   (OpenAPI, b3-b3os-workflow-openapi.json): limit 1..100 (default 20; anything else → 400),
 *   offset ≥ 0, one status of the enum (server-side filter); entries are `RunListItem`, smaller than
 *   a read. No order is documented: newest first by start time unless `listOrder` says oldest first;
 *   `pageCap` serves fewer runs than asked (the answer's `limit` says how many). GET /v1/runs has
 *   no workflow filter: a `workflowId` parameter is ignored and recorded in `rejected`.
 */
import { randomBytes } from 'node:crypto';

import { checkStrictJsonBody, FakeBase } from '../../simulator/server';
import type { Dialect } from '../../simulator/server';
import type { Ctx, Refusal, Route } from '../../simulator/routes';
import { acceptCancel, failureMessage, poll } from '../../simulator/runs';
import type { RunState, Words } from '../../simulator/runs';
import type { StartOptions } from '../../simulator/types';
import { checkBearer, iso, json, parseBool, shortId, tryParseJson } from '../../simulator/wire';
import type { Reply } from '../../simulator/wire';

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

const RUN_STATUSES = new Set(['running', 'waiting', 'success', 'failure', 'cancelled', 'partial']);

const requestId = (): string => `req_${randomBytes(8).toString('hex')}`;

/** What the B3OS specification leaves open: each test may pick one (reset() restores the start values). */
export interface B3osVariants {
	/** The HTTP status of a duplicate run ID on POST /v1/workflows/{id}/run (business code 400079 either way). */
	duplicateRunIdStatus: 400 | 409;
	/**
	 * What a retry answers: 'run', the new run whole (the spec's GetRunSuccessResponse), or 'runId',
	 * `data: { runId }` only (what the official client reads).
	 */
	retryAnswer: 'run' | 'runId';
}

export const B3OS_VARIANTS: B3osVariants = { duplicateRunIdStatus: 400, retryAnswer: 'run' };

export interface B3osStartOptions extends StartOptions {
	orgId?: string;
	variants?: Partial<B3osVariants>;
}

export class B3osFake extends FakeBase {
	readonly name = 'b3os' as const;
	protected readonly basePath = '';
	protected readonly words = WORDS;
	readonly orgId: string;
	/** What the specification leaves open (reset() restores the values given at start). */
	variants: B3osVariants;
	private readonly startVariants: B3osVariants;

	protected readonly dialect: Dialect = {
		notFound: () => this.fail(404, 'not found'),
		wrongMethod: (_ctx, allowed) => this.fail(405, 'method not allowed', { allow: allowed.join(', ') }),
		badEscape: () => this.fail(400, 'invalid URL escape in path'),
		authenticate: (ctx) => this.authenticate(ctx),
		checkBody: (ctx) => checkStrictJsonBody(ctx, (status, message) => this.fail(status, message)),
		faultBody: (status) => ({ code: status, details: [], message: status === 429 ? 'too many requests' : `HTTP ${status}`, requestId: requestId() }),
	};

	constructor(opts: B3osStartOptions = {}) {
		super(opts, B3OS_DEFAULT_KEY);
		this.orgId = opts.orgId ?? B3OS_DEFAULT_ORG;
		this.startVariants = { ...B3OS_VARIANTS, ...opts.variants };
		this.variants = { ...this.startVariants };
	}

	protected onReset(): void {
		this.variants = { ...this.startVariants };
	}

	protected defaultWorkflowId(): string {
		return `wf_${shortId(6)}`;
	}

	private fail(status: number, message: string, headers?: Record<string, string>, code = status): Reply {
		const id = requestId();
		return json(status, { code, details: [], message, requestId: id }, { 'x-request-id': id, ...headers });
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
		const payload = run.spec.inputs !== undefined ? run.spec.inputs : {};
		return {
			root: node('manual', 'success', payload, payload, started),
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
			workflowVersion: typeof run.extra.version === 'number' ? run.extra.version : 1,
			status: run.status,
			startedAt: iso(run.startedAtMs),
		};
		if (run.endedAtMs !== undefined) body.finishedAt = iso(run.endedAtMs);
		Object.assign(body, {
			triggerSource: run.extra.startedByApi === true ? 'api' : 'manual',
			triggeredBy: 'user_test0001',
			totalCu: run.spec.cost ?? 0,
			isDustTest: run.extra.dustTest === true,
			isSimulation: run.extra.simulate === true,
			simulationMode: run.extra.simulate === true ? 'fork' : '',
			simulationForks: [],
			sourceRunId: typeof run.extra.retryOf === 'string' ? run.extra.retryOf : '',
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
			{ method: 'POST', pattern: '/v1/runs/:runId/retry', handle: (ctx) => this.retryRoute(ctx) },
			{ method: 'GET', pattern: '/v1/runs', list: true, handle: (ctx) => this.orgRunsRoute(ctx) },
			{ method: 'GET', pattern: '/v1/workflows/:workflowId/runs', list: true, handle: (ctx) => this.workflowRunsRoute(ctx) },
			{ method: 'POST', pattern: '/v1/workflows/:workflowId/run', startsRun: 'runId', handle: (ctx) => this.startRoute(ctx) },
			{
				method: 'GET',
				pattern: '/v1/organizations',
				handle: () =>
					this.ok({
						items: [{ id: this.orgId, name: 'Test Organization', slug: 'test-organization', createdAt: '2026-01-05T09:00:00Z' }],
						limit: 20,
						offset: 0,
						hasMore: false,
					}),
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

	/**
	 * POST /v1/runs/{id}/retry (spec): "Retry a failed or cancelled run from its failure point"; 409
	 * for any other status, 404 for an unknown run. The new run (a new ID, `sourceRunId` the original)
	 * goes as its workflow says.
	 */
	private retryRoute(ctx: Ctx): Reply {
		const run = this.runs.get(ctx.params.runId);
		if (!run) return this.fail(404, 'run not found');
		this.touch(run, ctx.now);
		if (run.status !== 'failure' && run.status !== 'cancelled') return this.fail(409, `only failed or cancelled runs can be retried (status: ${run.status})`);
		let id = `run_${randomBytes(6).toString('hex')}`;
		while (this.runs.has(id)) id = `run_${randomBytes(6).toString('hex')}`;
		const retried = this.startRun(run.workflowId, id, { inputs: run.spec.inputs });
		retried.extra.retryOf = run.id;
		if (typeof run.extra.version === 'number') retried.extra.version = run.extra.version;
		return this.ok(this.variants.retryAnswer === 'runId' ? { runId: id } : this.view(retried, ctx.now));
	}

	/** A refused request: recorded in `rejected` (a client bug), answered with the B3OS error envelope. */
	private refuse(ctx: Ctx, status: number, message: string, code = status): Reply {
		ctx.notes.push(message);
		return this.fail(status, message, undefined, code);
	}

	/** limit (1..100, default 20) and offset (≥ 0, default 0), or the 400 for a bad one. */
	private paging(ctx: Ctx): { limit: number; offset: number } | Reply {
		const limitRaw = ctx.query.get('limit');
		const offsetRaw = ctx.query.get('offset');
		const limit = limitRaw === null ? 20 : /^\d+$/.test(limitRaw) ? Number(limitRaw) : Number.NaN;
		if (!(limit >= 1 && limit <= 100)) return this.refuse(ctx, 400, `limit must be an integer between 1 and 100 (got '${limitRaw}')`);
		const offset = offsetRaw === null ? 0 : /^\d+$/.test(offsetRaw) ? Number(offsetRaw) : Number.NaN;
		if (!(offset >= 0)) return this.refuse(ctx, 400, `offset must be a non-negative integer (got '${offsetRaw}')`);
		return { limit, offset };
	}

	private listRoute(ctx: Ctx, workflowId: string | undefined): Reply {
		const statuses = ctx.query.getAll('status');
		if (statuses.length > 1) return this.refuse(ctx, 400, 'status takes one value');
		const status = statuses[0] || undefined;
		if (status !== undefined && !RUN_STATUSES.has(status)) return this.refuse(ctx, 400, `invalid status '${status}'`);
		const paging = this.paging(ctx);
		if ('status' in paging) return paging;
		const { limit, offset } = paging;
		const matching: RunState[] = [];
		for (const run of this.runs.values()) {
			if (workflowId !== undefined && run.workflowId !== workflowId) {
				this.touch(run, ctx.now);
				continue;
			}
			this.touch(run, ctx.now);
			if (status !== undefined && run.status !== status) continue;
			this.listed(run, ctx.now);
			if (status !== undefined && run.status !== status) continue;
			matching.push(run);
		}
		this.sortForList(matching);
		const size = this.served(limit);
		const items = matching.slice(offset, offset + size).map((run) => this.listItem(run));
		return this.ok({ items, limit: size, offset, hasMore: offset + items.length < matching.length });
	}

	/** A `RunListItem` (the spec's list entry): smaller than a read, no executionState, no organizationId. */
	private listItem(run: RunState): Record<string, unknown> {
		const error = failureMessage(run, WORDS);
		const item: Record<string, unknown> = { id: run.id, status: run.status, startedAt: iso(run.startedAtMs) };
		if (run.endedAtMs !== undefined) item.finishedAt = iso(run.endedAtMs);
		if (error !== undefined) item.summary = `Node ${run.status === 'partial' ? 'wait_1' : 'http_1'} failed: ${error}`;
		Object.assign(item, {
			totalCu: run.spec.cost ?? 0,
			workflowId: run.workflowId,
			workflowName: run.workflowId,
			workflowVersion: typeof run.extra.version === 'number' ? run.extra.version : 1,
			triggerSource: run.extra.startedByApi === true ? 'api' : 'manual',
			triggeredBy: 'user_test0001',
			triggerNodeId: 'root',
			sourceRunId: typeof run.extra.retryOf === 'string' ? run.extra.retryOf : '',
			isDustTest: run.extra.dustTest === true,
			isSimulation: run.extra.simulate === true,
		});
		return item;
	}

	/** GET /v1/runs: the organization's runs, with the status filter; the spec has no workflow filter. */
	private orgRunsRoute(ctx: Ctx): Reply {
		if (ctx.query.has('workflowId')) ctx.notes.push('workflowId sent to GET /v1/runs, which has no such filter (ignored: every workflow is listed)');
		return this.listRoute(ctx, undefined);
	}

	private workflowRunsRoute(ctx: Ctx): Reply {
		if (!this.workflows.has(ctx.params.workflowId)) return this.fail(404, 'workflow not found');
		return this.listRoute(ctx, ctx.params.workflowId);
	}

	/** POST /v1/workflows/{id}/run. */
	private startRoute(ctx: Ctx): Reply {
		const parsed = ctx.body === '' ? { ok: true as const, value: {} } : tryParseJson(ctx.body);
		const body = parsed.ok ? parsed.value : undefined;
		if (body === null || typeof body !== 'object' || Array.isArray(body)) return this.refuse(ctx, 400, 'request body must be a JSON object');
		const { payload, runId, version, simulate, dustTest } = body as Record<string, unknown>;
		if (payload !== undefined && (payload === null || typeof payload !== 'object' || Array.isArray(payload))) return this.refuse(ctx, 400, 'payload must be an object');
		if (runId !== undefined && typeof runId !== 'string') return this.refuse(ctx, 400, 'runId must be a string');
		if (version !== undefined && !(typeof version === 'number' && Number.isInteger(version) && version >= 1)) return this.refuse(ctx, 400, 'version must be a positive integer');
		for (const [name, value] of [['simulate', simulate], ['dustTest', dustTest]] as const) {
			if (value !== undefined && typeof value !== 'boolean') return this.refuse(ctx, 400, `${name} must be a boolean`);
		}
		if (simulate === true && dustTest === true) return this.refuse(ctx, 400, 'simulate and dustTest are mutually exclusive');
		if (typeof runId === 'string' && !/^run_\w+$/.test(runId)) return this.refuse(ctx, 400, 'invalid run ID', 400078);
		if (!this.workflows.has(ctx.params.workflowId)) return this.fail(404, 'workflow not found');
		const id = typeof runId === 'string' ? runId : `run_${randomBytes(6).toString('hex')}`;
		ctx.rec.runId = id;
		const existing = this.runs.get(id);
		if (existing) {
			this.noteDuplicateStart(ctx, existing);
			return this.fail(this.variants.duplicateRunIdStatus, 'duplicate run ID', undefined, 400079);
		}
		const run = this.startRun(ctx.params.workflowId, id, { inputs: payload });
		if (typeof version === 'number') run.extra.version = version;
		if (simulate === true) run.extra.simulate = true;
		if (dustTest === true) run.extra.dustTest = true;
		return this.ok({ runId: id });
	}
}

export async function startB3osFake(opts: B3osStartOptions = {}): Promise<B3osFake> {
	return new B3osFake(opts).listen(opts.port ?? 0);
}
