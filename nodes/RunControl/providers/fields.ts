import type { IDataObject } from 'n8n-workflow';
import { randomInt } from 'n8n-workflow';

/** Small readers shared by the provider files: they parse defensively and never throw. */

export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function field(value: unknown, ...path: string[]): unknown {
	let current: unknown = value;
	for (const key of path) {
		if (!isObject(current)) return undefined;
		current = current[key];
	}
	return current;
}

/** A message from a string, an `{ message }` object or an array of either; else undefined. */
export function messageOf(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim() === '' ? undefined : value;
	if (Array.isArray(value)) {
		const parts = value.map(messageOf).filter((part): part is string => part !== undefined);
		return parts.length > 0 ? parts.join('; ') : undefined;
	}
	if (isObject(value)) return messageOf(value.message) ?? messageOf(value.error);
	return undefined;
}

/**
 * An error body's message where it is in `error`, `message` or `errors` (a string, `{ message }` or
 * an array of either), the distinct parts joined; the shape most APIs use (a provider's `errorMessage`).
 */
export function commonErrorMessage(body: unknown): string | undefined {
	if (!isObject(body)) return undefined;
	const parts = [messageOf(body.error), messageOf(body.message), messageOf(body.errors)].filter(
		(part): part is string => part !== undefined,
	);
	const unique = parts.filter((part, index) => parts.indexOf(part) === index);
	return unique.length > 0 ? unique.join(': ') : undefined;
}

export function seg(value: string): string {
	return encodeURIComponent(value);
}

export function trimSlashes(url: string): string {
	return url.replace(/\/+$/, '');
}

/** A random hex digit: n8n-workflow's crypto-backed randomInt where the host has it. */
function hexDigit(): string {
	return (typeof randomInt === 'function' ? randomInt(16) : Math.floor(Math.random() * 16)).toString(16);
}

/** `length` random hex digits. */
export function hexId(length: number): string {
	return Array.from({ length }, hexDigit).join('');
}

/** A random UUID (version 4): a run ID the client chooses. */
export function uuid(): string {
	const digits = Array.from({ length: 32 }, hexDigit);
	digits[12] = '4';
	digits[16] = (8 + (parseInt(digits[16], 16) % 4)).toString(16);
	const hex = digits.join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A finite number from a response header, or undefined. */
export function headerNumber(headers: Record<string, unknown>, name: string): number | undefined {
	const value = headers[name];
	const text = Array.isArray(value) ? value[0] : value;
	if (text === undefined || text === null || String(text).trim() === '') return undefined;
	const number = Number(text);
	return Number.isFinite(number) ? number : undefined;
}

/** Page-number paging: the `next` of a list page is the page number and the page size to ask for. */
export function pageAt(next: unknown): { page: number; size: number } | undefined {
	if (!isObject(next) || typeof next.page !== 'number' || typeof next.size !== 'number') return undefined;
	return { page: next.page, size: next.size };
}
