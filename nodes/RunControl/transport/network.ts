/** One request never waits longer than this for its answer (a stalled response cannot hang a wait). */
export const REQUEST_TIMEOUT_MS = 30_000;

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

/** Codes after which the request certainly never reached the server (safe to send again). */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

const CODE = /^(E[A-Z0-9_]{2,}|ERR_[A-Z0-9_]+|[A-Z_]*CERT[A-Z_]*|UNABLE_TO_[A-Z_]+)$/;
const CODE_IN_TEXT = /\b(E[A-Z]{3,}[A-Z0-9_]*|ERR_[A-Z0-9_]+|[A-Z_]*CERT[A-Z_]+|UNABLE_TO_[A-Z_]+)\b/;

/** A request that got no HTTP answer. `words` says why in plain words; no secret is in it. */
export class NetworkFailure extends Error {
	readonly words: string;

	/** True when the request certainly never reached the server. */
	readonly notSent: boolean;

	constructor(
		readonly code: string | undefined,
		readonly attempts: number,
	) {
		super(`request failed${code ? ` (${code})` : ''}`);
		this.name = 'NetworkFailure';
		this.words = describe(code);
		this.notSent = code !== undefined && NOT_SENT.has(code);
	}
}

/**
 * The network error code (ECONNREFUSED, ENOTFOUND, EPROTO, …) of a failed request. n8n wraps the
 * HTTP client's error in a NodeApiError that keeps the code in `httpCode` or `code` and the
 * original text in `messages`; older hosts keep the client error as `cause`.
 */
export function causeCode(error: unknown): string | undefined {
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

function describe(code: string | undefined): string {
	if (code && NETWORK_WORDS[code]) return NETWORK_WORDS[code];
	if (code && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|EPROTO/.test(code)) {
		return `a secure (TLS) connection could not be established (${code})`;
	}
	return code ? `the request failed (${code})` : 'the request failed before an answer came';
}

/** Milliseconds from Retry-After (seconds or HTTP date), else X-RateLimit-Reset (unix time), else undefined. */
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
