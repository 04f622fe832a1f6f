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
	/** The run's input: superglue `toolPayload`, B3OS `payload`, Cortex `input` (default: none). */
	inputs?: unknown;
	/**
	 * Cortex: the run is queued (PENDING, no start time) for this long after it was added, then
	 * RUNNING; `finishAfterMs` then counts from that start.
	 */
	startAfterMs?: number;
}

/**
 * A tool (superglue) or workflow (B3OS, Cortex) that runs can be started on through the API.
 * `addRun` declares the workflow of its run with the defaults; `addWorkflow` sets how its runs go.
 */
export interface FakeWorkflowSpec {
	id: string;
	/** How long a run started through the API takes (default 1000 ms). */
	durationMs?: number;
	/** The final status of such a run, in the provider's words (default: its success word). */
	finalStatus?: string;
	/** Failure message when the final status is a failure. */
	error?: string;
	/** The run's result (superglue `data`, B3OS http node result, Cortex `result`). */
	output?: unknown;
	/** B3OS totalCu, Cortex usage.total. */
	cost?: number;
	/** Cortex: a started run is PENDING for this long before it runs (default 0: RUNNING at once). */
	queuedMs?: number;
	/** Cortex: a discoverable (shared) workflow, started through /workflows/discover/{id}/runs only. */
	discoverable?: boolean;
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
	/** Date.now() when the whole answer had been written (unset while pending, or on a reset). */
	answeredAt?: number;
	/** Decoded run id when the route (path) matched, or the id of the run a start created or named. */
	runId?: string;
	/** The route that matched, as 'METHOD /pattern' (e.g. 'GET /v1/runs'). */
	route?: string;
	/** Decoded workflow (tool) id of the path or of a list's filter, when there is one. */
	workflowId?: string;
	/** A list route: this request read one page of runs. */
	list?: boolean;
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
	/**
	 * A lost answer: the request is handled as usual first (a start creates its run, a cancel
	 * cancels), then the answer is replaced by the fault (`reset`, `stall`, or a `status` such as 502).
	 */
	after?: boolean;
}

export interface FakeProvider {
	name: ProviderName;
	/** The base URL a credential uses: superglue http://127.0.0.1:P/v1, b3os and cortex http://127.0.0.1:P. */
	url: string;
	port: number;
	apiKey: string;
	addRun(spec: FakeRunSpec): void;
	/** Declares a tool/workflow that runs can be started on (and how those runs go). */
	addWorkflow(spec: FakeWorkflowSpec): void;
	/** Ids of the runs that exist, newest first (seeded and started). */
	runIds(): string[];
	/** The current provider-shaped run (B3OS: the envelope's `data`, full form; Cortex: RunSchema). */
	getRun(id: string): object | undefined;
	setStatus(id: string, status: string): void;
	requests: RecordedRequest[];
	requestsFor(runId: string): RecordedRequest[];
	/** The list requests (one per page read), optionally only those of one workflow/tool. */
	listRequests(workflowId?: string): RecordedRequest[];
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
