/**
 * The public shapes of the provider simulator: what tests, the benchmark and the scripts use to
 * seed runs, inject faults and read the request log.
 */

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
