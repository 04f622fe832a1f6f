import type { IHttpRequestOptions, IN8nHttpFullResponse, RequestHelperFunctions } from 'n8n-workflow';

import { Limiter } from './limiter';
import { causeCode, NetworkFailure, rateLimitPauseMs, REQUEST_TIMEOUT_MS } from './network';
import { StoppedError } from './stop';
import type { Stopper } from './stop';

export { NetworkFailure, rateLimitPauseMs, REQUEST_TIMEOUT_MS } from './network';
export { StoppedError, Stopper } from './stop';

/** Tries of one request when the API answers 429. */
export const MAX_RATE_LIMITED_TRIES = 5;
/** Tries of one request after a 5xx/408 answer or (reads only) a network failure. */
export const MAX_FAILED_TRIES = 3;
/** Without a deadline, a 429 that asks for a longer pause than this is returned at once. */
const MAX_UNBOUNDED_RATE_PAUSE_MS = 60_000;

/** The part of n8n's node context the transport uses: execute and poll contexts both fit. */
export interface HttpHost {
	helpers: Pick<RequestHelperFunctions, 'httpRequestWithAuthentication'>;
	logger?: { debug(message: string): void; warn?(message: string): void };
}

/** Where requests go: a credential type (n8n injects the key) and its base URL. */
export interface Connection {
	credentialType: string;
	/** Without trailing slash. */
	baseUrl: string;
	host: string;
	/** Names the API in log lines. */
	label: string;
}

/** A request relative to the base URL; path segments are already encoded. */
export interface Request {
	method: 'GET' | 'POST';
	path: string;
	qs?: Record<string, string>;
	/** Sent as JSON (content-type application/json). */
	body?: object;
	/** The request's own time limit (ms) instead of REQUEST_TIMEOUT_MS, for a request that answers when its work is done. */
	timeoutMs?: number;
}

export interface Reply {
	statusCode: number;
	headers: Record<string, unknown>;
	/** Parsed JSON, or undefined when the body is empty or not JSON. */
	body: unknown;
	text: string;
	isJson: boolean;
	attempts: number;
}

/**
 * What may be sent again: `read` retries network failures and 5xx/408/429 answers; `write`
 * (cancel) retries 5xx/408/429 answers, never a request that got no answer; `once` (a request that
 * creates something and has no idempotency key) retries only what the server certainly did not
 * act on: 429 answers and connections that were never made.
 */
export type RetryKind = 'read' | 'write' | 'once';

export interface SendOptions {
	retry: RetryKind;
	/** Epoch ms after which no pause continues: the send throws DeadlineReached instead. */
	deadline?: number;
}

/** Thrown when a pause would run past the caller's deadline. */
export class DeadlineReached extends Error {
	constructor() {
		super('The deadline was reached');
		this.name = 'DeadlineReached';
	}
}

function backoffMs(attempt: number): number {
	return Math.min(30_000, 500 * 2 ** (attempt - 1)) * (0.5 + Math.random());
}

/**
 * The one place that talks HTTP, through n8n's `httpRequestWithAuthentication` (credentials,
 * proxy settings, Stop). It bounds the requests in flight, shares one pause across every request
 * when the API answers 429, retries what is safe to retry, and never follows a redirect.
 * Answers with any HTTP status come back as a Reply; a request without answer throws
 * NetworkFailure, StoppedError or DeadlineReached. It knows no provider and no run.
 */
export class Transport {
	private readonly limiter: Limiter;

	private pausedUntil = 0;

	constructor(
		private readonly host: HttpHost,
		concurrency: number,
		private readonly stopper: Stopper,
	) {
		this.limiter = new Limiter(concurrency, stopper);
	}

	async send(conn: Connection, request: Request, options: SendOptions): Promise<Reply> {
		const { deadline, retry } = options;
		for (let attempt = 1; ; attempt++) {
			await this.waitOutPause(deadline);
			let reply: Reply | undefined;
			let failure: unknown;
			try {
				reply = await this.once(conn, request, attempt, deadline);
			} catch (error) {
				failure = error;
			}
			if (reply === undefined) {
				if (failure instanceof StoppedError || this.stopper.stopped) throw new StoppedError();
				if (failure instanceof DeadlineReached) throw failure;
				if (deadline !== undefined && Date.now() >= deadline) throw new DeadlineReached();
				const network = new NetworkFailure(causeCode(failure), attempt);
				const again = retry === 'read' || (retry === 'once' && network.notSent);
				if (again && attempt < MAX_FAILED_TRIES) {
					this.log(`${conn.label}: ${network.code ?? 'network failure'} on try ${attempt}, retrying`);
					await this.backoff(attempt, deadline);
					continue;
				}
				throw network;
			}
			const status = reply.statusCode;
			if (status === 429 && attempt < MAX_RATE_LIMITED_TRIES) {
				const now = Date.now();
				const wait = rateLimitPauseMs(reply.headers, now) ?? backoffMs(attempt);
				if (deadline === undefined && wait > MAX_UNBOUNDED_RATE_PAUSE_MS) return reply;
				this.pausedUntil = Math.max(this.pausedUntil, now + wait);
				this.log(`${conn.label}: rate limited (429), pausing all requests for ${Math.round(wait)} ms`);
				continue;
			}
			if ((status >= 500 || status === 408) && retry !== 'once' && attempt < MAX_FAILED_TRIES) {
				this.log(`${conn.label}: HTTP ${status} on try ${attempt}, retrying`);
				await this.backoff(attempt, deadline);
				continue;
			}
			return reply;
		}
	}

	private async once(conn: Connection, request: Request, attempt: number, deadline: number | undefined): Promise<Reply> {
		await this.limiter.acquire();
		try {
			this.stopper.throwIfStopped();
			const left = deadline === undefined ? Infinity : deadline - Date.now();
			if (left <= 0) throw new DeadlineReached();
			const options: IHttpRequestOptions = {
				method: request.method,
				url: `${conn.baseUrl}${request.path}`,
				headers: { Accept: 'application/json' },
				json: false,
				encoding: 'text',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				timeout: Math.max(1000, Math.min(request.timeoutMs ?? REQUEST_TIMEOUT_MS, left)),
			};
			if (request.qs) options.qs = request.qs;
			if (request.body !== undefined) {
				options.headers = { ...options.headers, 'Content-Type': 'application/json' };
				options.body = JSON.stringify(request.body);
			}
			const response = (await this.stopper.race(
				this.host.helpers.httpRequestWithAuthentication.call(
					this.host as never,
					conn.credentialType,
					options,
				) as Promise<IN8nHttpFullResponse>,
			)) as IN8nHttpFullResponse;
			return toReply(response, attempt);
		} finally {
			this.limiter.release();
		}
	}

	private async waitOutPause(deadline: number | undefined): Promise<void> {
		while (this.pausedUntil > Date.now()) {
			if (deadline !== undefined && this.pausedUntil >= deadline) {
				await this.stopper.pause(deadline - Date.now());
				throw new DeadlineReached();
			}
			await this.stopper.pause(this.pausedUntil - Date.now());
		}
	}

	private async backoff(attempt: number, deadline: number | undefined): Promise<void> {
		const wait = backoffMs(attempt);
		if (deadline !== undefined && Date.now() + wait >= deadline) {
			await this.stopper.pause(deadline - Date.now());
			throw new DeadlineReached();
		}
		await this.stopper.pause(wait);
	}

	private log(message: string): void {
		this.host.logger?.debug(message);
	}

	/** A line for n8n's log that the user may want to see (a warning). */
	note(message: string): void {
		if (this.host.logger?.warn) this.host.logger.warn(message);
		else this.host.logger?.debug(message);
	}
}

function toReply(response: IN8nHttpFullResponse, attempts: number): Reply {
	const raw: unknown = response.body;
	const statusCode = response.statusCode;
	const headers = (response.headers ?? {}) as Record<string, unknown>;
	if (raw !== null && typeof raw === 'object' && !(raw instanceof Uint8Array)) {
		// Hosts that ignore `encoding: 'text'` hand back parsed JSON already.
		return { statusCode, headers, body: raw, text: JSON.stringify(raw), isJson: true, attempts };
	}
	const text =
		raw === undefined || raw === null ? '' : raw instanceof Uint8Array ? new TextDecoder().decode(raw) : String(raw);
	let body: unknown;
	let isJson = false;
	if (text.trim() !== '') {
		try {
			body = JSON.parse(text);
			isJson = true;
		} catch {
			body = undefined;
		}
	}
	return { statusCode, headers, body, text, isJson, attempts };
}
