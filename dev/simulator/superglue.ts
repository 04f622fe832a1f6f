/**
 * superglue fake: reproduces the recorded responses of a real self-hosted superglue server
 * (release 1.4.0, Fastify, REST API under /v1; see test/fixtures/superglue-recorded):
 * - bare run objects; `{"error":{"message"}}` from routes (with an `x-trace-id` header);
 *   `{"success":false,"error":"Authentication failed","message":…}` from the auth hook;
 *   Fastify's own 404 (`Route GET:/v1/x not found`), 400/415 body errors;
 * - a running or aborted run carries the compact `tool`, a run the executor finished
 *   (success/failed) the expanded one (version/folder/… as null);
 * - cancel: running → 200 aborted "Run cancelled by user"; aborted → 200 unchanged;
 *   finished → 400 "Run is not currently running (status: SUCCESS)"; a GET made at least 1 s
 *   after the cancel of a run that had a live worker shows the worker's own abort
 *   ("AbortError: Task aborted", completedAt 44 ms later), as recordings 11 → 12 do;
 * - an orphaned run (server restarted mid-run) stays running until cancelled.
 */
import { randomUUID } from 'node:crypto';

import { FakeBase } from './server';
import type { Dialect } from './server';
import type { Ctx, Refusal, Route } from './routes';
import { acceptCancel, failureMessage, poll, settle } from './runs';
import type { RunState, Words } from './runs';
import type { StartOptions } from './types';
import { checkBearer, intParam, iso, isJsonType, json, mediaType, shortId, tryParseJson } from './wire';
import type { Reply } from './wire';

export const SUPERGLUE_DEFAULT_KEY = 'sg-test-key-0001';

const WORDS: Words = {
	initial: 'running',
	final: 'success',
	cancelled: 'aborted',
	terminal: new Set(['success', 'failed', 'aborted']),
	cancellable: new Set(['running']),
	failed: new Set(['failed']),
	defaultError: 'Step callPeer failed: HTTP 500: {"ok":false,"error":"peer says no"}',
};

const CANCELLED_BY_USER = 'Run cancelled by user';
const WORKER_ABORT = 'AbortError: Task aborted';
const WORKER_ABORT_AFTER_MS = 1000;
const WORKER_ABORT_EXTRA_MS = 44;
const INSTRUCTION = 'fake tool: one HTTP GET to a loopback peer';

type Behaviour = 'slow' | 'fast' | 'fail';

interface ToolDef {
	id: string;
	url: string;
	behaviour: Behaviour;
}

/** Tools the demo endpoint POST /v1/tools/:toolId/run knows besides the toolIds of added runs. */
const DEMO_TOOLS: Array<[string, Behaviour]> = [
	['slow-demo', 'slow'],
	['fast-demo', 'fast'],
	['fail-demo', 'fail'],
];

const BEHAVIOUR: Record<Behaviour, { ms: number; final: string; error?: string; data?: unknown; path: string }> = {
	slow: { ms: 8000, final: 'success', path: '/slow?ms=8000' },
	fast: { ms: 1100, final: 'success', path: '/fast', data: { ok: true, path: '/fast', waitedMs: 0 } },
	fail: { ms: 6000, final: 'failed', path: '/fail', error: WORDS.defaultError },
};

const fastify = (status: number, code: string, error: string, message: string): Reply => json(status, { statusCode: status, code, error, message });
const routeError = (status: number, message: string): Reply => json(status, { error: { message } }, { 'x-trace-id': randomUUID() });
const authError = (message: string): Reply => json(401, { success: false, error: 'Authentication failed', message });

export class SuperglueFake extends FakeBase {
	readonly name = 'superglue' as const;
	protected readonly basePath = '/v1';
	protected readonly words = WORDS;
	private readonly tools = new Map<string, ToolDef>();

	protected readonly dialect: Dialect = {
		notFound: (ctx) => this.fastify404(ctx),
		// Fastify answers a known path with another method as an unknown route.
		wrongMethod: (ctx) => this.fastify404(ctx),
		badEscape: (rec) => fastify(400, 'FST_ERR_BAD_URL', 'Bad Request', `'${rec.path}' is not a valid url component`),
		authenticate: (ctx) => this.authenticate(ctx),
		checkBody: (ctx) => this.checkBody(ctx),
		faultBody: (status) => (status === 401 ? { success: false, error: 'Authentication failed', message: 'Authentication failed' } : { error: { message: faultMessage(status) } }),
	};

	constructor(opts: StartOptions = {}) {
		super(opts, SUPERGLUE_DEFAULT_KEY);
		this.onReset();
	}

	protected defaultWorkflowId(): string {
		return `tool-${shortId(4)}`;
	}

	protected onReset(): void {
		this.tools.clear();
		for (const [id, behaviour] of DEMO_TOOLS) this.tools.set(id, { id, behaviour, url: `http://127.0.0.1:4599${BEHAVIOUR[behaviour].path}` });
	}

	protected onAdd(run: RunState): void {
		if (!this.tools.has(run.workflowId)) this.tools.set(run.workflowId, { id: run.workflowId, behaviour: 'fast', url: 'http://127.0.0.1:4599/fast' });
		if (run.status === WORDS.cancelled) run.cancelError = run.spec.error ?? CANCELLED_BY_USER;
	}

	protected touch(run: RunState, now: number): void {
		settle(run, WORDS, now);
		// The worker of a cancelled run aborts a moment later and writes its own error.
		const at = run.extra.workerAbortAt;
		if (typeof at === 'number' && now >= at && run.status === WORDS.cancelled) {
			run.cancelError = WORKER_ABORT;
			if (run.endedAtMs !== undefined) run.endedAtMs += WORKER_ABORT_EXTRA_MS;
			delete run.extra.workerAbortAt;
		}
	}

	private onCancelled = (run: RunState, at: number): void => {
		run.cancelError = CANCELLED_BY_USER;
		if (!run.spec.orphaned && !run.spec.sync) run.extra.workerAbortAt = at + WORKER_ABORT_AFTER_MS;
	};

	// ----- views -----------------------------------------------------------------------------------

	private tool(run: RunState, form: 'compact' | 'expanded' | 'sync'): Record<string, unknown> {
		const def = this.tools.get(run.workflowId);
		const config = { url: def?.url ?? 'http://127.0.0.1:4599/fast', type: 'request', method: 'GET' };
		if (form === 'compact') {
			return { id: run.workflowId, name: run.workflowId, instruction: INSTRUCTION, inputSchema: null, steps: [{ id: 'callPeer', config }], archived: false };
		}
		if (form === 'expanded') {
			return {
				id: run.workflowId,
				name: run.workflowId,
				version: null,
				instruction: INSTRUCTION,
				inputSchema: null,
				steps: [{ id: 'callPeer', config, modify: null, failureBehavior: null }],
				folder: null,
				archived: false,
				responseFilters: null,
				createdAt: null,
				updatedAt: null,
			};
		}
		return {
			id: run.workflowId,
			name: run.workflowId,
			version: null,
			instruction: INSTRUCTION,
			inputSchema: null,
			outputSchema: null,
			steps: [{ id: 'callPeer', config, instruction: null, modify: null, dataSelector: null, failureBehavior: null }],
			outputTransform: null,
			folder: null,
			archived: false,
			responseFilters: null,
			createdAt: null,
			updatedAt: null,
		};
	}

	private metadata(run: RunState): Record<string, unknown> {
		const metadata: Record<string, unknown> = { startedAt: iso(run.startedAtMs) };
		if (run.endedAtMs !== undefined) {
			metadata.completedAt = iso(run.endedAtMs);
			metadata.durationMs = run.endedAtMs - run.startedAtMs;
		}
		return metadata;
	}

	private error(run: RunState): string | undefined {
		if (run.status === WORDS.cancelled) return run.cancelError ?? run.spec.error ?? CANCELLED_BY_USER;
		return failureMessage(run, WORDS);
	}

	private data(run: RunState): unknown {
		return run.spec.output !== undefined ? run.spec.output : {};
	}

	private stepResults(run: RunState, error: string | undefined): unknown[] {
		return [{ stepId: 'callPeer', success: run.status === 'success', error: run.status === 'success' ? null : (error ?? null) }];
	}

	/** The run as GET /v1/runs/:runId (and cancel, and the list) return it. */
	protected view(run: RunState, _now: number, withSync = true): Record<string, unknown> {
		const finishedByWorker = run.status === 'success' || run.status === 'failed';
		const error = this.error(run);
		const body: Record<string, unknown> = {
			runId: run.id,
			toolId: run.workflowId,
			tool: this.tool(run, finishedByWorker ? 'expanded' : 'compact'),
			status: run.status,
			toolPayload: {},
		};
		if (error !== undefined) body.error = error;
		const sync = withSync && run.spec.sync === true;
		if (sync && run.status === 'success') body.data = this.data(run);
		if (sync && finishedByWorker) body.stepResults = this.stepResults(run, error);
		body.options = {};
		body.requestSource = 'api';
		if (sync) body.traceId = this.traceIdOf(run);
		body.userId = 'oss-admin';
		body.executionMode = 'prod';
		body.metadata = this.metadata(run);
		return body;
	}

	private traceIdOf(run: RunState): string {
		if (typeof run.extra.traceId !== 'string') run.extra.traceId = randomUUID();
		return run.extra.traceId as string;
	}

	/** The 202 answer of an async start (recordings 06, 14, 17). */
	private asyncView(run: RunState): Record<string, unknown> {
		return {
			runId: run.id,
			tool: this.tool(run, 'compact'),
			toolId: run.workflowId,
			status: run.status,
			options: {},
			requestSource: 'api',
			traceId: this.traceIdOf(run),
			metadata: { startedAt: iso(run.startedAtMs) },
		};
	}

	/** The 200 answer of a sync start (recordings 20, 21). */
	private syncView(run: RunState): Record<string, unknown> {
		const error = this.error(run);
		const body: Record<string, unknown> = { runId: run.id, tool: this.tool(run, 'sync'), toolId: run.workflowId, status: run.status };
		if (run.status === 'success') body.data = this.data(run);
		if (error !== undefined) body.error = error;
		body.stepResults = this.stepResults(run, error);
		body.options = {};
		body.requestSource = 'api';
		body.traceId = this.traceIdOf(run);
		body.metadata = this.metadata(run);
		return body;
	}

	// ----- strictness ------------------------------------------------------------------------------

	private fastify404(ctx: Ctx): Reply {
		return json(404, { message: `Route ${ctx.method}:${ctx.rec.rawPath} not found`, error: 'Not Found', statusCode: 404 });
	}

	private authenticate(ctx: Ctx): Refusal | null {
		const header = ctx.headers.authorization;
		const token = ctx.query.get('token');
		if (token !== null) ctx.notes.push('key in query string');
		if (header === undefined) {
			// superglue also takes ?token=… (recorded in `rejected`: our client must never send it).
			if (token === null || token === '') return { reply: authError('No token provided'), reason: 'missing Authorization header' };
			return token === this.apiKey ? null : { reply: authError('Authentication failed'), reason: 'wrong API key (query string)' };
		}
		const problem = checkBearer(header, this.apiKey);
		if (problem === null) return null;
		if (problem === 'malformed') return { reply: authError('No token provided'), reason: `malformed Authorization header (expected 'Bearer <key>')` };
		return { reply: authError('Authentication failed'), reason: 'wrong API key' };
	}

	/** Fastify's content-type parsers (application/json only; GET bodies are ignored). */
	private checkBody(ctx: Ctx): Refusal | null {
		const type = ctx.headers['content-type'];
		if (type === undefined) {
			const hasBody = ctx.body.length > 0 || ctx.headers['transfer-encoding'] !== undefined;
			if (!hasBody) return null;
			return {
				reply: fastify(415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE', 'Unsupported Media Type', 'Unsupported Media Type: undefined'),
				reason: 'body without a content type',
			};
		}
		if (!isJsonType(type)) {
			return {
				reply: fastify(415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE', 'Unsupported Media Type', `Unsupported Media Type: ${mediaType(type)}`),
				reason: `unsupported content type '${String(type)}'`,
			};
		}
		if (ctx.body === '') {
			return {
				reply: fastify(400, 'FST_ERR_CTP_EMPTY_JSON_BODY', 'Bad Request', "Body cannot be empty when content-type is set to 'application/json'"),
				reason: 'empty body with Content-Type application/json',
			};
		}
		if (!tryParseJson(ctx.body).ok) {
			return {
				reply: fastify(400, 'FST_ERR_CTP_INVALID_JSON_BODY', 'Bad Request', "Body is not valid JSON but content-type is set to 'application/json'"),
				reason: 'invalid JSON body',
			};
		}
		return null;
	}

	// ----- routes ----------------------------------------------------------------------------------

	protected routes(): Route[] {
		return [
			{
				method: 'GET',
				pattern: '/v1/health',
				auth: false,
				handle: () => json(200, { status: 'ok', timestamp: new Date().toISOString(), version: '1.4.0', minCliVersion: '1.0.0' }),
			},
			{ method: 'GET', pattern: '/v1/runs/:runId', handle: (ctx) => this.getRunRoute(ctx) },
			{ method: 'POST', pattern: '/v1/runs/:runId/cancel', handle: (ctx) => this.cancelRoute(ctx) },
			{ method: 'GET', pattern: '/v1/runs', handle: (ctx) => this.listRoute(ctx) },
			{ method: 'POST', pattern: '/v1/tools/:toolId/run', handle: (ctx) => this.runToolRoute(ctx) },
		];
	}

	private ok(body: unknown, status = 200): Reply {
		return json(status, body, { 'x-trace-id': randomUUID() });
	}

	private getRunRoute(ctx: Ctx): Reply {
		const run = this.runs.get(ctx.params.runId);
		if (!run) return routeError(404, 'Run not found');
		this.touch(run, ctx.now);
		poll(run, WORDS, ctx.now, this.onCancelled);
		return this.ok(this.view(run, ctx.now));
	}

	private cancelRoute(ctx: Ctx): Reply {
		const run = this.runs.get(ctx.params.runId);
		if (!run) return routeError(404, 'Run not found');
		this.touch(run, ctx.now);
		if (run.status === WORDS.cancelled) return this.ok(this.view(run, ctx.now, false));
		if (run.cancelPending || WORDS.cancellable.has(run.status)) {
			acceptCancel(run, WORDS, ctx.now, this.onCancelled);
			return this.ok(this.view(run, ctx.now, false));
		}
		return routeError(400, `Run is not currently running (status: ${run.status.toUpperCase()})`);
	}

	private listRoute(ctx: Ctx): Reply {
		const limit = intParam(ctx.query, 'limit', 50, 1, 1000);
		const page = intParam(ctx.query, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
		const toolId = ctx.query.get('toolId');
		const status = ctx.query.get('status');
		const matching: RunState[] = [];
		for (const run of this.runs.values()) {
			this.touch(run, ctx.now);
			if (toolId !== null && toolId !== '' && run.workflowId !== toolId) continue;
			if (status !== null && status !== '' && run.status !== status) continue;
			matching.push(run);
		}
		matching.sort((a, b) => b.startedAtMs - a.startedAtMs);
		const data = matching.slice((page - 1) * limit, page * limit).map((run) => this.view(run, ctx.now, false));
		return this.ok({ data, page, limit, total: matching.length, hasMore: page * limit < matching.length });
	}

	/** Minimal POST /v1/tools/:toolId/run for demos (recordings 06, 17, 18, 20, 21, 27). */
	private runToolRoute(ctx: Ctx): Reply {
		const parsed = ctx.body === '' ? { ok: true as const, value: {} } : tryParseJson(ctx.body);
		const body = parsed.ok ? parsed.value : undefined;
		const invalid = (message: string) => fastify(400, 'FST_ERR_VALIDATION', 'Bad Request', message);
		if (body === null || typeof body !== 'object' || Array.isArray(body)) return invalid('body must be object');
		const { runId, options } = body as { runId?: unknown; options?: unknown };
		if (runId !== undefined && typeof runId !== 'string') return invalid('body/runId must be string');
		if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) return invalid('body/options must be object');
		const asyncFlag = (options as { async?: unknown } | undefined)?.async;
		if (asyncFlag !== undefined && typeof asyncFlag !== 'boolean') return invalid('body/options/async must be boolean');

		const tool = this.tools.get(ctx.params.toolId);
		if (!tool) return routeError(404, 'Tool not found');
		const id = runId ?? randomUUID();
		if (this.runs.has(id)) return routeError(409, `Run with id ${id} already exists`);
		const behaviour = BEHAVIOUR[tool.behaviour];
		if (asyncFlag === true) {
			this.addRun({ id, workflowId: tool.id, finishAfterMs: behaviour.ms, finalStatus: behaviour.final, error: behaviour.error });
			const run = this.runs.get(id)!;
			// The real server answers the run start with a bare `application/json` content type.
			return json(202, this.asyncView(run), { 'content-type': 'application/json', 'x-trace-id': this.traceIdOf(run) });
		}
		const now = Date.now();
		// Not flagged `sync`: a later GET of it carries no data/stepResults/traceId (recording 22).
		this.addRun({ id, workflowId: tool.id, status: behaviour.final, error: behaviour.error, output: behaviour.data ?? { ok: true }, startedAt: iso(now - behaviour.ms) });
		const run = this.runs.get(id)!;
		return json(200, this.syncView(run), { 'content-type': 'application/json', 'x-trace-id': this.traceIdOf(run) });
	}
}

function faultMessage(status: number): string {
	if (status === 429) return 'Too many requests';
	if (status >= 500) return 'Internal server error';
	return `HTTP ${status}`;
}

export async function startSuperglueFake(opts: StartOptions = {}): Promise<SuperglueFake> {
	return new SuperglueFake(opts).listen(opts.port ?? 0);
}
