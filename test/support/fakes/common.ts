/**
 * The core shared by the three strict provider fakes: a real node:http server on 127.0.0.1 that
 * routes on the RAW path (each segment decoded once, as routers do), records every request, checks
 * auth and bodies the way a real server framework does, and replays injected faults.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type ProviderName = 'superglue' | 'b3os' | 'cortex';

export interface FakeRunSpec {
	id: string;
	workflowId?: string;
	/** Initial status in the provider's own words (default: its running word). */
	status?: string;
	/** GET number N+1 shows finalStatus (N GETs see the initial status). */
	finishAfterPolls?: number;
	/** Or: finalStatus this long after the run was added (evaluated at each request; no timers). */
	finishAfterMs?: number;
	finalStatus?: string;
	error?: string;
	output?: unknown;
	cost?: number;
	startedAt?: string;
	/** Cortex: a run of a discoverable workflow (cancel only through /workflows/discover/). */
	discoverable?: boolean;
	/** superglue: started synchronously (GET carries data, stepResults, traceId). */
	sync?: boolean;
	/** After an accepted cancel, this many GETs still show the running status. */
	cancelTakesPolls?: number;
	/** superglue: in flight when the server restarted: stays running until cancelled. */
	orphaned?: boolean;
}

export interface RecordedRequest {
	method: string;
	rawPath: string;
	path: string;
	query: URLSearchParams;
	headers: http.IncomingHttpHeaders;
	body: string;
	at: number;
	runId?: string;
}

export interface Fault {
	method?: string;
	path?: string | RegExp;
	times?: number;
	status?: number;
	headers?: Record<string, string>;
	body?: string;
	kind?: 'respond' | 'reset' | 'stall' | 'redirect';
	location?: string;
	delayMs?: number;
}

export interface FakeProvider {
	name: ProviderName;
	url: string;
	port: number;
	apiKey: string;
	addRun(spec: FakeRunSpec): void;
	getRun(id: string): object | undefined;
	setStatus(id: string, status: string): void;
	requests: RecordedRequest[];
	requestsFor(runId: string): RecordedRequest[];
	rejected: Array<{ req: RecordedRequest; status: number; reason: string }>;
	inject(fault: Fault): void;
	latencyMs: number;
	reset(): void;
	close(): Promise<void>;
}

export interface Answer {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

/** An answer the strict checks give: recorded in `rejected`. */
export class Refusal {
	constructor(
		readonly answer: Answer,
		readonly reason: string,
	) {}
}

export interface Words {
	running: string;
	success: string;
	cancelled: string;
	/** Statuses a run can no longer leave. */
	terminal: readonly string[];
	/** Statuses cancel accepts. */
	cancellable: readonly string[];
}

export interface RunState {
	spec: FakeRunSpec;
	id: string;
	workflowId: string;
	status: string;
	addedAt: number;
	startedAt: string;
	finishedAt?: string;
	error?: string;
	gets: number;
	/** GETs left before an accepted cancel takes effect; undefined when no cancel is pending. */
	cancelPending?: number;
}

export interface RouteContext {
	req: RecordedRequest;
	params: Record<string, string>;
}

export interface Route {
	method: string;
	/** Segments after the base path; ':name' captures one decoded segment. */
	pattern: string[];
	auth?: boolean;
	/** Query parameters the endpoint knows; others are recorded as rejected. */
	query?: string[];
	handle(ctx: RouteContext): Answer;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export abstract class FakeServer implements FakeProvider {
	abstract readonly name: ProviderName;
	/** '' or '/v1'. */
	protected abstract readonly basePath: string;
	protected abstract readonly words: Words;
	protected abstract routes(): Route[];
	/** Checks the auth headers; returns a Refusal or undefined. */
	protected abstract checkAuth(req: RecordedRequest): Refusal | undefined;
	/** The framework's answer for a path no route has, or a known path with another method. */
	protected abstract noRoute(req: RecordedRequest, pathKnown: boolean): Answer;
	/** Checks a request body the way the provider's framework does. */
	protected abstract checkBody(req: RecordedRequest): Refusal | undefined;
	protected extraHeaders(): Record<string, string> {
		return {};
	}

	requests: RecordedRequest[] = [];
	rejected: Array<{ req: RecordedRequest; status: number; reason: string }> = [];
	latencyMs = 0;
	port = 0;
	protected runs = new Map<string, RunState>();
	private faults: Fault[] = [];
	private readonly server: http.Server;
	private readonly sockets = new Set<Socket>();
	private routeTable: Route[] | undefined;

	constructor(readonly apiKey: string) {
		this.server = http.createServer((req, res) => void this.onRequest(req, res));
		this.server.keepAliveTimeout = 5000;
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	async listen(port = 0): Promise<this> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, '127.0.0.1', () => resolve());
		});
		this.port = (this.server.address() as AddressInfo).port;
		return this;
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}${this.basePath}`;
	}

	async close(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	reset(): void {
		this.runs.clear();
		this.requests = [];
		this.rejected = [];
		this.faults = [];
		this.latencyMs = 0;
	}

	inject(fault: Fault): void {
		this.faults.push({ times: 1, ...fault });
	}

	requestsFor(runId: string): RecordedRequest[] {
		return this.requests.filter((req) => req.runId === runId);
	}

	addRun(spec: FakeRunSpec): void {
		const startedAt = spec.startedAt ?? new Date().toISOString();
		const run: RunState = {
			spec,
			id: spec.id,
			workflowId: spec.workflowId ?? `wf-${randomUUID().slice(0, 8)}`,
			status: spec.status ?? this.words.running,
			addedAt: Date.now(),
			startedAt,
			gets: 0,
		};
		if (this.isTerminal(run.status)) this.finish(run, run.status);
		this.runs.set(spec.id, run);
	}

	setStatus(id: string, status: string): void {
		const run = this.runs.get(id);
		if (!run) throw new Error(`no run ${id}`);
		run.status = status;
		run.cancelPending = undefined;
		if (this.isTerminal(status)) this.finish(run, status);
	}

	getRun(id: string): object | undefined {
		const run = this.runs.get(id);
		return run ? this.present(run, false) : undefined;
	}

	/** The provider-shaped run object. */
	protected abstract present(run: RunState, summary: boolean): object;

	protected isTerminal(status: string): boolean {
		return this.words.terminal.includes(status);
	}

	protected finish(run: RunState, status: string, error?: string): void {
		run.status = status;
		run.cancelPending = undefined;
		if (!run.finishedAt) {
			const end = Math.max(Date.now(), Date.parse(run.startedAt));
			run.finishedAt = new Date(end).toISOString();
		}
		if (error !== undefined) run.error = error;
		else if (run.error === undefined && run.spec.error !== undefined && status !== this.words.success) run.error = run.spec.error;
	}

	/** Moves the run along its scripted lifecycle; `get` counts a GET of the run. */
	protected advance(run: RunState, get: boolean): void {
		if (get) run.gets++;
		if (this.isTerminal(run.status) || run.spec.orphaned) return;
		if (run.cancelPending !== undefined) {
			if (!get) return;
			if (run.cancelPending <= 0) this.finish(run, this.words.cancelled, this.cancelMessage());
			else run.cancelPending--;
			return;
		}
		const { finishAfterPolls, finishAfterMs } = run.spec;
		const byPolls = finishAfterPolls !== undefined && run.gets > finishAfterPolls;
		const byTime = finishAfterMs !== undefined && Date.now() - run.addedAt >= finishAfterMs;
		if (byPolls || byTime) this.finish(run, run.spec.finalStatus ?? this.words.success);
	}

	protected cancelMessage(): string | undefined {
		return undefined;
	}

	/** Accepts a cancel of a cancellable run; returns false when the run cannot be cancelled. */
	protected acceptCancel(run: RunState): boolean {
		this.advance(run, false);
		if (run.cancelPending !== undefined) return true;
		if (!this.words.cancellable.includes(run.status) && !run.spec.orphaned) return false;
		if (run.spec.cancelTakesPolls && run.spec.cancelTakesPolls > 0) {
			run.cancelPending = run.spec.cancelTakesPolls;
		} else {
			this.finish(run, this.words.cancelled, this.cancelMessage());
		}
		return true;
	}

	private async onRequest(incoming: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of incoming) chunks.push(chunk as Buffer);
		const rawPath = incoming.url ?? '/';
		const queryAt = rawPath.indexOf('?');
		const req: RecordedRequest = {
			method: incoming.method ?? 'GET',
			rawPath,
			path: queryAt >= 0 ? rawPath.slice(0, queryAt) : rawPath,
			query: new URLSearchParams(queryAt >= 0 ? rawPath.slice(queryAt + 1) : ''),
			headers: incoming.headers,
			body: Buffer.concat(chunks).toString('utf8'),
			at: Date.now(),
		};
		this.requests.push(req);
		const fault = this.takeFault(req);
		if (fault) {
			await this.playFault(fault, req, res);
			return;
		}
		const answer = this.handle(req);
		if (this.latencyMs > 0) await sleep(this.latencyMs);
		this.send(res, answer);
	}

	private takeFault(req: RecordedRequest): Fault | undefined {
		const index = this.faults.findIndex(
			(fault) =>
				(fault.method === undefined || fault.method === req.method) &&
				(fault.path === undefined ||
					(typeof fault.path === 'string' ? req.rawPath.includes(fault.path) : fault.path.test(req.rawPath))),
		);
		if (index < 0) return undefined;
		const fault = this.faults[index];
		fault.times = (fault.times ?? 1) - 1;
		if (fault.times <= 0) this.faults.splice(index, 1);
		// A fault still names the run it hit, so requestsFor() sees it.
		this.matchRoute(req);
		return fault;
	}

	private async playFault(fault: Fault, req: RecordedRequest, res: http.ServerResponse): Promise<void> {
		const delay = (fault.delayMs ?? 0) + this.latencyMs;
		if (delay > 0) await sleep(delay);
		switch (fault.kind) {
			case 'reset':
				req.headers = { ...req.headers };
				res.socket?.destroy();
				return;
			case 'stall':
				return; // never answered; close() destroys the socket
			case 'redirect':
				res.writeHead(307, { location: fault.location ?? '/', 'content-length': '0' });
				res.end();
				return;
			default: {
				const body = fault.body ?? '';
				res.writeHead(fault.status ?? 500, {
					'content-type': 'application/json; charset=utf-8',
					...fault.headers,
					'content-length': String(Buffer.byteLength(body)),
				});
				res.end(body);
			}
		}
	}

	private matchRoute(req: RecordedRequest): { route?: Route; params: Record<string, string>; pathKnown: boolean; bad?: Refusal } {
		if (!req.path.startsWith(`${this.basePath}/`) && req.path !== this.basePath) return { params: {}, pathKnown: false };
		const rest = req.path.slice(this.basePath.length).split('/').slice(1);
		let segments: string[];
		try {
			segments = rest.map((segment) => decodeURIComponent(segment));
		} catch {
			return { params: {}, pathKnown: false, bad: new Refusal({ status: 400, body: { message: 'bad escape in path' } }, 'malformed percent-encoding in path') };
		}
		let pathKnown = false;
		for (const route of (this.routeTable ??= this.routes())) {
			if (route.pattern.length !== segments.length) continue;
			const params: Record<string, string> = {};
			const fits = route.pattern.every((part, index) => {
				if (part.startsWith(':')) {
					if (segments[index] === '') return false;
					params[part.slice(1)] = segments[index];
					return true;
				}
				return part === segments[index];
			});
			if (!fits) continue;
			pathKnown = true;
			if (params.runId !== undefined) req.runId = params.runId;
			if (route.method === req.method) return { route, params, pathKnown };
		}
		return { params: {}, pathKnown };
	}

	private handle(req: RecordedRequest): Answer {
		const { route, params, pathKnown, bad } = this.matchRoute(req);
		const refuse = (refusal: Refusal) => {
			this.rejected.push({ req, status: refusal.answer.status, reason: refusal.reason });
			return refusal.answer;
		};
		if (bad) return refuse(bad);
		if (!route) return refuse(new Refusal(this.noRoute(req, pathKnown), pathKnown ? 'wrong method' : 'unknown path'));
		if (req.query.has('token') || req.query.has('api_key') || req.query.has('apiKey')) {
			this.rejected.push({ req, status: 0, reason: 'key in query string' });
		}
		if (route.auth !== false) {
			const refusal = this.checkAuth(req);
			if (refusal) return refuse(refusal);
		}
		const bodyRefusal = this.checkBody(req);
		if (bodyRefusal) return refuse(bodyRefusal);
		for (const key of req.query.keys()) {
			if (!(route.query ?? []).includes(key) && key !== 'token') this.rejected.push({ req, status: 0, reason: `unknown query parameter ${key}` });
		}
		try {
			return route.handle({ req, params });
		} catch (error) {
			if (error instanceof Refusal) return refuse(error);
			if (error instanceof NotFound) return error.answer;
			throw error;
		}
	}

	private send(res: http.ServerResponse, answer: Answer): void {
		const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
		res.writeHead(answer.status, {
			'content-type': 'application/json; charset=utf-8',
			...this.extraHeaders(),
			...answer.headers,
			'content-length': String(Buffer.byteLength(body)),
		});
		res.end(body);
	}

	protected bearer(req: RecordedRequest): string | undefined {
		const header = req.headers.authorization;
		if (typeof header !== 'string') return undefined;
		const match = /^Bearer ([^\s]+)$/.exec(header);
		return match ? match[1] : '';
	}

	/** JSON body rules shared by B3OS and Cortex: none, or valid JSON with a JSON content type. */
	protected checkJsonBodyStrict(req: RecordedRequest): Refusal | undefined {
		const type = String(req.headers['content-type'] ?? '');
		if (req.body === '') return undefined;
		if (req.method === 'GET') return undefined;
		if (!type.startsWith('application/json')) {
			return new Refusal({ status: 415, body: { message: `unsupported content type '${type}'` } }, 'body without a JSON content type');
		}
		try {
			JSON.parse(req.body);
		} catch {
			return new Refusal({ status: 400, body: { message: 'invalid JSON body' } }, 'invalid JSON body');
		}
		return undefined;
	}

	protected runOr404(id: string, notFound: Answer): RunState {
		const run = this.runs.get(id);
		if (!run) throw new NotFound(notFound);
		return run;
	}
}

/** Thrown by handlers for "no such run": an ordinary answer, not a refusal. */
export class NotFound extends Error {
	constructor(readonly answer: Answer) {
		super('not found');
	}
}

export function requestId(): string {
	return `req_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}
