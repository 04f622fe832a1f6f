/**
 * Fault injection: a queue of faults, each matching by method and path and used up after `times`
 * requests. The server takes the first matching fault before any normal handling.
 */
import type { Fault } from './types';

export class FaultQueue {
	private entries: Array<{ fault: Fault; left: number }> = [];

	push(fault: Fault): void {
		const times = fault.times ?? 1;
		if (!(times > 0)) return;
		this.entries.push({ fault, left: times });
	}

	clear(): void {
		this.entries = [];
	}

	/** The first fault matching the request (one use of it is spent), or undefined. */
	take(method: string, rawPath: string, pathname: string): Fault | undefined {
		for (let index = 0; index < this.entries.length; index++) {
			const entry = this.entries[index];
			if (!matches(entry.fault, method, rawPath, pathname)) continue;
			entry.left--;
			if (entry.left <= 0) this.entries.splice(index, 1);
			return entry.fault;
		}
		return undefined;
	}
}

function matches(fault: Fault, method: string, rawPath: string, pathname: string): boolean {
	if (fault.method !== undefined && fault.method.toUpperCase() !== method) return false;
	if (fault.path === undefined) return true;
	if (typeof fault.path === 'string') return fault.path === rawPath || fault.path === pathname;
	fault.path.lastIndex = 0;
	return fault.path.test(rawPath);
}
