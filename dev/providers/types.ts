/**
 * What the dev tools (simulator, tests, scripts, benchmark) know of one provider, in its own folder
 * dev/providers/<name>/index.ts: how to start its fake, credentials pointing at it, its row of the
 * tests' table (status words, display name, how an item addresses a run) and its demo runs.
 * The registry (dev/providers/index.ts) lists them; nothing generic names a provider.
 */
import type { FakeProvider, FakeRunSpec, FakeWorkflowSpec } from '../simulator/types';

/** What every fake gets from startFakes. */
export interface FakeCommon {
	apiKey?: string;
	latencyMs: number;
}

export interface DevProvider<F extends FakeProvider = FakeProvider, O extends object = object> {
	/** The node's provider name: the fake's name and the tests' key. */
	name: string;
	/** As the node writes it: every error message of the node for this provider starts with `${displayName}: `. */
	displayName: string;
	/** The credential type of the node's provider. */
	credential: string;
	/** The provider's own words for four statuses (as its API writes them). */
	words: { running: string; success: string; failed: string; cancelled: string };
	/** The API's base path on the fake: a credential's base URL is the fake's address plus this. */
	basePath: string;
	/** The API key the fake accepts unless told otherwise. */
	defaultKey: string;
	/** A new fake, not listening yet; `options` are startFakes' options, of which it reads its own. */
	create(common: FakeCommon, options: O): F;
	/** Credential data, as n8n stores it, pointing at the fake. */
	credentials(fake: F): Record<string, string>;
	/**
	 * Node parameters besides Run ID with which a test item `{ runId, workflowId?, workflowSource? }`
	 * names its run (e.g. a workflow ID where the provider addresses runs by workflow).
	 */
	itemParameters: Record<string, unknown>;
	/** What the shared test suites expect of this provider. */
	expect: ProviderExpectations<F>;
	/** The demo runs the examples/ workflows act on (npm start, the simulator, tests). */
	seedExamples(fake: F): void;
	/** `npm run simulator`: what it seeds besides the examples' runs and what it prints. */
	simulator: {
		/** The id and name of the credential `scripts/simulator-credentials.js` prints (the examples/ use the id). */
		credential: { id: string; name: string };
		/** Tools/workflows that runs can be started on, with how those runs go. */
		startable: FakeWorkflowSpec[];
		/** What the startable things are called in its API ('Tools', 'Workflows'). */
		startableLabel: string;
		seedDemo(fake: F): void;
		/** startFakes options the simulator sets for this provider (e.g. from environment variables). */
		options?(): object;
		/** Lines shown under the base URL and key (e.g. optional credential fields). */
		notes: string[];
		/** Notes on a seeded run that only this provider has. */
		describeRun?(spec: FakeRunSpec): string[];
		/** Notes on a startable workflow that only this provider has. */
		describeWorkflow?(spec: FakeWorkflowSpec): string[];
		/** Example curl commands. */
		tries(fake: F): string[];
	};
}

/**
 * What the shared test suites expect of one provider, as its strict fake sees the node's requests:
 * the per-provider answers that the suites would otherwise spell out with `if (provider === …)`.
 */
export interface ProviderExpectations<F extends FakeProvider = FakeProvider> {
	/** The node's label of the workflow field ('Workflow ID', 'Tool ID') and its word in sentences. */
	workflowLabel: string;
	workflowNoun: string;
	/** Runs are addressed by workflow and run: run operations and lists need a Workflow ID. */
	needsWorkflowId: boolean;
	/** Node parameters a Retry item needs besides Run ID (and the item parameters), where the provider offers Retry. */
	retryParameters?: Record<string, unknown>;
	/** Patterns of the node's requests, to find them in the fake's log and aim faults at them. */
	paths: {
		/** A read of this run (matched against the raw path with its query). */
		run(runId: string): RegExp;
		/** A cancel (matched against the path). */
		cancel: RegExp;
		/** A start (matched against the path of a POST). */
		start: RegExp;
		/** A page of a run list (matched against the raw path). */
		list: RegExp;
	};
	/** Its words for finished runs and the normalized status of each. */
	finals: Array<{ word: string; status: 'succeeded' | 'failed' | 'partial' | 'cancelled' | 'skipped' }>;
	/**
	 * The requests after a cancel's POST that make its item complete (`METHOD rawPath`), where the
	 * answer to a cancel names no run; absent: none (the answer is the run).
	 */
	cancelAfter?(runId: string): string[];
	/**
	 * Where a failed run's error message is not in the run object: the one read of the run for it
	 * (`METHOD rawPath`), made once when the run is first seen failed; absent: no such read.
	 */
	errorRead?(runId: string): string;
	/** Where the provider has a queued status: its word (runs seeded with `startAfterMs` show it). */
	queuedWord?: string;
	/** Start as the provider offers it; absent: it does not (the node refuses Start with its advice). */
	start?: {
		/** The path a start is sent to (raw, as the fake records it). */
		path(workflowId: string): string;
		/** The exact JSON body of a start. */
		body(inputs: object, runId?: string): object;
		/** The run IDs the node chooses; absent: the provider takes no client run ID. */
		runId?: RegExp;
		/** A New Run ID the provider accepts. */
		ownRunId?: string;
		/** What the node's "already taken" error says of the answer to a start with a taken run ID (default '409'). */
		takenAnswer?: string;
		/** The requests besides the start (`METHOD rawPath`) that a start makes, e.g. a read where the answer names the run only. */
		after(runId: string): string[];
		/** The inputs as the fake stored them on a started run. */
		storedInputs(run: Record<string, unknown>): unknown;
		/** Workflow Version: the body field and [given, sent] pairs; absent: no versions. */
		versions?: { field: string; cases: Array<[string, string | number]> };
		/** Where workflows may be discoverable (shared): the node parameters that say so and the path such a start goes to. */
		discoverable?: { parameters: Record<string, unknown>; path(workflowId: string): string };
	};
	list: {
		/** The page size the node asks for when it wants every run (Return All). */
		pageSize: number;
		/**
		 * The page number (from 1) and size a list request asked for. `previous`: the page before it in
		 * the same walk, with its answer's JSON body (a cursor is checked against the answer that gave it;
		 * a request that follows no answer's continuation gets page -1).
		 */
		pageOf(query: URLSearchParams, previous?: { page: number; answer: unknown }): { page: number; size: number };
		/** A normalized status the provider has no word for. */
		lacking: string;
		/** The query parameter that carries Started After to the server; absent: only the node filters. */
		startedAfterParam?: string;
		/**
		 * How the next page is asked for: by an offset moved by the runs received ('offset'), by
		 * the next page number at the page size the server reports ('page'), or by the cursor the
		 * previous answer gave ('cursor', which carries the size the server served).
		 */
		continuation: 'offset' | 'page' | 'cursor';
		/**
		 * Status words a list without a status filter leaves out: a walk of every status also walks
		 * the list of each of them (its requests carry `status=<word>`). Absent: none.
		 */
		hiddenWords?: string[];
		/** A 200 answer holding an empty page (body and extra headers), as the server writes it. */
		emptyPage: { body: unknown; headers?: Record<string, string> };
		/** The list of every workflow's runs: its path and the workflow filter it must not carry; absent: a workflow is required. */
		orgWide?: { path: string; workflowParam: string };
	};
	credential: {
		/** The header that carries the API key, and its value for a key. */
		header: string;
		value(apiKey: string): string;
		/** A base URL on the fake's host where the API is not (the Test button must fail with 404). */
		wrongBaseUrl(baseUrl: string): string;
	};
	trigger: {
		/** What the trigger tests watch: a workflow ID ('' = every run the key sees) and a label. */
		scopes: Array<{ workflowId: string; label: string }>;
		/** How many status words a poll lists unfinished runs by, where the server filters by status. */
		unfinishedWords: number;
		/** The server filters a list of this workflow ('' = every workflow) by status. */
		filtersStatus(workflowId: string): boolean;
	};
	output: {
		/** Puts the fake in a mode where it keeps run results, where that is a mode. */
		keep?(fake: F): void;
		/** The output of a finished run whose result is `result`; `partial`: the output holds it among other things. */
		of(result: object): { value: object; partial: boolean };
		/** The requests of a Get with Include Output of a finished run (`METHOD rawPath`). */
		getRequests(runId: string, workflowId: string): string[];
		/** A plain read (no Include Output) never carries the output. */
		notInPlainRead: boolean;
		/** A run that has not finished shows partial output rather than none. */
		partialWhileRunning: boolean;
	};
}

export const minutesAgo = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();

/** A random UUID (version 4), as run IDs the node chooses are. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The pattern of a read of one run at `/<collection>/<runId>` (the raw path, with or without a query). */
export const runReadPath =
	(collection: string) =>
	(runId: string): RegExp =>
		new RegExp(`/${collection}/${encodeURIComponent(runId).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\?|$)`);

/**
 * The request patterns of an API that keeps runs under `/runs`: a read at `/runs/<runId>`, a
 * cancel at `…/cancel`, a start at `…/run` or `…/runs`, a list at `…/runs`.
 */
export const runsPaths = (): ProviderExpectations['paths'] => ({
	run: runReadPath('runs'),
	cancel: /\/cancel$/,
	start: /\/runs?$/,
	list: /\/runs(\?|$)/,
});

/** An API key sent as `Authorization: Bearer <key>`; `wrongBaseUrl` as in ProviderExpectations. */
export const bearerCredential = (wrongBaseUrl: (baseUrl: string) => string): ProviderExpectations['credential'] => ({
	header: 'authorization',
	value: (apiKey) => `Bearer ${apiKey}`,
	wrongBaseUrl,
});
