/**
 * Routing on the raw request path: route patterns such as '/v1/runs/:runId/cancel' are matched
 * against the decoded segments (so '%2F' stays inside an id and a bare '/' does not), and the most
 * specific route of the request's method wins.
 */
import type { IncomingHttpHeaders } from 'node:http';

import type { RecordedRequest } from './types';
import type { Reply } from './wire';

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
	/** Lists runs: each request is one page (see FakeProvider.listRequests). */
	list?: boolean;
	/** The query parameter that names the workflow/tool of a list (e.g. 'toolId'). */
	workflowQuery?: string;
	/** Starts a run: `true`, or the body field that may name the new run's id (e.g. 'runId'). */
	startsRun?: string | true;
	handle(ctx: Ctx): Reply;
}

export interface Match {
	route: Route;
	params: Record<string, string>;
	literals: number;
}

interface CompiledRoute {
	route: Route;
	parts: Array<{ literal: string } | { param: string }>;
	literals: number;
}

/** Splits a raw path into decoded segments; undefined for a bad percent-escape. */
export function decodeSegments(pathname: string): string[] | undefined {
	if (!pathname.startsWith('/')) return undefined;
	try {
		return pathname
			.slice(1)
			.split('/')
			.map((segment) => decodeURIComponent(segment));
	} catch {
		return undefined;
	}
}

export class Router {
	private readonly compiled: CompiledRoute[];

	constructor(routes: Route[]) {
		this.compiled = routes.map((route) => {
			const parts = route.pattern
				.slice(1)
				.split('/')
				.map((part) => (part.startsWith(':') ? { param: part.slice(1) } : { literal: part }));
			return { route, parts, literals: parts.filter((part) => 'literal' in part).length };
		});
	}

	/** Every route whose path matches, whatever its method. */
	match(segments: string[]): Match[] {
		const out: Match[] = [];
		for (const compiled of this.compiled) {
			if (compiled.parts.length !== segments.length) continue;
			const params: Record<string, string> = {};
			let ok = true;
			for (let index = 0; index < segments.length && ok; index++) {
				const part = compiled.parts[index];
				if ('literal' in part) ok = part.literal === segments[index];
				else if (segments[index] === '') ok = false;
				else params[part.param] = segments[index];
			}
			if (ok) out.push({ route: compiled.route, params, literals: compiled.literals });
		}
		return out;
	}

	/** The most specific of the matches for this method. */
	choose(matched: Match[], method: string): Match | undefined {
		let best: Match | undefined;
		for (const entry of matched) {
			if (entry.route.method !== method) continue;
			if (!best || entry.literals > best.literals) best = entry;
		}
		return best;
	}
}
