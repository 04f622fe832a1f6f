/**
 * Cortex fake (docs.withcortex.ai, api.withcortex.ai): no /v1, every path under /apps/{app_id}
 * (`c` = the key's own app, or the configured app id), bare RunSchema objects, errors
 * `{status, message, errors?}`. A run is addressed by workflow and run: under another workflow it is
 * 404. Runs of discoverable workflows are read through the ordinary path but cancelled only through
 * /apps/{app}/workflows/discover/{workflow}/runs/{run}/cancel (and own runs only through the
 * ordinary cancel path). `verbose` accepts only `all` (400 otherwise). Lists are bare arrays with
 * `pagination-page/take/count` headers.
 *
 * Starts and lists (docs.withcortex.ai; the official SDK trycortexai/cortex-node, whose
 * src/openapi.ts is generated from Cortex's OpenAPI definition and wins where the pages differ):
 * - POST /apps/{app}/workflows/{wf}/runs (a discoverable workflow: /apps/{app}/workflows/discover/{wf}/runs
 *   only) `{input?, workflow_version_id?, background?, stream?}`: `background: true` → 200 with the
 *   run at once (PENDING while the workflow's queuedMs lasts, else RUNNING); otherwise the answer
 *   waits and is the finished run (200). No idempotency key. `stream: true` (SSE) is not simulated:
 *   400, recorded. Unknown workflow → 404.
 * - GET /apps/{app}/workflows/{wf}/runs?status=&origin=&page=&take=&verbose=: a bare array, headers
 *   pagination-page / -take / -count (count = all matching runs); pages from 1 (page < 1 → 400);
 *   `take` default 100 (docs), no documented maximum: none here unless `pageCap` sets one (then a
 *   larger take is served at the cap, and pagination-take says so); status and origin one value of their enums (anything
 *   else, or repeated → 400).
 *
 * - POST …/workflows/{wf}/runs/{run}/replay `{stepKey, background?, stream?}` → 200, the NEW run
 *   (RunSchema) replaying from that step; the SDK has replay on the own path only (no discover
 *   variant). Our choices where nothing is documented: a stepKey that is not a step of the workflow
 *   → 400 (recorded); a run that has not finished (PENDING, RUNNING) → 400 "Run is not finished".
 *
 * Undocumented, so varied (`variants`, reset() restores the start values): whether a run read
 * without `verbose=all` carries `result` (`resultWithoutVerbose`), and what cancelling a finished
 * run answers (`finishedCancel`: 400, 409, 422, or 200 with the run unchanged).
 */
import { checkStrictJsonBody, FakeBase } from '../../simulator/server';
import type { Dialect } from '../../simulator/server';
import type { Ctx, Refusal, Route } from '../../simulator/routes';
import { acceptCancel, failureMessage, poll } from '../../simulator/runs';
import type { RunState, Words } from '../../simulator/runs';
import type { StartOptions } from '../../simulator/types';
import { checkBearer, intParam, iso, json, shortId, tryParseJson } from '../../simulator/wire';
import type { Reply } from '../../simulator/wire';

export const CORTEX_DEFAULT_KEY = 'ctx-test-key-0001';
export const CORTEX_DEFAULT_APP = 'app_test0001';
/** The app that publishes the discoverable workflows. */
export const CORTEX_PUBLISHER_APP = 'app_publisher0001';

const WORDS: Words = {
	initial: 'RUNNING',
	queued: 'PENDING',
	final: 'COMPLETED',
	cancelled: 'CANCELLED',
	terminal: new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED']),
	cancellable: new Set(['PENDING', 'RUNNING']),
	failed: new Set(['FAILED']),
	defaultError: 'Step "extract" failed: the model returned an invalid response',
};

const STATUS_FILTER = new Set(['ALL', 'PENDING', 'RUNNING', 'CANCELLED', 'COMPLETED', 'SKIPPED', 'FAILED']);
/** `take` when none is given (docs). */
const DEFAULT_TAKE = 100;
const ORIGIN_FILTER = new Set(['ALL', 'WORKFLOW', 'TRIGGER', 'RECORD', 'TEST', 'ENDPOINT', 'WEBHOOK']);

const fail = (status: number, message: string, errors?: unknown[]): Reply => json(status, errors ? { status, message, errors } : { status, message });
const RUN_NOT_FOUND = (): Reply => fail(404, 'Run not found');

function enumError(name: string, allowed: string[], received: string): Refusal {
	const expected = allowed.map((value) => `'${value}'`).join(' | ');
	return {
		reply: fail(400, 'Validation error', [
			{ validation: 'enum', code: 'invalid_enum_value', message: `Invalid enum value. Expected ${expected}, received '${received}'`, path: [name] },
		]),
		reason: `invalid ${name} value '${received}'`,
	};
}

/** What neither the docs nor the SDK settle: each test may pick one (reset() restores the start values). */
export interface CortexVariants {
	/** A run read without `verbose=all` carries `result` (true) or leaves it out (false). */
	resultWithoutVerbose: boolean;
	/** The answer to cancelling a finished run: an error status, or 'run' (200 with the run unchanged). */
	finishedCancel: 400 | 409 | 422 | 'run';
}

export const CORTEX_VARIANTS: CortexVariants = { resultWithoutVerbose: true, finishedCancel: 400 };

export interface CortexStartOptions extends StartOptions {
	appId?: string;
	variants?: Partial<CortexVariants>;
}

export class CortexFake extends FakeBase {
	readonly name = 'cortex' as const;
	protected readonly basePath = '';
	protected readonly words = WORDS;
	readonly appId: string;
	/** What the specification leaves open (reset() restores the values given at start). */
	variants: CortexVariants;
	private readonly startVariants: CortexVariants;

	protected readonly dialect: Dialect = {
		notFound: () => fail(404, 'Not Found'),
		wrongMethod: (_ctx, allowed) => ({ ...fail(405, 'Method Not Allowed'), headers: { allow: allowed.join(', ') } }),
		badEscape: () => fail(400, 'Bad Request'),
		authenticate: (ctx) => this.authenticate(ctx),
		checkBody: (ctx) => checkStrictJsonBody(ctx, (status, message) => fail(status, message)),
		faultBody: (status) => ({ status, message: status === 429 ? 'Too Many Requests' : `HTTP ${status}` }),
	};

	constructor(opts: CortexStartOptions = {}) {
		super(opts, CORTEX_DEFAULT_KEY);
		this.appId = opts.appId ?? CORTEX_DEFAULT_APP;
		this.startVariants = { ...CORTEX_VARIANTS, ...opts.variants };
		this.variants = { ...this.startVariants };
	}

	protected onReset(): void {
		this.variants = { ...this.startVariants };
	}

	protected defaultWorkflowId(): string {
		return `wf_${shortId(6)}`;
	}

	private authenticate(ctx: Ctx): Refusal | null {
		const problem = checkBearer(ctx.headers.authorization, this.apiKey);
		if (problem !== null) {
			const reason = problem === 'missing' ? 'missing Authorization header' : problem === 'malformed' ? `malformed Authorization header (expected 'Bearer <key>')` : 'wrong API key';
			return { reply: fail(401, 'Unauthorized'), reason };
		}
		const app = ctx.params.appId;
		if (app !== undefined && app !== 'c' && app !== this.appId) return { reply: fail(404, 'App not found'), reason: `unknown app id '${app}'` };
		for (const value of ctx.query.getAll('verbose')) if (value !== 'all') return enumError('verbose', ['all'], value);
		return null;
	}

	// ----- views -----------------------------------------------------------------------------------

	/** The workflow version a run ran (RunSchema.workflow_version, WorkflowSchema.version). */
	private version(workflowId: string, appId: string, createdMs: number): Record<string, unknown> {
		return {
			id: `wfv_${workflowId}_1`,
			app_id: appId,
			workflow_id: workflowId,
			description: '',
			version: 1,
			notes: null,
			created_at: iso(createdMs),
			key: workflowId,
			input: {},
			input_default: {},
			input_options: {},
			steps: [{ type: 'model', key: 'extract', throw_on_error: true }],
		};
	}

	/**
	 * RunSchema (every property the SDK marks required, null where it has no value); `verbose`
	 * adds the workflow version, retention and per-step output. Whether `result` is there without
	 * `verbose` is `variants.resultWithoutVerbose`.
	 */
	protected view(run: RunState, now: number, verbose = false): Record<string, unknown> {
		const error = run.status === 'CANCELLED' ? run.spec.error : failureMessage(run, WORDS);
		const result = run.status === 'COMPLETED' && run.spec.output !== undefined ? run.spec.output : null;
		const body: Record<string, unknown> = { id: run.id };
		if (verbose || this.variants.resultWithoutVerbose) body.result = result;
		Object.assign(body, {
			input: run.spec.inputs !== undefined ? run.spec.inputs : {},
			output: {},
			status: run.status,
			origin: 'WORKFLOW',
		});
		if (error !== undefined) body.error = error;
		body.started_at = run.status === 'PENDING' ? null : iso(run.startedAtMs);
		body.ended_at = run.endedAtMs !== undefined ? iso(run.endedAtMs) : null;
		const workflowAppId = run.spec.discoverable ? CORTEX_PUBLISHER_APP : this.appId;
		Object.assign(body, {
			app_id: this.appId,
			workflow_app_id: workflowAppId,
			workflow_id: run.workflowId,
			workflow_version_draft: null,
			workflow_version: null,
			version: typeof run.extra.version === 'number' ? run.extra.version : 1,
			usage: { total: run.spec.cost ?? 0, calls: [], steps: {} },
			created_at: iso(Math.min(run.startedAtMs, run.addedAt)),
			updated_at: iso(Math.min(now, Math.max(run.updatedAtMs, run.endedAtMs ?? 0))),
		});
		if (verbose) {
			if (run.status !== 'PENDING') {
				const step: Record<string, unknown> = { status: run.status === 'SKIPPED' ? 'SKIPPED' : run.status, type: 'model', key: 'extract', start: run.startedAtMs };
				if (run.status === 'COMPLETED') step.output = result;
				if (run.endedAtMs !== undefined) step.end = run.endedAtMs;
				if (run.status === 'FAILED' && error !== undefined) step.error = error;
				body.output = { extract: step };
			}
			body.workflow_version = this.version(run.workflowId, workflowAppId, run.startedAtMs - 86_400_000);
			body.retention = { max_age_in_seconds: -1, preserve_on_failure: true };
		}
		return body;
	}

	// ----- routes ----------------------------------------------------------------------------------

	protected routes(): Route[] {
		return [
			{ method: 'GET', pattern: '/apps/:appId/workflows', handle: (ctx) => this.workflowsRoute(ctx) },
			{ method: 'GET', pattern: '/apps/:appId/workflows/:workflowId/runs', list: true, handle: (ctx) => this.listRoute(ctx) },
			{ method: 'POST', pattern: '/apps/:appId/workflows/:workflowId/runs', startsRun: true, handle: (ctx) => this.startRoute(ctx, false) },
			{ method: 'POST', pattern: '/apps/:appId/workflows/discover/:workflowId/runs', startsRun: true, handle: (ctx) => this.startRoute(ctx, true) },
			{ method: 'GET', pattern: '/apps/:appId/workflows/:workflowId/runs/:runId', handle: (ctx) => this.getRunRoute(ctx) },
			{ method: 'POST', pattern: '/apps/:appId/workflows/:workflowId/runs/:runId/cancel', handle: (ctx) => this.cancelRoute(ctx, false) },
			{ method: 'POST', pattern: '/apps/:appId/workflows/discover/:workflowId/runs/:runId/cancel', handle: (ctx) => this.cancelRoute(ctx, true) },
			{ method: 'POST', pattern: '/apps/:appId/workflows/:workflowId/runs/:runId/replay', handle: (ctx) => this.replayRoute(ctx) },
		];
	}

	private find(ctx: Ctx): RunState | undefined {
		const run = this.runs.get(ctx.params.runId);
		return run && run.workflowId === ctx.params.workflowId ? run : undefined;
	}

	private getRunRoute(ctx: Ctx): Reply {
		const run = this.find(ctx);
		if (!run) return RUN_NOT_FOUND();
		poll(run, WORDS, ctx.now);
		return json(200, this.view(run, ctx.now, ctx.query.has('verbose')));
	}

	private cancelRoute(ctx: Ctx, discoverPath: boolean): Reply {
		const run = this.find(ctx);
		if (!run || (run.spec.discoverable === true) !== discoverPath) return RUN_NOT_FOUND();
		this.touch(run, ctx.now);
		if (!run.cancelPending && !WORDS.cancellable.has(run.status)) {
			const answer = this.variants.finishedCancel;
			if (answer === 'run') return json(200, this.view(run, ctx.now, ctx.query.has('verbose')));
			return fail(answer, 'Run is not running');
		}
		acceptCancel(run, WORDS, ctx.now);
		return json(200, this.view(run, ctx.now, ctx.query.has('verbose')));
	}

	/** POST …/runs/{run}/replay: a new run of the same workflow, from the given step. */
	private replayRoute(ctx: Ctx): Reply {
		const parsed = ctx.body === '' ? { ok: true as const, value: {} } : tryParseJson(ctx.body);
		const body = parsed.ok ? parsed.value : undefined;
		if (body === null || typeof body !== 'object' || Array.isArray(body)) return this.invalid(ctx, 'body', 'Expected object', body);
		const { stepKey, background, stream } = body as Record<string, unknown>;
		if (typeof stepKey !== 'string') return this.invalid(ctx, 'stepKey', 'Required', stepKey);
		if (background !== undefined && typeof background !== 'boolean') return this.invalid(ctx, 'background', 'Expected boolean', background);
		if (stream === true) return this.invalid(ctx, 'stream', 'streaming (SSE) is not simulated by this fake', stream);
		const run = this.find(ctx);
		if (!run) return RUN_NOT_FOUND();
		this.touch(run, ctx.now);
		if (stepKey !== 'extract') {
			ctx.notes.push(`replay from unknown step '${stepKey}'`);
			return fail(400, `Step '${stepKey}' not found in workflow`);
		}
		if (!WORDS.terminal.has(run.status)) return fail(400, 'Run is not finished');
		let id = `run_${shortId(8)}`;
		while (this.runs.has(id)) id = `run_${shortId(8)}`;
		const replay = this.startRun(run.workflowId, id, { inputs: run.spec.inputs, discoverable: run.spec.discoverable });
		replay.extra.replayOf = run.id;
		return json(200, this.view(replay, ctx.now));
	}

	/** A validation error: recorded in `rejected` (a client bug), answered in Cortex's error shape. */
	private invalid(ctx: Ctx, name: string, message: string, received: unknown): Reply {
		ctx.notes.push(`invalid ${name}: ${message}`);
		return fail(400, 'Validation error', [{ validation: name, code: 'invalid_type', message: `${message} (received ${JSON.stringify(received) ?? 'nothing'})`, path: [name] }]);
	}

	private listRoute(ctx: Ctx): Reply {
		for (const [name, allowed] of [['status', STATUS_FILTER], ['origin', ORIGIN_FILTER]] as const) {
			const values = ctx.query.getAll(name);
			if (values.length > 1) return this.invalid(ctx, name, `Expected one value, received array`, values);
			if (values.length === 1 && !allowed.has(values[0])) {
				const refusal = enumError(name, [...allowed], values[0]);
				ctx.notes.push(refusal.reason);
				return refusal.reply;
			}
		}
		const status = ctx.query.get('status') ?? 'ALL';
		const pageRaw = ctx.query.get('page');
		const page = pageRaw === null ? 1 : /^\d+$/.test(pageRaw) ? Number(pageRaw) : Number.NaN;
		if (!(page >= 1)) return this.invalid(ctx, 'page', 'Number must be greater than or equal to 1', pageRaw);
		const takeRaw = ctx.query.get('take');
		const takeAsked = takeRaw === null ? DEFAULT_TAKE : /^\d+$/.test(takeRaw) ? Number(takeRaw) : Number.NaN;
		if (!(takeAsked >= 1)) return this.invalid(ctx, 'take', 'Number must be greater than or equal to 1', takeRaw);
		const take = this.served(takeAsked);
		const matching: RunState[] = [];
		for (const run of this.runs.values()) {
			if (run.workflowId !== ctx.params.workflowId) {
				this.touch(run, ctx.now);
				continue;
			}
			this.touch(run, ctx.now);
			if (status !== 'ALL' && run.status !== status) continue;
			this.listed(run, ctx.now);
			if (status !== 'ALL' && run.status !== status) continue;
			matching.push(run);
		}
		this.sortForList(matching);
		const verbose = ctx.query.has('verbose');
		const body = matching.slice((page - 1) * take, page * take).map((run) => this.view(run, ctx.now, verbose));
		return json(200, body, { 'pagination-page': String(page), 'pagination-take': String(take), 'pagination-count': String(matching.length) });
	}

	/** POST …/workflows/{wf}/runs and …/workflows/discover/{wf}/runs. */
	private startRoute(ctx: Ctx, discoverPath: boolean): Reply {
		const parsed = ctx.body === '' ? { ok: true as const, value: {} } : tryParseJson(ctx.body);
		const body = parsed.ok ? parsed.value : undefined;
		if (body === null || typeof body !== 'object' || Array.isArray(body)) return this.invalid(ctx, 'body', 'Expected object', body);
		const { input, workflow_version_id: version, background, stream } = body as Record<string, unknown>;
		if (input !== undefined && (input === null || typeof input !== 'object' || Array.isArray(input))) return this.invalid(ctx, 'input', 'Expected object', input);
		if (version !== undefined && typeof version !== 'string' && typeof version !== 'number') return this.invalid(ctx, 'workflow_version_id', 'Expected string or number', version);
		if (background !== undefined && typeof background !== 'boolean') return this.invalid(ctx, 'background', 'Expected boolean', background);
		if (stream !== undefined && typeof stream !== 'boolean') return this.invalid(ctx, 'stream', 'Expected boolean', stream);
		if (stream === true) return this.invalid(ctx, 'stream', 'streaming (SSE) is not simulated by this fake', stream);
		const workflow = this.workflows.get(ctx.params.workflowId);
		if (!workflow || (workflow.discoverable === true) !== discoverPath) return fail(404, 'Workflow not found');
		let id = `run_${shortId(8)}`;
		while (this.runs.has(id)) id = `run_${shortId(8)}`;
		ctx.rec.runId = id;
		const run = this.startRun(workflow.id, id, { inputs: input });
		if (typeof version === 'number') run.extra.version = version;
		else if (typeof version === 'string' && /^\d+$/.test(version)) run.extra.version = Number(version);
		if (background === true) return json(200, this.view(run, ctx.now));
		return {
			status: 200,
			defer: {
				ms: Math.max(0, (run.finishAt ?? ctx.now) - ctx.now),
				reply: () => {
					// Timers may fire a millisecond early: the run is finished when its answer goes out.
					const now = Math.max(Date.now(), run.finishAt ?? 0);
					this.touch(run, now);
					return json(200, this.view(run, now));
				},
			},
		};
	}

	/** The app's own workflows (those of its non-discoverable runs). */
	private workflowsRoute(ctx: Ctx): Reply {
		const take = intParam(ctx.query, 'take', 20, 1, 100);
		const page = intParam(ctx.query, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
		const first = new Map<string, number>();
		for (const run of this.runs.values()) {
			if (run.spec.discoverable) continue;
			const seen = first.get(run.workflowId);
			if (seen === undefined || run.startedAtMs < seen) first.set(run.workflowId, run.startedAtMs);
		}
		const all = [...first.entries()].sort((a, b) => a[0].localeCompare(b[0]));
		const body = all.slice((page - 1) * take, page * take).map(([id, created]) => ({
			id,
			name: id,
			description: '',
			app: { id: this.appId, name: 'Test App', verified: false },
			version: this.version(id, this.appId, created - 86_400_000),
			tags: [],
			template_id: null,
			runs_count: [...this.runs.values()].filter((run) => run.workflowId === id).length,
			retention: null,
			enabled: true,
			deleted: false,
			created_at: iso(created - 86_400_000),
			updated_at: iso(created - 86_400_000),
			key: id,
			input: {},
			input_default: {},
			input_options: {},
			steps: [{ type: 'model', key: 'extract', throw_on_error: true }],
		}));
		return json(200, body, { 'pagination-page': String(page), 'pagination-take': String(take), 'pagination-count': String(all.length) });
	}
}

export async function startCortexFake(opts: CortexStartOptions = {}): Promise<CortexFake> {
	return new CortexFake(opts).listen(opts.port ?? 0);
}
