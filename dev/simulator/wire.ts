/**
 * What goes over the wire: replies, JSON, query parameters, content types and the Bearer check.
 * Plain helpers, no state.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export const JSON_TYPE = 'application/json; charset=utf-8';

export interface Reply {
	status: number;
	/** Serialized with JSON.stringify (ignored when `raw` is set). */
	body?: unknown;
	/** Sent as is. */
	raw?: string;
	headers?: Record<string, string>;
	/** Answer later: wait `ms`, then send what `reply()` gives then (a synchronous run start). */
	defer?: { ms: number; reply: () => Reply };
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
