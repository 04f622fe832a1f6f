import type { IExecuteFunctions, IHttpRequestOptions, IN8nHttpFullResponse, INode } from 'n8n-workflow';

import type { ProviderRequest } from '../providers';
import { apiError } from './errors';
import type { Connection, Reply, Subject } from './errors';
import { Limiter } from './limiter';
import { pause, StoppedError, throwIfStopped } from './sleep';

export { StoppedError, pause, raceStop, throwIfStopped } from './sleep';
export type { Connection, Reply, Subject } from './errors';
export { apiError, httpError, snippet } from './errors';

/** One request never waits longer than this for its answer (a stalled response cannot hang a wait). */
export const REQUEST_TIMEOUT_MS = 30_000;
/** Tries of one request when the API answers 429. */
export const MAX_RATE_LIMITED_TRIES = 5;
/** Tries of one request after a 5xx/408 answer or (reads only) a network failure. */
export const MAX_FAILED_TRIES = 3;
/** Without a wait deadline, a 429 that asks for a longer pause than this fails at once. */
const MAX_UNBOUNDED_RATE_PAUSE_MS = 60_000;

/** Thrown when a pause would run past the wait's deadline: the caller reports a timeout. */
export class DeadlineReached extends Error {
	constructor() {
		super('The wait timeout was reached');
		this.name = 'DeadlineReached';
	}
}

export interface SendOptions extends Subject {
	/** Reads also retry network failures; writes (cancel) retry only 5xx/408 and 429 answers. */
	kind: 'read' | 'write';
	/** Epoch ms after which no pause continues (the Wait Until Finished timeout). */
	deadline?: number;
}

const NETWORK_WORDS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused (is the server running, and is the port right?)',
	ECONNRESET: 'the connection was reset',
	EPIPE: 'the connection was closed while sending',
	ENOTFOUND: 'the host name could not be resolved (DNS)',
	EAI_AGAIN: 'the host name could not be resolved (DNS, temporary failure)',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	ETIMEDOUT: `no answer within the request timeout (${REQUEST_TIMEOUT_MS / 1000} s at most)`,
	ECONNABORTED: `no answer within the request timeout (${REQUEST_TIMEOUT_MS / 1000} s at most)`,
};

const CODE = /^(E[A-Z0-9_]{2,}|ERR_[A-Z0-9_]+|[A-Z_]*CERT[A-Z_]*|UNABLE_TO_[A-Z_]+)$/;
const CODE_IN_TEXT = /\b(E[A-Z]{3,}[A-Z0-9_]*|ERR_[A-Z0-9_]+|[A-Z_]*CERT[A-Z_]+|UNABLE_TO_[A-Z_]+)\b/;

/**
 * The network error code (ECONNREFUSED, ENOTFOUND, EPROTO, …) of a failed request. n8n wraps the
 * HTTP client's error in a NodeApiError that keeps the code in `httpCode` or `code` and the
 * original text in `messages`; older hosts keep the client error as `cause`.
 */
function causeCode(error: unknown): string | undefined {
	const texts: string[] = [];
	let current: unknown = error;
	for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
		const { code, httpCode, message, messages } = current as Record<string, unknown>;
		for (const candidate of [code, httpCode]) {
			if (typeof candidate === 'string' && CODE.test(candidate)) return candidate;
		}
		if (typeof message === 'string') texts.push(message);
		if (Array.isArray(messages)) texts.push(...messages.filter((entry): entry is string => typeof entry === 'string'));
		current = (current as { cause?: unknown }).cause;
	}
	const text = texts.join(' ');
	const found = CODE_IN_TEXT.exec(text);
	if (found) return found[1];
	if (/socket hang up/i.test(text)) return 'ECONNRESET';
	if (/timeout of \d+ms exceeded/i.test(text)) return 'ECONNABORTED';
	return undefined;
}

function describeNetworkFailure(code: string | undefined): string {
	if (code && NETWORK_WORDS[code]) return NETWORK_WORDS[code];
	if (code && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|EPROTO/.test(code)) {
		return `a secure (TLS) connection could not be established (${code})`;
	}
	return code ? `the request failed (${code})` : 'the request failed before an answer came';
}

function backoffMs(attempt: number): number {
	return Math.min(30_000, 500 * 2 ** (attempt - 1)) * (0.5 + Math.random());
}

/** Seconds from Retry-After (seconds or HTTP date), else X-RateLimit-Reset (unix time), else undefined. */
export function rateLimitPauseMs(headers: Record<string, unknown>, now: number): number | undefined {
	const retryAfter = headers['retry-after'];
	if (retryAfter !== undefined && String(retryAfter).trim() !== '') {
		const text = String(retryAfter).trim();
		if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
		const date = Date.parse(text);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	const reset = Number(headers['x-ratelimit-reset']);
	if (Number.isFinite(reset) && reset > 0) {
		if (reset > 1e12) return Math.max(0, reset - now);
		if (reset > 1e9) return Math.max(0, reset * 1000 - now);
		return reset * 1000;
	}
	return undefined;
}

/**
 * The one place that talks HTTP. It bounds the requests in flight (the node's Concurrency
 * option), shares one pause across every request when the API answers 429, retries what is safe
 * to retry, and turns transport failures into plain-words errors with no secret in them.
 */
export class Transport {
	private readonly limiter: Limiter;

	private pausedUntil = 0;

	requestCount = 0;

	constructor(
		private readonly ctx: IExecuteFunctions,
		concurrency: number,
		private readonly signal?: AbortSignal,
	) {
		this.limiter = new Limiter(concurrency);
	}

	private get node(): INode {
		return this.ctx.getNode();
	}

	/** Sends a request; answers with any HTTP status come back, transport failures throw. */
	async send(conn: Connection, request: ProviderRequest, options: SendOptions): Promise<Reply> {
		const name = conn.provider.displayName;
		for (let attempt = 1; ; attempt++) {
			await this.waitOutPause(options.deadline);
			let reply: Reply | undefined;
			let failure: unknown;
			try {
				reply = await this.once(conn, request, attempt, options.deadline);
			} catch (error) {
				failure = error;
			}
			if (reply === undefined) {
				if (failure instanceof StoppedError || this.signal?.aborted) throw new StoppedError();
				if (failure instanceof DeadlineReached) throw failure;
				const code = causeCode(failure);
				if (options.deadline !== undefined && Date.now() >= options.deadline) throw new DeadlineReached();
				if (options.kind === 'read' && attempt < MAX_FAILED_TRIES) {
					this.log(`${name}: ${code ?? 'network failure'} on try ${attempt}, retrying`);
					await this.backoff(attempt, options.deadline);
					continue;
				}
				const tries = attempt > 1 ? ` (${attempt} tries)` : '';
				throw apiError(
					this.node,
					conn,
					`${name}: could not reach ${conn.host}: ${describeNetworkFailure(code)}${tries}`,
					`The request to ${conn.baseUrl} failed before ${name} answered${code ? ` (${code})` : ''}. Check the base URL in the ${name} credential, and that n8n can reach that host (proxy, firewall, certificate).`,
					options,
				);
			}
			const status = reply.statusCode;
			if (status === 429 && attempt < MAX_RATE_LIMITED_TRIES) {
				const now = Date.now();
				const asked = rateLimitPauseMs(reply.headers, now);
				const wait = asked ?? backoffMs(attempt);
				if (options.deadline === undefined && wait > MAX_UNBOUNDED_RATE_PAUSE_MS) return reply;
				this.pausedUntil = Math.max(this.pausedUntil, now + wait);
				this.log(`${name}: rate limited (429), pausing all requests for ${Math.round(wait)} ms`);
				continue;
			}
			if ((status >= 500 || status === 408) && attempt < MAX_FAILED_TRIES) {
				this.log(`${name}: HTTP ${status} on try ${attempt}, retrying`);
				await this.backoff(attempt, options.deadline);
				continue;
			}
			return reply;
		}
	}

	private async once(
		conn: Connection,
		request: ProviderRequest,
		attempt: number,
		deadline: number | undefined,
	): Promise<Reply> {
		await this.limiter.acquire(this.signal);
		try {
			throwIfStopped(this.signal);
			const left = deadline === undefined ? Infinity : deadline - Date.now();
			if (left <= 0) throw new DeadlineReached();
			const timeout = Math.max(1000, Math.min(REQUEST_TIMEOUT_MS, left));
			const options: IHttpRequestOptions = {
				method: request.method,
				url: `${conn.baseUrl}${request.path}`,
				headers: { Accept: 'application/json' },
				json: false,
				encoding: 'text',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				timeout,
			};
			if (request.qs) options.qs = request.qs;
			this.requestCount++;
			const response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				conn.provider.credentialType,
				options,
			)) as IN8nHttpFullResponse;
			return toReply(response, attempt);
		} finally {
			this.limiter.release();
		}
	}

	private async waitOutPause(deadline: number | undefined): Promise<void> {
		while (this.pausedUntil > Date.now()) {
			if (deadline !== undefined && this.pausedUntil >= deadline) {
				await pause(deadline - Date.now(), this.signal);
				throw new DeadlineReached();
			}
			await pause(this.pausedUntil - Date.now(), this.signal);
		}
	}

	private async backoff(attempt: number, deadline: number | undefined): Promise<void> {
		const wait = backoffMs(attempt);
		if (deadline !== undefined && Date.now() + wait >= deadline) {
			await pause(deadline - Date.now(), this.signal);
			throw new DeadlineReached();
		}
		await pause(wait, this.signal);
	}

	private log(message: string): void {
		this.ctx.logger?.debug(message);
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
		raw === undefined || raw === null
			? ''
			: raw instanceof Uint8Array
				? new TextDecoder().decode(raw)
				: String(raw);
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
