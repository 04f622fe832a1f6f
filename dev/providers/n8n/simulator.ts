/**
 * n8n fake: the executions part of n8n's public REST API (`/api/v1`), as a real n8n 2.41.1 answers
 * (recorded/README.md and its 94 recorded answers), or as n8n 1.x does (`version: 1`).
 *
 * - Auth: header `X-N8N-API-KEY`. Missing or wrong key → 401 {"message":"Unauthorized"}; a key
 *   without the route's scope → 403 {"message":"Forbidden"}. Order: auth, then the request's
 *   validation (400), then the scope (403), then the handler (404, 409).
 * - Errors are always `{"message": "…"}`, worded as the recordings show.
 * - Ids are positive decimal integers (anything else → 400); newest first = highest id first.
 * - GET /executions: running executions are left out unless `status=running`; one status word per
 *   request (an array, a comma list or an unknown word → 400); `limit` default 100, at most 250
 *   (silently capped), 0 = everything; cursor = base64 {"lastId","limit"}: the cursor's limit wins,
 *   it carries no filter, a malformed one → 400; `nextCursor` null on the page that reaches the end;
 *   `startedAfter`/`startedBefore` inclusive on startedAt, full date-times with Z or an offset only.
 * - GET /executions/{id}: `includeData` only `true`/`false`.
 * - POST /executions/{id}/stop: 200 (no id in the answer) for new/running/waiting, 409 otherwise,
 *   404 "Failed to find execution to stop".
 * - POST /executions/{id}/retry: answers only when the new execution has ended (it blocks); 409 for
 *   a succeeded or queued execution, or one stopped before it started (n8n refuses nothing else).
 * - n8n 1.x (`version: 1`): no stop routes (404 as 1.x answers an unknown route), no date filters,
 *   status words `canceled|error|running|success|waiting` only.
 * - Test knobs beyond n8n: `pageCap` serves fewer executions than asked (the cursor carries the size
 *   served), `listOrder: 'oldestFirst'` lists oldest first.
 */
import type { Ctx, Refusal, Route } from '../../simulator/routes';
import { acceptCancel, applyStatus, poll, settle } from '../../simulator/runs';
import type { RunState, Words } from '../../simulator/runs';
import { FakeBase } from '../../simulator/server';
import type { Dialect } from '../../simulator/server';
import type { FakeRunSpec, StartOptions } from '../../simulator/types';
import { iso, json, tryParseJson } from '../../simulator/wire';
import type { Reply } from '../../simulator/wire';

export const N8N_DEFAULT_KEY = 'n8n_api_test0001';

/** The scopes a key can hold for the executions routes. */
export const EXECUTION_SCOPES = ['execution:delete', 'execution:list', 'execution:read', 'execution:retry', 'execution:stop'] as const;
export type ExecutionScope = (typeof EXECUTION_SCOPES)[number];

const WORDS: Words = {
	initial: 'running',
	queued: 'new',
	final: 'success',
	cancelled: 'canceled',
	terminal: new Set(['success', 'error', 'crashed', 'canceled']),
	cancellable: new Set(['new', 'running', 'waiting']),
	failed: new Set(['error', 'crashed']),
	defaultError: 'Probe failure: deliberate error',
};

const STATUS_WORDS_2 = ['canceled', 'crashed', 'error', 'new', 'running', 'success', 'unknown', 'waiting'];
const STATUS_WORDS_1 = ['canceled', 'error', 'running', 'success', 'waiting'];
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 250;
/** A waiting execution is parked this long after its start. */
const PARK_MS = 70;
/** A crashed execution's stoppedAt is this close to its start (recorded: 8 ms). */
const CRASH_STOP_MS = 8;
/** Where a Wait node parks an execution that has no other resume time: 5 minutes on. */
const DEFAULT_WAIT_MS = 300_000;
const EPOCH = '1970-01-01T00:00:00.000Z';

const fail = (status: number, message: string): Reply => json(status, { message });
const quote = (words: string[]) => words.map((word) => `'${word}'`).join(' | ');

/** zod's `z.string().datetime({ offset: true })`: a full date-time with Z or an offset. */
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

export interface N8nStartOptions extends StartOptions {
	/** 2 (default): n8n 2.41.1. 1: n8n 1.123.x (no stop, no date filters, fewer status words). */
	version?: 1 | 2;
	/** More keys, each with only the scopes given (the main key holds every execution scope). */
	scopedKeys?: Record<string, readonly ExecutionScope[]>;
	/**
	 * Accept any execution id, not only n8n's positive integers, and list newest first by start
	 * time: for the shared test suites, which name runs with words. Everything else stays strict.
	 */
	anyIds?: boolean;
}

/** What an execution's `data` holds, built from its spec and its state. */
interface NodeRun {
	name: string;
	status: string;
	items?: unknown[];
	error?: Record<string, unknown>;
}

export class N8nFake extends FakeBase {
	readonly name = 'n8n';
	protected readonly basePath = '/api/v1';
	protected readonly words = WORDS;
	readonly version: 1 | 2;
	private readonly scopedKeys: Record<string, readonly ExecutionScope[]>;
	readonly anyIds: boolean;
	private nextId = 1;
	private sequence = 0;

	protected readonly dialect: Dialect = {
		// express-openapi-validator's answers for a path or method the spec does not have.
		notFound: () => fail(404, 'not found'),
		wrongMethod: (ctx) => fail(405, `${ctx.method} method not allowed`),
		badEscape: () => fail(400, 'Bad Request'),
		authenticate: (ctx) => this.authenticate(ctx),
		checkBody: (ctx) => this.checkBody(ctx),
		faultBody: (status) => ({ message: status === 429 ? 'Too Many Requests' : `HTTP ${status}` }),
	};

	constructor(opts: N8nStartOptions = {}) {
		super(opts, N8N_DEFAULT_KEY);
		this.version = opts.version ?? 2;
		this.scopedKeys = opts.scopedKeys ?? {};
		this.anyIds = opts.anyIds === true;
	}

	protected defaultWorkflowId(): string {
		const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
		return Array.from({ length: 16 }, () => letters[Math.floor(Math.random() * letters.length)]).join('');
	}

	/** A new execution id: the next decimal id after every id there is. */
	newExecutionId(): string {
		return String(this.nextId);
	}

	protected onAdd(run: RunState): void {
		const numeric = /^[1-9]\d*$/.test(run.id) ? Number(run.id) : 0;
		this.nextId = Math.max(this.nextId, numeric + 1);
		run.extra.createdAtMs = Math.min(run.addedAt, run.startedAtMs);
		run.extra.sequence = ++this.sequence;
		if (run.status === 'waiting') this.park(run);
	}

	protected onReset(): void {
		this.nextId = 1;
	}

	protected touch(run: RunState, now: number): void {
		settle(run, WORDS, now);
	}

	/** A run that goes `waiting` is parked: stoppedAt = when, waitTill = when it resumes. */
	private park(run: RunState): void {
		run.extra.parkedAtMs = run.startedAtMs + PARK_MS;
		run.extra.waitTillMs = run.finishAt ?? run.startedAtMs + DEFAULT_WAIT_MS;
	}

	setStatus(id: string, status: string): void {
		super.setStatus(id, status);
		const run = this.runs.get(id) as RunState;
		if (status === 'waiting') this.park(run);
	}

	// ----- auth --------------------------------------------------------------------------------------

	private keyOf(ctx: Ctx): string | undefined {
		const header = ctx.headers['x-n8n-api-key'];
		return Array.isArray(header) ? header[0] : header;
	}

	private authenticate(ctx: Ctx): Refusal | null {
		if (ctx.headers.authorization !== undefined) ctx.notes.push('an Authorization header was sent (n8n takes X-N8N-API-KEY)');
		if (ctx.query.has('apiKey') || ctx.query.has('api_key')) ctx.notes.push('API key in the query string');
		const key = this.keyOf(ctx);
		if (key === undefined) return { reply: fail(401, 'Unauthorized'), reason: 'missing X-N8N-API-KEY header' };
		if (key !== this.apiKey && !(key in this.scopedKeys)) return { reply: fail(401, 'Unauthorized'), reason: 'wrong API key' };
		return null;
	}

	/** 403 when the key lacks the route's scope (checked after the request's validation). */
	private lacksScope(ctx: Ctx, scope: ExecutionScope): Reply | undefined {
		const key = this.keyOf(ctx) as string;
		if (key === this.apiKey) return undefined;
		if ((this.scopedKeys[key] ?? []).includes(scope)) return undefined;
		ctx.notes.push(`the key lacks the scope ${scope}`);
		return fail(403, 'Forbidden');
	}

	private checkBody(ctx: Ctx): Refusal | null {
		if (ctx.body.length === 0) return null;
		if (!tryParseJson(ctx.body).ok) return { reply: fail(400, 'Invalid JSON in request body'), reason: 'invalid JSON body' };
		return null;
	}

	/** A validation error of the request: recorded in `rejected` (a client bug), answered 400. */
	private invalid(ctx: Ctx, message: string): Reply {
		ctx.notes.push(message);
		return fail(400, message);
	}

	// ----- views -------------------------------------------------------------------------------------

	private statusWords(): string[] {
		return this.version === 1 ? STATUS_WORDS_1 : STATUS_WORDS_2;
	}

	private startedAt(run: RunState): string | null {
		return run.status === 'new' || run.extra.neverStarted === true ? null : iso(run.startedAtMs);
	}

	private stoppedAt(run: RunState): string | null {
		if (run.status === 'waiting') return iso((run.extra.parkedAtMs as number | undefined) ?? run.startedAtMs + PARK_MS);
		if (run.status === 'crashed') return iso(run.startedAtMs + CRASH_STOP_MS);
		return run.endedAtMs !== undefined ? iso(run.endedAtMs) : null;
	}

	private finished(run: RunState): boolean {
		// A retry of a canceled execution runs every node, yet keeps the old cancel error: finished, "error".
		return run.status === 'success' || (run.status === 'error' && run.extra.retryOfCanceled === true);
	}

	private summary(run: RunState): Record<string, unknown> {
		return {
			id: run.id,
			finished: this.finished(run),
			mode: run.extra.retryOf !== undefined ? 'retry' : 'webhook',
			retryOf: (run.extra.retryOf as string | undefined) ?? null,
			retrySuccessId: (run.extra.retrySuccessId as string | undefined) ?? null,
			status: run.status,
		};
	}

	private listItem(run: RunState, includeData: boolean): Record<string, unknown> {
		const item: Record<string, unknown> = {
			...this.summary(run),
			startedAt: this.startedAt(run),
			stoppedAt: this.stoppedAt(run),
			workflowId: run.workflowId,
			waitTill: run.status === 'waiting' ? iso(run.extra.waitTillMs as number) : null,
		};
		if (includeData) {
			Object.assign(item, { storedAt: 'db', jsonSizeBytes: 2659, workflowVersionId: this.versionId(run) });
			Object.assign(item, this.dataBlock(run));
		}
		return item;
	}

	protected view(run: RunState, _now: number, includeData = false): Record<string, unknown> {
		const body: Record<string, unknown> = {
			...this.summary(run),
			createdAt: iso(run.extra.createdAtMs as number),
			startedAt: this.startedAt(run),
			stoppedAt: this.stoppedAt(run),
			deletedAt: null,
			workflowId: run.workflowId,
			waitTill: run.status === 'waiting' ? iso(run.extra.waitTillMs as number) : null,
			storedAt: 'db',
			tracingContext: null,
			deduplicationKey: null,
			jsonSizeBytes: 2659,
			binaryDataSizeBytes: 0,
			workflowVersionId: this.versionId(run),
			usedPrivateCredentials: false,
		};
		if (includeData) Object.assign(body, this.dataBlock(run));
		return body;
	}

	private versionId(run: RunState): string | null {
		return run.extra.retryOf !== undefined ? null : `00000000-0000-4000-8000-${run.workflowId.padEnd(12, '0').slice(0, 12).toLowerCase().replace(/[^0-9a-f]/g, 'a')}`;
	}

	/** The nodes that ran and what they output, as n8n stores it for this state. */
	private nodeRuns(run: RunState): NodeRun[] {
		const webhook: NodeRun = { name: 'Webhook', status: 'success', items: [{ body: (run.spec.inputs as unknown) ?? {} }] };
		const stoppedWhile = run.extra.stoppedWhile as string | undefined;
		switch (run.status) {
			case 'new':
			case 'running':
				return [];
			case 'waiting':
				return [webhook, { name: 'Wait', status: 'waiting', items: webhook.items }];
			case 'success': {
				const output = run.spec.output === undefined ? [{ done: true }] : Array.isArray(run.spec.output) ? run.spec.output : [run.spec.output];
				return [webhook, { name: 'Done', status: 'success', items: output }];
			}
			case 'error':
				return [webhook, { name: 'Fail', status: 'error', error: this.nodeError(run.spec.error ?? WORDS.defaultError, 'Fail') }];
			case 'crashed':
				return [
					{ name: 'Webhook', status: 'success', items: [{ isArtificialRecoveredEventItem: true }] },
					{ name: 'Work', status: 'crashed', error: { name: 'NodeCrashedError', message: 'Execution stopped at this node' } },
				];
			case 'canceled':
				// Stopping a running execution keeps no node output; stopping a waiting one keeps it.
				return stoppedWhile === 'waiting' ? [webhook, { name: 'Wait', status: 'waiting', items: webhook.items }] : [];
			default:
				return [];
		}
	}

	private nodeError(message: string, node: string): Record<string, unknown> {
		return {
			level: 'warning',
			name: 'NodeOperationError',
			node: { name: node, type: 'n8n-nodes-base.stopAndError', typeVersion: 1, parameters: { errorType: 'errorMessage', errorMessage: message } },
			messages: [],
			message,
			stack: `NodeOperationError: ${message}`,
		};
	}

	private dataBlock(run: RunState): Record<string, unknown> {
		const nodes = this.nodeRuns(run);
		const runData: Record<string, unknown> = {};
		nodes.forEach((node, index) => {
			const entry: Record<string, unknown> = {
				startTime: run.startedAtMs + index,
				executionIndex: index,
				source: index === 0 ? [] : [{ previousNode: nodes[index - 1].name, previousNodeOutput: 0, previousNodeRun: 0 }],
				hints: [],
				executionTime: 1,
				executionStatus: node.status,
			};
			if (node.error) entry.error = node.error;
			else entry.data = { main: [(node.items ?? []).map((item) => ({ json: item, pairedItem: { item: 0 } }))] };
			runData[node.name] = [entry];
		});
		const resultData: Record<string, unknown> = { runData };
		if (nodes.length > 0) resultData.lastNodeExecuted = nodes[nodes.length - 1].name;
		if (run.status === 'error' && run.extra.retryOfCanceled === true) {
			resultData.error = { name: 'ManualExecutionCancelledError', message: 'The execution was cancelled manually' };
		} else if (run.status === 'error') {
			resultData.error = this.nodeError(run.spec.error ?? WORDS.defaultError, 'Fail');
		} else if (run.status === 'crashed') {
			resultData.error = { name: 'WorkflowCrashedError', message: 'Workflow did not finish, possible out-of-memory issue' };
		} else if (run.status === 'canceled') {
			resultData.error = { name: 'ManualExecutionCancelledError', message: 'The execution was cancelled manually' };
		}
		const data: Record<string, unknown> = {
			version: 1,
			startData: {},
			resultData,
			executionData: { contextData: {}, nodeExecutionStack: [], metadata: {}, waitingExecution: {}, waitingExecutionSource: {} },
			resumeToken: `${run.workflowId}${run.id}`.replace(/[^0-9a-f]/gi, 'a').toLowerCase().padEnd(64, '0').slice(0, 64),
		};
		if (run.status === 'waiting' || (run.status === 'canceled' && run.extra.stoppedWhile === 'waiting')) data.waitTill = iso(run.extra.waitTillMs as number);
		return {
			data,
			customData: {},
			// Node parameters come back verbatim: a key typed into a node is in here (never to be shown).
			workflowData: {
				id: run.workflowId,
				name: `Workflow ${run.workflowId}`,
				nodes: [
					{ name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, parameters: { httpMethod: 'POST', path: run.workflowId } },
					{
						name: 'Call API',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						parameters: { url: 'http://127.0.0.1:5678/api/v1/executions', headerParameters: { parameters: [{ name: 'X-N8N-API-KEY', value: this.apiKey }] } },
					},
				],
				connections: {},
				settings: { executionOrder: 'v1' },
				nodeGroups: [],
			},
		};
	}

	// ----- routes ------------------------------------------------------------------------------------

	protected routes(): Route[] {
		const routes: Route[] = [
			{ method: 'GET', pattern: '/api/v1/executions', list: true, workflowQuery: 'workflowId', handle: (ctx) => this.listRoute(ctx) },
			{ method: 'GET', pattern: '/api/v1/executions/:runId', handle: (ctx) => this.getRoute(ctx) },
			{ method: 'DELETE', pattern: '/api/v1/executions/:runId', handle: (ctx) => this.deleteRoute(ctx) },
			{ method: 'POST', pattern: '/api/v1/executions/:runId/retry', startsRun: true, handle: (ctx) => this.retryRoute(ctx) },
		];
		if (this.version === 2) {
			routes.push(
				{ method: 'POST', pattern: '/api/v1/executions/:runId/stop', handle: (ctx) => this.stopRoute(ctx) },
				{ method: 'POST', pattern: '/api/v1/executions/stop', handle: (ctx) => this.stopManyRoute(ctx) },
			);
		}
		return routes;
	}

	/** Path id validation (400), then the scope (403), then the execution (undefined: 404). */
	private idCheck(ctx: Ctx, scope: ExecutionScope): { reply: Reply } | { run: RunState | undefined } {
		if (!this.anyIds && !/^[1-9]\d*$/.test(ctx.params.runId)) return { reply: this.invalid(ctx, 'request/params/executionId must be a positive integer') };
		const refused = this.lacksScope(ctx, scope);
		if (refused) return { reply: refused };
		const run = this.runs.get(ctx.params.runId);
		if (run) this.touch(run, ctx.now);
		return { run };
	}

	private getRoute(ctx: Ctx): Reply {
		const values = ctx.query.getAll('includeData');
		if (values.length > 1) return this.invalid(ctx, `request/query/includeData Expected 'true' | 'false', received array`);
		if (values.length === 1 && values[0] !== 'true' && values[0] !== 'false') {
			return this.invalid(ctx, `request/query/includeData Invalid enum value. Expected 'true' | 'false', received '${values[0]}'`);
		}
		const checked = this.idCheck(ctx, 'execution:read');
		if ('reply' in checked) return checked.reply;
		if (!checked.run) return fail(404, 'Not Found');
		const run = checked.run;
		poll(run, WORDS, ctx.now);
		return json(200, this.view(run, ctx.now, values[0] === 'true'));
	}

	private deleteRoute(ctx: Ctx): Reply {
		const checked = this.idCheck(ctx, 'execution:delete');
		if ('reply' in checked) return checked.reply;
		if (!checked.run) return fail(404, 'Not Found');
		const body = this.view(checked.run, ctx.now);
		this.runs.delete(checked.run.id);
		return json(200, body);
	}

	private stopRoute(ctx: Ctx): Reply {
		const checked = this.idCheck(ctx, 'execution:stop');
		if ('reply' in checked) return checked.reply;
		const run = checked.run;
		if (!run) return fail(404, 'Failed to find execution to stop');
		if (!WORDS.cancellable.has(run.status)) {
			return fail(409, `Only running or waiting executions can be stopped and ${run.id} is currently ${run.status}`);
		}
		const before = run.status;
		run.extra.stoppedWhile = before;
		if (before === 'new') run.extra.neverStarted = true;
		acceptCancel(run, WORDS, ctx.now);
		return json(200, {
			mode: this.summary(run).mode,
			startedAt: before === 'new' ? EPOCH : iso(run.startedAtMs),
			stoppedAt: iso(run.endedAtMs ?? ctx.now),
			finished: false,
			status: 'canceled',
		});
	}

	private stopManyRoute(ctx: Ctx): Reply {
		const parsed = ctx.body === '' ? { ok: true as const, value: {} } : tryParseJson(ctx.body);
		const body = (parsed.ok ? parsed.value : {}) as Record<string, unknown>;
		if (!Array.isArray(body.status)) return this.invalid(ctx, `request/body must have required property 'status'`);
		const allowed = ['queued', 'running', 'waiting'];
		for (const [index, word] of body.status.entries()) {
			if (!allowed.includes(String(word))) return this.invalid(ctx, `request/body/status/${index} Invalid enum value. Expected ${quote(allowed)}, received '${String(word)}'`);
		}
		const refused = this.lacksScope(ctx, 'execution:stop');
		if (refused) return refused;
		const words = (body.status as string[]).map((word) => (word === 'queued' ? 'new' : word));
		let stopped = 0;
		for (const run of this.runs.values()) {
			this.touch(run, ctx.now);
			if (!words.includes(run.status)) continue;
			if (typeof body.workflowId === 'string' && run.workflowId !== body.workflowId) continue;
			run.extra.stoppedWhile = run.status;
			if (run.status === 'new') run.extra.neverStarted = true;
			acceptCancel(run, WORDS, ctx.now);
			stopped++;
		}
		return json(200, { stopped });
	}

	private retryRoute(ctx: Ctx): Reply {
		const parsed = ctx.body === '' ? { ok: true as const, value: {} } : tryParseJson(ctx.body);
		const body = parsed.ok ? parsed.value : undefined;
		if (body === null || typeof body !== 'object' || Array.isArray(body)) return this.invalid(ctx, 'request/body must be object');
		const load = (body as Record<string, unknown>).loadWorkflow;
		if (load !== undefined && typeof load !== 'boolean') return this.invalid(ctx, 'request/body/loadWorkflow must be boolean');
		const checked = this.idCheck(ctx, 'execution:retry');
		if ('reply' in checked) return checked.reply;
		const original = checked.run;
		if (!original) return fail(404, 'Not Found');
		if (original.status === 'new') return fail(409, 'Execution is queued to run (not yet started) so it cannot be retried');
		if (this.finished(original)) return fail(409, 'The execution succeeded, so it cannot be retried.');
		// n8n checks no more than this: a running or waiting execution is retried too (a second run).
		if (original.extra.neverStarted === true) return fail(409, 'The execution was aborted before starting, so it cannot be retried');
		const id = this.newExecutionId();
		ctx.rec.runId = id;
		const workflow = this.workflows.get(original.workflowId) ?? { id: original.workflowId };
		// A retry of a canceled execution runs every node, yet ends "error" (the old cancel error stays).
		const ofCanceled = original.status === 'canceled';
		this.addRun({
			id,
			workflowId: original.workflowId,
			finishAfterMs: workflow.durationMs ?? 0,
			finalStatus: ofCanceled ? 'error' : workflow.finalStatus ?? 'success',
			error: workflow.error,
			output: workflow.output,
			inputs: original.spec.inputs,
		});
		const retry = this.runs.get(id) as RunState;
		retry.extra.retryOf = original.id;
		if (ofCanceled) retry.extra.retryOfCanceled = true;
		const answer = (now: number): Reply => {
			this.touch(retry, now);
			if (this.finished(retry)) original.extra.retrySuccessId = retry.id;
			const view = this.view(retry, now, true);
			return json(200, {
				id: retry.id,
				mode: 'retry',
				startedAt: view.startedAt,
				workflowId: retry.workflowId,
				finished: view.finished,
				retryOf: original.id,
				status: retry.status,
				data: view.data,
				workflowData: view.workflowData,
				customData: {},
				storedAt: 'db',
			});
		};
		const wait = Math.max(0, (retry.finishAt ?? ctx.now) - ctx.now);
		// The call answers only when the new execution has ended.
		if (wait === 0) return answer(ctx.now);
		return { status: 200, defer: { ms: wait, reply: () => answer(Math.max(Date.now(), retry.finishAt ?? 0)) } };
	}

	private listRoute(ctx: Ctx): Reply {
		const q = ctx.query;
		const words = this.statusWords();
		const statuses = q.getAll('status');
		if (statuses.length > 1) return this.invalid(ctx, `request/query/status Expected ${quote(words)}, received array`);
		const status = statuses[0];
		if (status !== undefined && !words.includes(status)) {
			// n8n 1.x validates with express-openapi-validator (its words: checked on 1.123.50), 2.x with zod.
			if (this.version === 1) return this.invalid(ctx, `request/query/status must be equal to one of the allowed values: ${words.join(', ')}`);
			return this.invalid(ctx, `request/query/status Invalid enum value. Expected ${quote(words)}, received '${status}'`);
		}
		const dates: Record<string, number> = {};
		for (const name of ['startedAfter', 'startedBefore']) {
			const values = q.getAll(name);
			if (values.length === 0) continue;
			if (this.version === 1) return this.invalid(ctx, `Unknown query parameter '${name}'`);
			if (values.length > 1 || !DATETIME.test(values[0]) || Number.isNaN(Date.parse(values[0]))) return this.invalid(ctx, `request/query/${name} Invalid datetime`);
			dates[name] = Date.parse(values[0]);
		}
		const includeData = q.get('includeData');
		if (includeData !== null && includeData !== 'true' && includeData !== 'false') {
			return this.invalid(ctx, `request/query/includeData Invalid enum value. Expected 'true' | 'false', received '${includeData}'`);
		}
		let limit = DEFAULT_LIMIT;
		const limitRaw = q.get('limit');
		if (limitRaw !== null) {
			if (!/^-?\d+$/.test(limitRaw)) return this.invalid(ctx, 'request/query/limit Param `limit` must be a valid integer');
			if (Number(limitRaw) < 0) return this.invalid(ctx, 'request/query/limit Param `limit` must be a non-negative integer');
			limit = Number(limitRaw);
		}
		let lastId: string | undefined;
		const cursor = q.get('cursor');
		if (cursor !== null) {
			const decoded = decodeCursor(cursor, this.anyIds);
			if (!decoded) return this.invalid(ctx, 'An invalid cursor was provided');
			lastId = decoded.lastId;
			limit = decoded.limit;
		}
		const refused = this.lacksScope(ctx, 'execution:list');
		if (refused) return refused;
		if (limit > MAX_LIMIT) limit = MAX_LIMIT;
		// A test's cap (pageCap): fewer than asked, and the cursor carries the size served.
		if (this.pageCap !== undefined && (limit === 0 || limit > this.pageCap)) limit = this.served(limit === 0 ? this.pageCap : limit);
		const workflowId = q.get('workflowId');
		const matching: RunState[] = [];
		for (const run of this.runs.values()) {
			this.touch(run, ctx.now);
			if (workflowId !== null && run.workflowId !== workflowId) continue;
			if (lastId !== undefined && !this.after(run, lastId)) continue;
			if (!this.matches(run, status, dates)) continue;
			this.listed(run, ctx.now);
			if (!this.matches(run, status, dates)) continue;
			matching.push(run);
		}
		matching.sort((a, b) => this.order(a, b));
		const page = limit === 0 ? matching : matching.slice(0, limit);
		const rest = matching.length - page.length;
		const last = page[page.length - 1];
		const nextCursor = rest > 0 && last ? Buffer.from(JSON.stringify({ lastId: last.id, limit })).toString('base64') : null;
		return json(200, { data: page.map((run) => this.listItem(run, includeData === 'true')), nextCursor });
	}

	/**
	 * Newest first: by id (n8n's ids follow creation); with `anyIds`, by start time, then creation.
	 * A test's `listOrder: 'oldestFirst'` turns it round (n8n itself never does).
	 */
	private order(a: RunState, b: RunState): number {
		const sign = this.listOrder === 'oldestFirst' ? -1 : 1;
		if (!this.anyIds) return sign * (idNumber(b.id) - idNumber(a.id));
		return sign * (b.startedAtMs - a.startedAtMs || (b.extra.sequence as number) - (a.extra.sequence as number));
	}

	/** Whether a run comes after the cursor's last one in the list's order (n8n: a lower id). */
	private after(run: RunState, lastId: string): boolean {
		if (!this.anyIds) return this.listOrder === 'oldestFirst' ? idNumber(run.id) > Number(lastId) : idNumber(run.id) < Number(lastId);
		const last = this.runs.get(lastId);
		return last !== undefined && this.order(last, run) < 0;
	}

	/** Running executions are left out unless `status=running` is asked for. */
	private matches(run: RunState, status: string | undefined, dates: Record<string, number>): boolean {
		if (status !== undefined ? run.status !== status : run.status === 'running') return false;
		const started = this.startedAt(run);
		if (dates.startedAfter !== undefined && (started === null || run.startedAtMs < dates.startedAfter)) return false;
		if (dates.startedBefore !== undefined && (started === null || run.startedAtMs > dates.startedBefore)) return false;
		return true;
	}

	/** A run added as running, then moved by the test (`setStatus`) keeps n8n's fields right. */
	markStatus(id: string, status: string, at = Date.now()): void {
		const run = this.runs.get(id);
		if (!run) throw new Error(`n8n fake: no execution '${id}'`);
		applyStatus(run, status, at, WORDS);
		if (status === 'waiting') this.park(run);
	}

	/** Adds an execution with the next free id (n8n chooses ids); returns the id. */
	addExecution(spec: Omit<FakeRunSpec, 'id'> & { id?: string }): string {
		const id = spec.id ?? this.newExecutionId();
		this.addRun({ ...spec, id });
		return id;
	}
}

function idNumber(id: string): number {
	return /^\d+$/.test(id) ? Number(id) : 0;
}

/** n8n's cursor: base64 of {"lastId": "<id>", "limit": <n>}; undefined when it is not one. */
function decodeCursor(cursor: string, anyIds: boolean): { lastId: string; limit: number } | undefined {
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(cursor)) return undefined;
	const parsed = tryParseJson(Buffer.from(cursor, 'base64').toString('utf8'));
	if (!parsed.ok || parsed.value === null || typeof parsed.value !== 'object') return undefined;
	const { lastId, limit } = parsed.value as Record<string, unknown>;
	if ((typeof lastId !== 'string' && typeof lastId !== 'number') || (!anyIds && !/^\d+$/.test(String(lastId)))) return undefined;
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) return undefined;
	return { lastId: String(lastId), limit };
}

export async function startN8nFake(opts: N8nStartOptions = {}): Promise<N8nFake> {
	return new N8nFake(opts).listen(opts.port ?? 0);
}
