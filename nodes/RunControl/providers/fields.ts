import type { IDataObject } from 'n8n-workflow';

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

export function seg(value: string): string {
	return encodeURIComponent(value);
}

export function trimSlashes(url: string): string {
	return url.replace(/\/+$/, '');
}

/** A random UUID (v4), from the runtime's Web Crypto. */
export function uuid(): string {
	return (globalThis as unknown as { crypto: { randomUUID(): string } }).crypto.randomUUID();
}

/** A finite number from a response header, or undefined. */
export function headerNumber(headers: Record<string, unknown>, name: string): number | undefined {
	const value = headers[name];
	const text = Array.isArray(value) ? value[0] : value;
	if (text === undefined || text === null || String(text).trim() === '') return undefined;
	const number = Number(text);
	return Number.isFinite(number) ? number : undefined;
}
