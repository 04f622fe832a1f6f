/**
 * The HTTP core of the strict fakes: a real `node:http` server on 127.0.0.1 that records every
 * request, applies injected faults and latency, runs the strict checks of a provider's framework
 * (route, method, auth, body) and records each refusal in `rejected`, then hands the request to
 * the provider's route. Each provider's fake (dev/providers/<name>/simulator.ts) extends `FakeBase`.
 *
 * Only `node:http` and `node:net` are used.
 */
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { FaultQueue } from './faults';
import { Router, decodeSegments } from './routes';
import type { Ctx, Refusal, Route } from './routes';
import { applyStatus, createRun, poll, settle } from './runs';
import type { RunState, Words } from './runs';
import type { FakeProvider, FakeRunSpec, FakeWorkflowSpec, Fault, RecordedRequest, StartOptions } from './types';
import { JSON_TYPE, isJsonType, mediaType, tryParseJson } from './wire';
import type { Reply } from './wire';

/** How a provider's framework answers what it refuses. */
export interface Dialect {
	notFound(ctx: Ctx): Reply;
	wrongMethod(ctx: Ctx, allowed: string[]): Reply;
	badEscape(rec: RecordedRequest): Reply;
	authenticate(ctx: Ctx): Refusal | null;
	checkBody(ctx: Ctx): Refusal | null;
	/** JSON body of an injected fault that gives no body. */
	faultBody(status: number): unknown;
}

const STATUS_TEXT = (status: number) => http.STATUS_CODES[status] ?? 'Error';

export abstract class FakeBase implements FakeProvider {
	abstract readonly name: string;
	url = '';
	port = 0;
	apiKey: string;
	latencyMs: number;
	requests: RecordedRequest[] = [];
	rejected: Array<{ req: RecordedRequest; status: number; reason: string }> = [];
	/** Serve at most this many runs a list page, whatever the client asks (reset() clears it). */
	pageCap: number | undefined;
	/** The order of list pages by start time (reset() restores newest first). */
	listOrder: 'newestFirst' | 'oldestFirst' = 'newestFirst';

	protected readonly runs = new Map<string, RunState>();
	/** Tools/workflows runs can be started on: declared by addWorkflow, or by addRun with defaults. */
	protected readonly workflows = new Map<string, FakeWorkflowSpec>();
	protected abstract readonly words: Words;
	protected abstract readonly dialect: Dialect;
	/** Appended to `http://127.0.0.1:P` to make `url`. */
	protected abstract readonly basePath: string;

	private readonly faults = new FaultQueue();
	private byRun = new Map<string, RecordedRequest[]>();
	private router: Router | undefined;
	private readonly server: http.Server;
	private readonly sockets = new Set<Socket>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private closed = false;
	private readonly startLatencyMs: number;

	constructor(opts: StartOptions, defaultKey: string) {
		this.apiKey = opts.apiKey ?? defaultKey;
		this.latencyMs = opts.latencyMs ?? 0;
		this.startLatencyMs = this.latencyMs;
		this.server = http.createServer((req, res) => this.onRequest(req, res));
		this.server.keepAliveTimeout = 5000;
		this.server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		this.server.on('clientError', (_error, socket: Socket) => {
			if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
			else socket.destroy();
		});
	}

	// ----- provider hooks ------------------------------------------------------------------------

	protected abstract routes(): Route[];
	/** The provider-shaped run for getRun(). */
	protected abstract view(run: RunState, now: number): object;
	protected abstract defaultWorkflowId(): string;
	/** Called when the fake is reset (after runs are cleared). */
	protected onReset(): void {}
	/** Called once the run is created, before it is stored. */
	protected onAdd(_run: RunState): void {}
	/** Lazy provider-specific transitions (besides `settle`). */
	protected touch(run: RunState, now: number): void {
		settle(run, this.words, now);
	}

	/**
	 * A run that a list page is about to show: a check of its state, as a GET is. A run that finishes
	 * after a number of checks counts list checks too (a client may watch runs through lists); one
	 * that finishes on this check drops out of a list filtered on its old status.
	 */
	protected listed(run: RunState, now: number): void {
		if (run.auto && run.finishAfterPolls !== undefined) poll(run, this.words, now);
	}

	/** Sorts a list's runs in the fake's list order (by start time). */
	protected sortForList(runs: RunState[]): RunState[] {
		const sign = this.listOrder === 'oldestFirst' ? 1 : -1;
		return runs.sort((a, b) => sign * (a.startedAtMs - b.startedAtMs));
	}

	/** The page size served for the size asked (the cap, where one is set). */
	protected served(asked: number): number {
		return this.pageCap !== undefined ? Math.max(1, Math.min(asked, this.pageCap)) : asked;
	}

	// ----- FakeProvider ----------------------------------------------------------------------------

	async listen(port = 0): Promise<this> {
		await new Promise<void>((resolve, reject) => {
			const onError = (error: Error) => reject(error);
			this.server.once('error', onError);
			this.server.listen(port, '127.0.0.1', () => {
				this.server.off('error', onError);
				resolve();
			});
		});
		this.port = (this.server.address() as AddressInfo).port;
		this.url = `http://127.0.0.1:${this.port}${this.basePath}`;
		return this;
	}

	addRun(spec: FakeRunSpec): void {
		const now = Date.now();
		const run = createRun(spec, this.words, spec.workflowId ?? this.defaultWorkflowId(), now);
		if (!this.workflows.has(run.workflowId)) this.workflows.set(run.workflowId, { id: run.workflowId, discoverable: spec.discoverable });
		this.onAdd(run);
		this.runs.set(run.id, run);
	}

	addWorkflow(spec: FakeWorkflowSpec): void {
		this.workflows.set(spec.id, { ...this.workflows.get(spec.id), ...spec });
	}

	runIds(): string[] {
		return [...this.runs.values()].sort((a, b) => b.startedAtMs - a.startedAtMs).map((run) => run.id);
	}

	listRequests(workflowId?: string): RecordedRequest[] {
		return this.requests.filter((rec) => rec.list === true && (workflowId === undefined || rec.workflowId === workflowId));
	}

	/** A run started through the API on a declared workflow: it goes as the workflow says. */
	protected startRun(workflowId: string, id: string, extra: Partial<FakeRunSpec> = {}): RunState {
		const workflow = this.workflows.get(workflowId) ?? { id: workflowId };
		this.addRun({
			id,
			workflowId,
			finishAfterMs: workflow.durationMs ?? 1000,
			finalStatus: workflow.finalStatus,
			error: workflow.error,
			output: workflow.output,
			cost: workflow.cost,
			discoverable: workflow.discoverable,
			startAfterMs: workflow.queuedMs,
			...extra,
		});
		const run = this.runs.get(id) as RunState;
		run.extra.startedByApi = true;
		return run;
	}

	/**
	 * A start that names a run id already taken. Not a client error when the earlier start of that
	 * id lost its answer (an injected `after` fault): a retry must then meet exactly this refusal.
	 */
	protected noteDuplicateStart(ctx: Ctx, run: RunState): void {
		if (run.extra.answerLost !== true) ctx.notes.push(`run id '${run.id}' is already taken`);
	}

	getRun(id: string): object | undefined {
		const run = this.runs.get(id);
		if (!run) return undefined;
		const now = Date.now();
		this.touch(run, now);
		return this.view(run, now);
	}

	setStatus(id: string, status: string): void {
		const run = this.runs.get(id);
		if (!run) throw new Error(`${this.name} fake: no run '${id}'`);
		const now = Date.now();
		this.touch(run, now);
		run.cancelPending = false;
		applyStatus(run, status, now, this.words);
	}

	/** Every route of this fake, as 'METHOD /pattern' (what RecordedRequest.route names). */
	routeKeys(): string[] {
		return this.routes().map((route) => `${route.method} ${route.pattern}`);
	}

	requestsFor(runId: string): RecordedRequest[] {
		return (this.byRun.get(runId) ?? []).slice();
	}

	inject(fault: Fault): void {
		this.faults.push(fault);
	}

	reset(): void {
		this.runs.clear();
		this.workflows.clear();
		this.requests.length = 0;
		this.rejected.length = 0;
		this.byRun.clear();
		this.faults.clear();
		this.latencyMs = this.startLatencyMs;
		this.pageCap = undefined;
		this.listOrder = 'newestFirst';
		this.onReset();
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
			for (const socket of this.sockets) socket.destroy();
		});
	}

	// ----- request handling ------------------------------------------------------------------------

	private onRequest(req: IncomingMessage, res: ServerResponse): void {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('error', () => undefined);
		req.on('end', () => {
			try {
				this.handle(req, res, chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8'));
			} catch (error) {
				// A bug in a fake must not hang the client: answer 500 and say so on stderr.
				process.stderr.write(`${this.name} fake: handler error: ${error instanceof Error ? error.stack : String(error)}\n`);
				if (!res.headersSent) this.write(res, { status: 500, body: { message: 'fake server error' } }, 0);
			}
		});
	}

	private handle(req: IncomingMessage, res: ServerResponse, body: string): void {
		const method = (req.method ?? 'GET').toUpperCase();
		const rawPath = req.url ?? '';
		const q = rawPath.indexOf('?');
		const pathname = q >= 0 ? rawPath.slice(0, q) : rawPath;
		const query = new URLSearchParams(q >= 0 ? rawPath.slice(q + 1) : '');
		const now = Date.now();
		const rec: RecordedRequest = { method, rawPath, path: pathname, query, headers: req.headers, body, at: now };
		this.requests.push(rec);
		res.once('finish', () => {
			rec.answeredAt = Date.now();
		});

		this.router ??= new Router(this.routes());
		const segments = decodeSegments(pathname);
		const matched = segments ? this.router.match(segments) : [];
		const chosen = this.router.choose(matched, method);
		const params = chosen?.params ?? matched[0]?.params;
		if (chosen) {
			const route = chosen.route;
			rec.route = `${route.method} ${route.pattern}`;
			if (route.list) rec.list = true;
			const workflowId = chosen.params.workflowId ?? chosen.params.toolId ?? (route.workflowQuery ? query.get(route.workflowQuery) : null);
			if (workflowId) rec.workflowId = workflowId;
			// A start that names its run id is logged under that id (every try of it, faults included).
			if (typeof route.startsRun === 'string') {
				const named = runIdInBody(body, route.startsRun);
				if (named !== undefined) this.index(rec, named);
			}
		}
		if (params && params.runId !== undefined) this.index(rec, params.runId);

		// Faults come before any normal handling, except a lost answer (`after`), which comes after it.
		const fault = this.faults.take(method, rawPath, pathname);
		if (fault && !fault.after) {
			this.applyFault(fault, req, res);
			return;
		}
		const answer = (reply: Reply) => {
			if (rec.runId !== undefined) this.index(rec, rec.runId);
			if (fault) {
				const run = rec.runId !== undefined ? this.runs.get(rec.runId) : undefined;
				if (run && chosen?.route.startsRun) run.extra.answerLost = true;
			}
			this.deliver(req, res, reply, fault, rec);
		};

		const ctx: Ctx = { rec, method, segments: segments ?? [], params: params ?? {}, query, body, headers: req.headers, now, notes: [] };
		const refuse = (reply: Reply, reason: string, notes: string[] = []) => {
			for (const note of notes) this.rejected.push({ req: rec, status: reply.status, reason: note });
			this.rejected.push({ req: rec, status: reply.status, reason });
			answer(reply);
		};
		if (!segments) return refuse(this.dialect.badEscape(rec), 'bad percent-encoding in the path');
		if (matched.length === 0) return refuse(this.dialect.notFound(ctx), 'unknown route');
		if (!chosen) {
			const allowed = [...new Set(matched.map((entry) => entry.route.method))];
			return refuse(this.dialect.wrongMethod(ctx, allowed), `wrong method ${method} (route allows ${allowed.join(', ')})`);
		}
		if (chosen.route.auth !== false) {
			const refusal = this.dialect.authenticate(ctx);
			if (refusal) return refuse(refusal.reply, refusal.reason, ctx.notes);
		}
		if (method !== 'GET' && method !== 'HEAD') {
			const refusal = this.dialect.checkBody(ctx);
			if (refusal) return refuse(refusal.reply, refusal.reason, ctx.notes);
		}
		const reply = chosen.route.handle(ctx);
		for (const note of ctx.notes) this.rejected.push({ req: rec, status: reply.status, reason: note });
		answer(reply);
	}

	private index(rec: RecordedRequest, runId: string): void {
		rec.runId = runId;
		let list = this.byRun.get(runId);
		if (!list) this.byRun.set(runId, (list = []));
		if (!list.includes(rec)) list.push(rec);
	}

	/** Sends a reply (after its deferral), or the lost-answer fault in its place. */
	private deliver(req: IncomingMessage, res: ServerResponse, reply: Reply, fault?: Fault, rec?: RecordedRequest): void {
		if (reply.defer) {
			const { ms, reply: then } = reply.defer;
			this.later(ms, () => {
				if (!this.closed && !res.destroyed) this.deliver(req, res, then(), fault, rec);
			});
			return;
		}
		if (fault) this.applyFault(fault, req, res);
		else {
			if (rec) rec.answer = { status: reply.status, body: reply.raw !== undefined ? reply.raw : reply.body === undefined ? '' : JSON.stringify(reply.body), headers: { ...reply.headers } };
			this.write(res, reply, this.latencyMs);
		}
	}

	private applyFault(fault: Fault, req: IncomingMessage, res: ServerResponse): void {
		const kind = fault.kind ?? 'respond';
		const delay = this.latencyMs + (fault.delayMs ?? 0);
		if (kind === 'stall') return; // never answered; close() destroys the socket
		if (kind === 'reset') {
			this.later(delay, () => {
				const socket = req.socket;
				if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
				else socket.destroy();
			});
			return;
		}
		if (kind === 'redirect') {
			const headers: Record<string, string> = { ...fault.headers, location: fault.location ?? '/' };
			this.write(res, { status: fault.status ?? 307, raw: fault.body ?? '', headers }, delay);
			return;
		}
		const status = fault.status ?? 500;
		const reply: Reply =
			fault.body !== undefined ? { status, raw: fault.body, headers: fault.headers } : { status, body: this.dialect.faultBody(status), headers: fault.headers };
		this.write(res, reply, delay);
	}

	private later(ms: number, fn: () => void): void {
		if (ms <= 0) {
			fn();
			return;
		}
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			fn();
		}, ms);
		this.timers.add(timer);
	}

	private write(res: ServerResponse, reply: Reply, delay: number): void {
		const payload = reply.raw !== undefined ? reply.raw : reply.body === undefined ? '' : JSON.stringify(reply.body);
		const headers: Record<string, string | number> = { 'content-type': JSON_TYPE };
		let declaredLength: string | undefined;
		for (const [name, value] of Object.entries(reply.headers ?? {})) {
			const lower = name.toLowerCase();
			if (lower === 'content-length') declaredLength = value;
			else headers[lower] = value;
		}
		const length = Buffer.byteLength(payload);
		headers['content-length'] = declaredLength ?? length;
		this.later(delay, () => {
			if (res.destroyed || res.writableEnded || this.closed) return;
			res.writeHead(reply.status, STATUS_TEXT(reply.status), headers);
			res.end(payload);
			// A declared length longer than the body simulates a connection lost mid-body.
			if (declaredLength !== undefined && Number(declaredLength) > length) res.socket?.destroy();
		});
	}
}

/** The run id a start request names in its JSON body (field `field`), if any. */
function runIdInBody(body: string, field: string): string | undefined {
	const parsed = tryParseJson(body);
	if (!parsed.ok || parsed.value === null || typeof parsed.value !== 'object') return undefined;
	const value = (parsed.value as Record<string, unknown>)[field];
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * A strict JSON body rule (several providers have it): no body is fine (whatever the content type); a body needs a
 * JSON content type (else 415) and must parse (else 400).
 */
export function checkStrictJsonBody(ctx: Ctx, answer: (status: 400 | 415, message: string) => Reply): Refusal | null {
	if (ctx.body.length === 0) return null;
	const type = ctx.headers['content-type'];
	if (type === undefined) return { reply: answer(415, 'a request body needs Content-Type: application/json'), reason: 'body without a content type' };
	if (!isJsonType(type)) return { reply: answer(415, `unsupported content type: ${mediaType(type)}`), reason: `unsupported content type '${String(type)}'` };
	if (!tryParseJson(ctx.body).ok) return { reply: answer(400, 'invalid JSON body'), reason: 'invalid JSON body' };
	return null;
}
