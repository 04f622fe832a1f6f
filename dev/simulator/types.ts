/**
 * The public shapes of the provider simulator: what tests, the benchmark and the scripts use to
 * seed runs, inject faults and read the request log.
 */

export interface FakeRunSpec {
	/** Run id as the provider knows it (may contain any unicode, '/', '%', spaces…). */
	id: string;
	/** The run's workflow (or tool) ID (default: a generated id). */
	workflowId?: string;
	/** Initial status in the provider's own words (default: its running word). */
	status?: string;
	/** N GETs of this run see the initial status; GET number N+1 sees `finalStatus`. */
	finishAfterPolls?: number;
	/** Or: the run becomes `finalStatus` this long after it was added (evaluated lazily). */
	finishAfterMs?: number;
	/** Provider word (default: its success word). */
	finalStatus?: string;
	/** Failure message carried when failed/aborted. */
	error?: string;
	/** The run's result, where the provider's run object carries one (some only for `sync` runs). */
	output?: unknown;
	/** The run's cost, where the provider reports one. */
	cost?: number;
	/** ISO; default now. */
	startedAt?: string;
	/** A run of a discoverable (shared) workflow, where the provider has them. */
	discoverable?: boolean;
	/** The run was started synchronously, where the provider tells such runs apart. */
	sync?: boolean;
	/** After an accepted cancel, the run still reports its running status for this many GETs. */
	cancelTakesPolls?: number;
	/** Stays running forever (its server restarted mid-run) until cancelled. */
	orphaned?: boolean;
	/** The run's input, in the provider's input field (default: none). */
	inputs?: unknown;
	/**
	 * Where the provider has a queued status: the run is queued (no start time) for this long after
	 * it was added, then running; `finishAfterMs` then counts from that start.
	 */
	startAfterMs?: number;
}

/**
 * A workflow (or tool) that runs can be started on through the API.
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
	/** The run's result, as the provider gives it. */
	output?: unknown;
	/** The run's cost, where the provider reports one. */
	cost?: number;
	/** Where the provider queues runs: a started run is queued this long before it runs (default 0). */
	queuedMs?: number;
	/** A discoverable (shared) workflow, where the provider has them. */
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
	/** What the fake itself answered (not set for an injected fault): status, body text, headers. */
	answer?: { status: number; body: string; headers: Record<string, string> };
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
	/** The provider's name in the registry (dev/providers). */
	name: string;
	/** The base URL a credential uses (http://127.0.0.1:P plus the API's base path). */
	url: string;
	port: number;
	apiKey: string;
	addRun(spec: FakeRunSpec): void;
	/** Declares a tool/workflow that runs can be started on (and how those runs go). */
	addWorkflow(spec: FakeWorkflowSpec): void;
	/** Ids of the runs that exist, newest first (seeded and started). */
	runIds(): string[];
	/** Every route, as 'METHOD /pattern' (what RecordedRequest.route names). */
	routeKeys(): string[];
	/** The current provider-shaped run (without envelope, in its full form). */
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
	/** Starts answering on 127.0.0.1 (port 0: a free port). */
	listen(port?: number): Promise<unknown>;
	/**
	 * Serve at most this many runs a list page, whatever the client asks (as a server may); the
	 * answer's paging fields report the size served. Undefined (the default): as the provider does.
	 */
	pageCap: number | undefined;
	/** List pages newest first by start time (default), or oldest first (no provider documents an order). */
	listOrder: 'newestFirst' | 'oldestFirst';
	/** Forget runs, requests, faults and rejections (and restore the latency given at start, no page cap, newest first). */
	reset(): void;
	close(): Promise<void>;
}

export interface StartOptions {
	port?: number;
	apiKey?: string;
	latencyMs?: number;
}
