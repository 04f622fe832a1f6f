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

export const minutesAgo = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();
