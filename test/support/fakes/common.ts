/**
 * Shared core of the strict fake provider servers (superglue, B3OS, Cortex): a real `node:http`
 * server on 127.0.0.1, routing on the raw request path, a request log, fault injection, latency,
 * strict auth/body/content-type checks, and the run lifecycle (by polls or by time, evaluated
 * lazily at each request: no timers per run).
 *
 * Only `node:http`, `node:net` and `node:crypto` are used.
 */
import http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';

// ---------------------------------------------------------------------------------------------
// Public API (other code depends on these shapes)
// ---------------------------------------------------------------------------------------------

export type ProviderName = 'superglue' | 'b3os' | 'cortex';

export interface FakeRunSpec {
	/** Run id as the provider knows it (may contain any unicode, '/', '%', spaces…). */
	id: string;
	/** superglue toolId / B3OS workflowId / Cortex workflow_id (default: a generated id). */
	workflowId?: string;
	/** Initial status in the provider's own words (default: running / running / RUNNING). */
	status?: string;
	/** N GETs of this run see the initial status; GET number N+1 sees `finalStatus`. */
	finishAfterPolls?: number;
	/** Or: the run becomes `finalStatus` this long after it was added (evaluated lazily). */
	finishAfterMs?: number;
	/** Provider word (default: success / success / COMPLETED). */
	finalStatus?: string;
	/** Failure message carried when failed/aborted. */
	error?: string;
	/** superglue `data` (only on runs flagged sync:true), Cortex `result`, B3OS last node result. */
	output?: unknown;
	/** B3OS totalCu, Cortex usage.total. */
	cost?: number;
	/** ISO; default now. */
	startedAt?: string;
	/** Cortex: run of a discoverable workflow (cancel only via /workflows/discover/…). */
	discoverable?: boolean;
	/** superglue: run was started synchronously (GET then carries data + stepResults + traceId). */
	sync?: boolean;
	/** After an accepted cancel, the run still reports its running status for this many GETs. */
	cancelTakesPolls?: number;
	/** superglue: stays running forever (server restarted mid-run) until cancelled. */
	orphaned?: boolean;
}

export interface RecordedRequest {
	method: string;
	/** Exactly as on the request line: undecoded, with the query string. */
	rawPath: string;
	/** The raw (still percent-encoded) path without the query string. */
	path: string;
	query: URLSearchParams;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	/** Date.now() when the request (with its body) had been received. */
	at: number;
	/** Decoded run id when the route (path) matched. */
	runId?: string;
}

export interface Fault {
	method?: string;
	/** A string matches the whole rawPath, or the path without its query; a RegExp is tested on rawPath. */
	path?: string | RegExp;
	/** Default 1. */
	times?: number;
	status?: number;
	headers?: Record<string, string>;
	/** Raw body sent as is (may be HTML, truncated JSON…). */
	body?: string;
	/** respond (default) | reset: TCP reset without answering | stall: never answer | redirect: 307 to `location`. */
	kind?: 'respond' | 'reset' | 'stall' | 'redirect';
	location?: string;
	delayMs?: number;
}

export interface FakeProvider {
	name: ProviderName;
	/** The base URL a credential uses: superglue http://127.0.0.1:P/v1, b3os and cortex http://127.0.0.1:P. */
	url: string;
	port: number;
	apiKey: string;
	addRun(spec: FakeRunSpec): void;
	/** The current provider-shaped run (B3OS: the envelope's `data`, full form; Cortex: RunSchema). */
	getRun(id: string): object | undefined;
	setStatus(id: string, status: string): void;
	requests: RecordedRequest[];
	requestsFor(runId: string): RecordedRequest[];
	/** Every request the strict checks refused (tests assert it stays empty). */
	rejected: Array<{ req: RecordedRequest; status: number; reason: string }>;
	inject(fault: Fault): void;
	/** Added before every answer. */
	latencyMs: number;
	/** Forget runs, requests, faults and rejections (and restore the latency given at start). */
	reset(): void;
	close(): Promise<void>;
}

export interface StartOptions {
	port?: number;
	apiKey?: string;
	latencyMs?: number;
}

// ---------------------------------------------------------------------------------------------
// JSON and misc helpers
// ---------------------------------------------------------------------------------------------

export const JSON_TYPE = 'application/json; charset=utf-8';

export interface Reply {
	status: number;
	/** Serialized with JSON.stringify (ignored when `raw` is set). */
	body?: unknown;
	/** Sent as is. */
	raw?: string;
	headers?: Record<string, string>;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });

export const iso = (ms: number): string => new Date(ms).toISOString();

export const shortId = (bytes = 6): string => randomBytes(bytes).toString('hex');

export const traceId = (): string => randomUUID();

/** Media type of a Content-Type header, lower case, without parameters ('' when absent). */
export function mediaType(header: string | string[] | undefined): string {
	const value = Array.isArray(header) ? header[0] : header;
	if (!value) return '';
	return value.split(';')[0].trim().toLowerCase();
}

export function isJsonType(header: string | string[] | undefined): boolean {
	return mediaType(header) === 'application/json';
}

export function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch {
		return { ok: false };
	}
}

/** A non-negative integer query value, or the default when absent/invalid. */
export function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
	const raw = query.get(name);
	if (raw === null || raw.trim() === '' || !/^\d+$/.test(raw.trim())) return fallback;
	return Math.min(max, Math.max(min, Number(raw)));
}

/** Go's strconv.ParseBool. */
export function parseBool(value: string | null): boolean | undefined {
	if (value === null) return undefined;
	if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
	if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
	return undefined;
}

/**
 * Checks `Authorization: Bearer <key>` exactly (scheme spelled `Bearer`, one space, the key).
 * Returns null when accepted, else why not.
 */
export function checkBearer(header: string | string[] | undefined, key: string): null | 'missing' | 'malformed' | 'wrong' {
	if (header === undefined) return 'missing';
	const value = Array.isArray(header) ? header.join(', ') : header;
	const match = /^Bearer ([^\s]+)$/.exec(value);
	if (!match) return 'malformed';
	return match[1] === key ? null : 'wrong';
}

// ---------------------------------------------------------------------------------------------
// Run lifecycle (shared; the provider words differ)
// ---------------------------------------------------------------------------------------------

export interface Words {
	initial: string;
	final: string;
	cancelled: string;
	terminal: ReadonlySet<string>;
	cancellable: ReadonlySet<string>;
	failed: ReadonlySet<string>;
	defaultError: string;
}

export interface RunState {
	spec: FakeRunSpec;
	id: string;
	workflowId: string;
	status: string;
	finalStatus: string;
	addedAt: number;
	startedAtMs: number;
	/** Set while the status is terminal. */
	endedAtMs?: number;
	updatedAtMs: number;
	/** GETs of this run answered so far. */
	polls: number;
	/** An automatic transition to finalStatus is still pending. */
	auto: boolean;
	finishAt?: number;
	finishAfterPolls?: number;
	cancelPending: boolean;
	cancelPollsLeft: number;
	/** Set when the run was cancelled through the API (or with the cancelled word). */
	cancelError?: string;
	cancelledByApiAt?: number;
	/** Provider-specific state. */
	extra: Record<string, unknown>;
}

export function createRun(spec: FakeRunSpec, words: Words, workflowId: string, now: number): RunState {
	if (typeof spec.id !== 'string') throw new TypeError('FakeRunSpec.id must be a string');
	const status = spec.status ?? words.initial;
	const started = spec.startedAt !== undefined ? Date.parse(spec.startedAt) : now;
	if (Number.isNaN(started)) throw new TypeError(`FakeRunSpec.startedAt is not a date: ${spec.startedAt}`);
	const terminal = words.terminal.has(status);
	const auto = !terminal && !spec.orphaned && (spec.finishAfterPolls !== undefined || spec.finishAfterMs !== undefined);
	return {
		spec,
		id: spec.id,
		workflowId,
		status,
		finalStatus: spec.finalStatus ?? words.final,
		addedAt: now,
		startedAtMs: started,
		endedAtMs: terminal ? Math.max(started, now) : undefined,
		updatedAtMs: Math.max(started, now),
		polls: 0,
		auto,
		finishAt: auto && spec.finishAfterMs !== undefined ? now + spec.finishAfterMs : undefined,
		finishAfterPolls: auto ? spec.finishAfterPolls : undefined,
		cancelPending: false,
		cancelPollsLeft: 0,
		extra: {},
	};
}

/** Sets a status at a time; terminal statuses get an end time. */
export function applyStatus(run: RunState, status: string, at: number, words: Words): void {
	run.status = status;
	run.updatedAtMs = at;
	if (words.terminal.has(status)) {
		run.endedAtMs = Math.max(at, run.startedAtMs);
		run.auto = false;
	} else {
		run.endedAtMs = undefined;
	}
}

/** Applies the time-based transition if it is due (lazy: called at each request touching the run). */
export function settle(run: RunState, words: Words, now: number): void {
	if (run.auto && run.finishAt !== undefined && now >= run.finishAt) {
		applyStatus(run, run.finalStatus, run.finishAt, words);
		run.auto = false;
	}
}

/** A GET of the run: settles, counts the poll and applies poll-based transitions. */
export function poll(run: RunState, words: Words, now: number, onCancelled?: (run: RunState, at: number) => void): void {
	settle(run, words, now);
	if (run.cancelPending) {
		if (run.cancelPollsLeft > 0) run.cancelPollsLeft--;
		else finishCancel(run, words, now, onCancelled);
	} else if (run.auto && run.finishAfterPolls !== undefined && run.polls >= run.finishAfterPolls) {
		applyStatus(run, run.finalStatus, now, words);
		run.auto = false;
	}
	run.polls++;
}

function finishCancel(run: RunState, words: Words, now: number, onCancelled?: (run: RunState, at: number) => void): void {
	run.cancelPending = false;
	run.cancelledByApiAt = now;
	applyStatus(run, words.cancelled, now, words);
	onCancelled?.(run, now);
}

/**
 * An accepted cancel: immediate, or pending for `cancelTakesPolls` GETs. The caller has already
 * checked that the run is cancellable. The automatic lifecycle stops either way.
 */
export function acceptCancel(run: RunState, words: Words, now: number, onCancelled?: (run: RunState, at: number) => void): void {
	run.auto = false;
	if (run.cancelPending) return; // a second cancel while the first is pending changes nothing
	const polls = run.spec.cancelTakesPolls ?? 0;
	if (polls > 0) {
		run.cancelPending = true;
		run.cancelPollsLeft = polls;
		run.updatedAtMs = now;
	} else {
		finishCancel(run, words, now, onCancelled);
	}
}

/** The failure message for the current status, if the status carries one. */
export function failureMessage(run: RunState, words: Words): string | undefined {
	if (words.failed.has(run.status)) return run.spec.error ?? words.defaultError;
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// The server core
// ---------------------------------------------------------------------------------------------

export interface Ctx {
	rec: RecordedRequest;
	method: string;
	/** Decoded path segments (without the leading empty one). */
	segments: string[];
	params: Record<string, string>;
	query: URLSearchParams;
	body: string;
	headers: IncomingHttpHeaders;
	now: number;
	/** Reasons to record in `rejected` although the request is answered normally. */
	notes: string[];
}

export interface Refusal {
	reply: Reply;
	reason: string;
}

export interface Route {
	method: string;
	/** e.g. '/v1/runs/:runId/cancel'; ':runId' fills RecordedRequest.runId. */
	pattern: string;
	/** Default true. */
	auth?: boolean;
	handle(ctx: Ctx): Reply;
}

interface CompiledRoute {
	route: Route;
	parts: Array<{ literal: string } | { param: string }>;
	literals: number;
}

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
	abstract readonly name: ProviderName;
	url = '';
	port = 0;
	apiKey: string;
	latencyMs: number;
	requests: RecordedRequest[] = [];
	rejected: Array<{ req: RecordedRequest; status: number; reason: string }> = [];

	protected readonly runs = new Map<string, RunState>();
	protected abstract readonly words: Words;
	protected abstract readonly dialect: Dialect;
	/** Appended to `http://127.0.0.1:P` to make `url`. */
	protected abstract readonly basePath: string;

	private faults: Array<{ fault: Fault; left: number }> = [];
	private byRun = new Map<string, RecordedRequest[]>();
	private compiled: CompiledRoute[] | undefined;
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
		this.onAdd(run);
		this.runs.set(run.id, run);
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

	requestsFor(runId: string): RecordedRequest[] {
		return (this.byRun.get(runId) ?? []).slice();
	}

	inject(fault: Fault): void {
		const times = fault.times ?? 1;
		if (!(times > 0)) return;
		this.faults.push({ fault, left: times });
	}

	reset(): void {
		this.runs.clear();
		this.requests.length = 0;
		this.rejected.length = 0;
		this.byRun.clear();
		this.faults = [];
		this.latencyMs = this.startLatencyMs;
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

		let segments: string[] | undefined;
		if (pathname.startsWith('/')) {
			try {
				segments = pathname.slice(1).split('/').map((segment) => decodeURIComponent(segment));
			} catch {
				segments = undefined;
			}
		}
		const matched = segments ? this.match(segments) : [];
		const chosen = this.choose(matched, method);
		const params = chosen?.params ?? matched[0]?.params;
		if (params && params.runId !== undefined) {
			rec.runId = params.runId;
			let list = this.byRun.get(params.runId);
			if (!list) this.byRun.set(params.runId, (list = []));
			list.push(rec);
		}

		// Faults come before any normal handling.
		const fault = this.takeFault(method, rawPath, pathname);
		if (fault) {
			this.applyFault(fault, req, res);
			return;
		}

		const ctx: Ctx = { rec, method, segments: segments ?? [], params: params ?? {}, query, body, headers: req.headers, now, notes: [] };
		if (!segments) return this.refuse(res, rec, this.dialect.badEscape(rec), 'bad percent-encoding in the path');
		if (matched.length === 0) return this.refuse(res, rec, this.dialect.notFound(ctx), 'unknown route');
		if (!chosen) {
			const allowed = [...new Set(matched.map((entry) => entry.route.route.method))];
			return this.refuse(res, rec, this.dialect.wrongMethod(ctx, allowed), `wrong method ${method} (route allows ${allowed.join(', ')})`);
		}
		if (chosen.route.route.auth !== false) {
			const refusal = this.dialect.authenticate(ctx);
			if (refusal) return this.refuse(res, rec, refusal.reply, refusal.reason, ctx.notes);
		}
		if (method !== 'GET' && method !== 'HEAD') {
			const refusal = this.dialect.checkBody(ctx);
			if (refusal) return this.refuse(res, rec, refusal.reply, refusal.reason, ctx.notes);
		}
		const reply = chosen.route.route.handle(ctx);
		for (const note of ctx.notes) this.rejected.push({ req: rec, status: reply.status, reason: note });
		this.write(res, reply, this.latencyMs);
	}

	/** Records a refusal of the strict checks (with any earlier notes) and answers it. */
	private refuse(res: ServerResponse, rec: RecordedRequest, reply: Reply, reason: string, notes: string[] = []): void {
		for (const note of notes) this.rejected.push({ req: rec, status: reply.status, reason: note });
		this.rejected.push({ req: rec, status: reply.status, reason });
		this.write(res, reply, this.latencyMs);
	}

	private compile(): CompiledRoute[] {
		if (!this.compiled) {
			this.compiled = this.routes().map((route) => {
				const parts = route.pattern
					.slice(1)
					.split('/')
					.map((part) => (part.startsWith(':') ? { param: part.slice(1) } : { literal: part }));
				return { route, parts, literals: parts.filter((part) => 'literal' in part).length };
			});
		}
		return this.compiled;
	}

	private match(segments: string[]): Array<{ route: CompiledRoute; params: Record<string, string> }> {
		const out: Array<{ route: CompiledRoute; params: Record<string, string> }> = [];
		for (const route of this.compile()) {
			if (route.parts.length !== segments.length) continue;
			const params: Record<string, string> = {};
			let ok = true;
			for (let index = 0; index < segments.length && ok; index++) {
				const part = route.parts[index];
				if ('literal' in part) ok = part.literal === segments[index];
				else if (segments[index] === '') ok = false;
				else params[part.param] = segments[index];
			}
			if (ok) out.push({ route, params });
		}
		return out;
	}

	private choose(matched: Array<{ route: CompiledRoute; params: Record<string, string> }>, method: string) {
		let best: { route: CompiledRoute; params: Record<string, string> } | undefined;
		for (const entry of matched) {
			if (entry.route.route.method !== method) continue;
			if (!best || entry.route.literals > best.route.literals) best = entry;
		}
		return best;
	}

	private takeFault(method: string, rawPath: string, pathname: string): Fault | undefined {
		for (let index = 0; index < this.faults.length; index++) {
			const entry = this.faults[index];
			const { fault } = entry;
			if (fault.method !== undefined && fault.method.toUpperCase() !== method) continue;
			if (fault.path !== undefined) {
				if (typeof fault.path === 'string') {
					if (fault.path !== rawPath && fault.path !== pathname) continue;
				} else {
					fault.path.lastIndex = 0;
					if (!fault.path.test(rawPath)) continue;
				}
			}
			entry.left--;
			if (entry.left <= 0) this.faults.splice(index, 1);
			return fault;
		}
		return undefined;
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

/**
 * The body rule of B3OS and Cortex: no body is fine (whatever the content type); a body needs a
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
