/**
 * superglue fake: reproduces the recorded responses of a real self-hosted superglue server
 * (release 1.4.0, Fastify, REST API under /v1; see recorded/ beside this file):
 * - bare run objects; `{"error":{"message"}}` from routes (with an `x-trace-id` header);
 *   `{"success":false,"error":"Authentication failed","message":…}` from the auth hook;
 *   Fastify's own 404 (`Route GET:/v1/x not found`), 400/415 body errors;
 * - a running or aborted run carries the compact `tool`, a run the executor finished
 *   (success/failed) the expanded one (version/folder/… as null);
 * - cancel: running → 200 aborted "Run cancelled by user"; aborted → 200 unchanged;
 *   finished → 400 "Run is not currently running (status: SUCCESS)"; a GET made at least 1 s
 *   after the cancel of a run that had a live worker shows the worker's own abort
 *   ("AbortError: Task aborted", completedAt 44 ms later), as recordings 11 → 12 do;
 * - an orphaned run (server restarted mid-run) stays running until cancelled;
 * - POST /v1/tools/:toolId/run (recordings 30-37): `options.async: true` → 202 with the running
 *   run, otherwise the answer waits until the run finished (200 with data and stepResults); 409 for
 *   a taken runId, 404 for an unknown tool; `inputs` are not validated (kept as `toolPayload`);
 * - GET /v1/runs (40-54, 64/65): newest first, page from 1, limit 0/absent → 1000, capped at 1000,
 *   negative → 1, one case-insensitive status (a repeated one crashes the handler: 500),
 *   startedAfter inclusive, includeTotal=false, and offset paging that shifts when a run starts;
 * - GET /v1/runs/:runId/results: `resultsMode` 'oss' (default, as 1.4.0: no such route, 404 after
 *   auth, 55-57) or 'hosted' (the documented `{success, data:{…}}` of result storage).
 */
import { randomUUID } from 'node:crypto';

import { FakeBase } from '../../simulator/server';
import type { Dialect } from '../../simulator/server';
import type { Ctx, Refusal, Route } from '../../simulator/routes';
import { acceptCancel, failureMessage, poll, settle } from '../../simulator/runs';
import type { RunState, Words } from '../../simulator/runs';
import type { FakeWorkflowSpec, StartOptions } from '../../simulator/types';
import { checkBearer, iso, isJsonType, json, mediaType, shortId, tryParseJson } from '../../simulator/wire';
import type { Reply } from '../../simulator/wire';

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

/** Tools that exist on every superglue fake (besides the tools of added runs and addWorkflow). */
const DEMO_TOOLS: FakeWorkflowSpec[] = [
	{ id: 'slow-demo', durationMs: 8000 },
	{ id: 'fast-demo', durationMs: 800, output: { ok: true, path: '/fast', waitedMs: 0 } },
	{ id: 'fail-demo', durationMs: 1200, finalStatus: 'failed', error: WORDS.defaultError },
];
const DEMO_URL: Record<string, string> = { 'slow-demo': '/slow?ms=8000', 'fast-demo': '/fast', 'fail-demo': '/fail' };

/** 'oss': no results route (open-source 1.4.0, the default); 'hosted': result storage answers. */
export type SuperglueResultsMode = 'oss' | 'hosted';

export interface SuperglueStartOptions extends StartOptions {
	resultsMode?: SuperglueResultsMode;
}

const fastify = (status: number, code: string, error: string, message: string): Reply => json(status, { statusCode: status, code, error, message });
const routeError = (status: number, message: string): Reply => json(status, { error: { message } }, { 'x-trace-id': randomUUID() });
const authError = (message: string): Reply => json(401, { success: false, error: 'Authentication failed', message });

export class SuperglueFake extends FakeBase {
	readonly name = 'superglue' as const;
	protected readonly basePath = '/v1';
	protected readonly words = WORDS;
	/** How GET /v1/runs/:runId/results answers (reset() restores the value given at start). */
	resultsMode: SuperglueResultsMode;
	private readonly startResultsMode: SuperglueResultsMode;

	protected readonly dialect: Dialect = {
		notFound: (ctx) => this.fastify404(ctx),
		// Fastify answers a known path with another method as an unknown route.
		wrongMethod: (ctx) => this.fastify404(ctx),
		badEscape: (rec) => fastify(400, 'FST_ERR_BAD_URL', 'Bad Request', `'${rec.path}' is not a valid url component`),
		authenticate: (ctx) => this.authenticate(ctx),
		checkBody: (ctx) => this.checkBody(ctx),
		faultBody: (status) => (status === 401 ? { success: false, error: 'Authentication failed', message: 'Authentication failed' } : { error: { message: faultMessage(status) } }),
	};

	constructor(opts: SuperglueStartOptions = {}) {
		super(opts, SUPERGLUE_DEFAULT_KEY);
		this.startResultsMode = opts.resultsMode ?? 'oss';
		this.resultsMode = this.startResultsMode;
		this.onReset();
	}

	protected defaultWorkflowId(): string {
		return `tool-${shortId(4)}`;
	}

	protected onReset(): void {
		this.resultsMode = this.startResultsMode;
		for (const tool of DEMO_TOOLS) this.addWorkflow(tool);
	}

	protected onAdd(run: RunState): void {
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
		const config = { url: `http://127.0.0.1:4599${DEMO_URL[run.workflowId] ?? '/fast'}`, type: 'request', method: 'GET' };
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
			toolPayload: run.spec.inputs !== undefined ? run.spec.inputs : {},
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

	/** The 202 answer of an async start (recordings 06, 14, 17, 30, 32, 34, 37). */
	private asyncView(run: RunState): Record<string, unknown> {
		return {
			runId: run.id,
			tool: this.tool(run, 'compact'),
			toolId: run.workflowId,
			status: run.status,
			...(run.spec.inputs !== undefined ? { toolPayload: run.spec.inputs } : {}),
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
			{ method: 'GET', pattern: '/v1/runs/:runId/results', handle: (ctx) => this.resultsRoute(ctx) },
			{ method: 'GET', pattern: '/v1/runs', list: true, workflowQuery: 'toolId', handle: (ctx) => this.listRoute(ctx) },
			{ method: 'POST', pattern: '/v1/tools/:toolId/run', startsRun: 'runId', handle: (ctx) => this.runToolRoute(ctx) },
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

	/** GET /v1/runs as superglue 1.4.0 answers it (recordings 40-54, 61, 64, 65). */
	private listRoute(ctx: Ctx): Reply {
		const statuses = ctx.query.getAll('status');
		if (statuses.length > 1) {
			// The handler calls status.toLowerCase() on the array: one status per request.
			ctx.notes.push('repeated status parameter (superglue takes one)');
			return json(500, { success: false, error: 'status.toLowerCase is not a function' });
		}
		const limitRaw = Number.parseInt(ctx.query.get('limit') ?? '', 10);
		const limit = Number.isNaN(limitRaw) || limitRaw === 0 ? 1000 : Math.min(1000, Math.max(1, limitRaw));
		const pageRaw = Number.parseInt(ctx.query.get('page') ?? '', 10);
		const page = Number.isNaN(pageRaw) || pageRaw < 1 ? 1 : pageRaw;
		const toolId = ctx.query.get('toolId');
		const status = statuses[0]?.toLowerCase();
		const after = ctx.query.get('startedAfter');
		const afterMs = after ? Date.parse(after) : Number.NaN;
		const matching: RunState[] = [];
		for (const run of this.runs.values()) {
			if (toolId !== null && toolId !== '' && run.workflowId !== toolId) {
				this.touch(run, ctx.now);
				continue;
			}
			this.touch(run, ctx.now);
			if (status !== undefined && status !== '' && run.status.toLowerCase() !== status) continue;
			this.listed(run, ctx.now);
			if (status !== undefined && status !== '' && run.status.toLowerCase() !== status) continue;
			if (!Number.isNaN(afterMs) && run.startedAtMs < afterMs) continue;
			matching.push(run);
		}
		this.sortForList(matching);
		// A page cap serves fewer runs a page; the answer's `limit` says the size used.
		const size = this.served(limit);
		const offset = (page - 1) * size;
		const data = matching.slice(offset, offset + size).map((run) => this.view(run, ctx.now, false));
		const hasMore = offset + data.length < matching.length;
		// The count comes with the rows (a page past the end says 0); without includeTotal it is
		// offset + rows (+ 1 when there are more), not a count (recordings 50, 51, 54).
		const total = ctx.query.get('includeTotal') === 'false' ? offset + data.length + (hasMore ? 1 : 0) : data.length > 0 ? matching.length : 0;
		return this.ok({ data, page, limit: size, total, hasMore });
	}

	/** GET /v1/runs/:runId/results: absent on 1.4.0 (after auth), result storage when hosted. */
	private resultsRoute(ctx: Ctx): Reply {
		if (this.resultsMode === 'oss') return this.fastify404(ctx);
		const run = this.runs.get(ctx.params.runId);
		if (!run) return routeError(404, 'Run not found');
		this.touch(run, ctx.now);
		if (!WORDS.terminal.has(run.status)) return this.ok({ success: true, data: null, message: 'No stored results for this run yet' });
		const error = this.error(run);
		return this.ok({
			success: true,
			data: {
				runId: run.id,
				success: run.status === 'success',
				data: run.status === 'success' ? this.data(run) : null,
				stepResults: this.stepResults(run, error),
				toolPayload: run.spec.inputs !== undefined ? run.spec.inputs : {},
				error: error ?? null,
				storedAt: iso(run.endedAtMs ?? ctx.now),
			},
		});
	}

	/** POST /v1/tools/:toolId/run (recordings 06, 17, 18, 20, 21, 27, 30-37). */
	private runToolRoute(ctx: Ctx): Reply {
		const parsed = ctx.body === '' ? { ok: true as const, value: {} } : tryParseJson(ctx.body);
		const body = parsed.ok ? parsed.value : undefined;
		const invalid = (message: string) => {
			ctx.notes.push(`invalid start body: ${message}`);
			return fastify(400, 'FST_ERR_VALIDATION', 'Bad Request', message);
		};
		const isObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);
		if (!isObject(body)) return invalid('body must be object');
		const { runId, inputs, credentials, options } = body as { runId?: unknown; inputs?: unknown; credentials?: unknown; options?: unknown };
		if (runId !== undefined && typeof runId !== 'string') return invalid('body/runId must be string');
		if (credentials !== undefined && !isObject(credentials)) return invalid('body/credentials must be object');
		if (options !== undefined && !isObject(options)) return invalid('body/options must be object');
		const opts = (options ?? {}) as { async?: unknown; timeout?: unknown; webhookUrl?: unknown };
		if (opts.async !== undefined && typeof opts.async !== 'boolean') return invalid('body/options/async must be boolean');
		if (opts.timeout !== undefined && typeof opts.timeout !== 'number') return invalid('body/options/timeout must be number');
		if (opts.webhookUrl !== undefined && typeof opts.webhookUrl !== 'string') return invalid('body/options/webhookUrl must be string');

		const tool = this.workflows.get(ctx.params.toolId);
		if (!tool) return routeError(404, 'Tool not found');
		const id = runId ?? randomUUID();
		ctx.rec.runId = id;
		const existing = this.runs.get(id);
		if (existing) {
			this.noteDuplicateStart(ctx, existing);
			return routeError(409, `Run with id ${id} already exists`);
		}
		const run = this.startRun(tool.id, id, { inputs });
		// The real server answers a run start with a bare `application/json` content type.
		const headers = { 'content-type': 'application/json', 'x-trace-id': this.traceIdOf(run) };
		if (opts.async === true) return json(202, this.asyncView(run), headers);
		// Synchronous: the answer comes when the run finished. Not flagged `sync`: a later GET of it
		// carries no data/stepResults/traceId (recording 22).
		return {
			status: 200,
			defer: {
				ms: Math.max(0, (run.finishAt ?? ctx.now) - ctx.now),
				reply: () => {
					// Timers may fire a millisecond early: the run is finished when its answer goes out.
					this.touch(run, Math.max(Date.now(), run.finishAt ?? 0));
					return json(200, this.syncView(run), headers);
				},
			},
		};
	}
}

function faultMessage(status: number): string {
	if (status === 429) return 'Too many requests';
	if (status >= 500) return 'Internal server error';
	return `HTTP ${status}`;
}

export async function startSuperglueFake(opts: SuperglueStartOptions = {}): Promise<SuperglueFake> {
	return new SuperglueFake(opts).listen(opts.port ?? 0);
}
