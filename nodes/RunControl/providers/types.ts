import type { ICredentialDataDecryptedObject, IDataObject, INodeProperties } from 'n8n-workflow';

/** The normalized run statuses of the public contract. */
export type RunStatus =
	| 'queued'
	| 'running'
	| 'waiting'
	| 'succeeded'
	| 'partial'
	| 'failed'
	| 'cancelled'
	| 'skipped'
	| 'unknown';

/** Which run to act on, as the user gave it. */
export interface RunRef {
	runId: string;
	workflowId: string;
	workflowSource: 'own' | 'discoverable';
}

/** A request relative to the credential's base URL; path segments are already encoded. */
export interface ProviderRequest {
	method: 'GET' | 'POST';
	path: string;
	qs?: Record<string, string>;
	/** A JSON body (sent as application/json). */
	body?: IDataObject;
}

/** What a provider's run object says, before normalization. */
export interface RunFacts {
	runId?: unknown;
	workflowId?: unknown;
	providerStatus: unknown;
	startedAt?: unknown;
	finishedAt?: unknown;
	durationMs?: unknown;
	error?: unknown;
	output?: unknown;
	cost?: unknown;
}

/** What a Start asks for. */
export interface StartInput {
	workflowId: string;
	inputs: IDataObject;
	/** '' = the provider's default version. */
	version: string;
	/** The client-chosen run ID, where the provider takes one. */
	runId?: string;
	discoverable: boolean;
}

/** One page of a run list. */
export interface ListQuery {
	/** '' = every workflow (where the provider lists org-wide). */
	workflowId: string;
	/** A provider status word to filter on, server side. */
	status?: string;
	/** From 1. */
	page: number;
	pageSize: number;
	/** ISO time, inclusive (sent only where the provider filters by it). */
	startedAfter?: string;
}

export interface ListPage {
	runs: IDataObject[];
	/** Whether another page follows; undefined: unknown (read on until an empty page). */
	more: boolean | undefined;
	/** How many runs the whole list holds, where the server says (superglue `total`, Cortex `pagination-count`). */
	total?: number;
}

/** What the provider says about a run's result where the run object lacks it. */
export interface OutputAnswer {
	output: unknown;
	/** Why `output` is null, in one sentence; null when it is not. */
	note: string | null;
}

/**
 * Everything that differs between providers lives behind this interface, one small file each:
 * paths, envelope, status words, facts, and the provider's own fields in the node's UI.
 * Nothing outside `providers/` branches on a provider.
 */
export interface Provider {
	name: string;
	/** The brand as written in messages (lower-case "superglue" included). */
	displayName: string;
	/** The provider's entry in the node's Provider list (n8n's lint wants title case). */
	option: { name: string; description: string };
	credentialType: string;
	/** The cloud API's base URL (the credential's default). */
	defaultBaseUrl: string;
	/** Cortex addresses a run by workflow and run; the others by run alone. */
	needsWorkflowId: boolean;
	/** The provider has a `waiting` status (paused run) that a wait may stop at. */
	hasWaitingStatus: boolean;
	/** Fields of the node shown only for this provider (the registry adds the display condition). */
	fields: INodeProperties[];
	/** What the UI calls a run's workflow: superglue runs tools. */
	workflowLabel: 'Tool ID' | 'Workflow ID';
	/** Lower-case provider word → normalized status. */
	statuses: Readonly<Record<string, RunStatus>>;
	getRun(ref: RunRef, credentials: ICredentialDataDecryptedObject): ProviderRequest;
	cancelRun(ref: RunRef, credentials: ICredentialDataDecryptedObject): ProviderRequest;
	/** The run object with any envelope removed, or undefined when the body holds no run. */
	unwrap(body: unknown): IDataObject | undefined;
	facts(run: IDataObject): RunFacts;
	/** HTTP statuses a cancel answers with when the run cannot be cancelled (already finished). */
	cancelConflictStatuses: readonly number[];
	start: {
		/**
		 * A new client-chosen run ID (the provider's idempotency key), or undefined when the
		 * provider takes none: then a start is never sent twice.
		 */
		newRunId?: () => string;
		/** Why a user-given run ID cannot be used, or undefined when it can. */
		checkRunId?: (runId: string) => string | undefined;
		/** The answer to a start whose run ID is taken. */
		duplicateStatus?: number;
		/** The provider runs a given workflow version. */
		hasVersion: boolean;
		/** Why a user-given version cannot be sent, or undefined when it can. */
		checkVersion?: (version: string) => string | undefined;
		request(input: StartInput, credentials: ICredentialDataDecryptedObject): ProviderRequest;
		/** The run (or only its ID) from a 2xx answer; undefined when it holds neither. */
		answer(body: unknown): { run?: IDataObject; runId?: string } | undefined;
	};
	list: {
		/** The largest page asked for. */
		pageSize: number;
		/** Whether the server filters by status for this workflow ('' = all workflows). */
		filtersStatus(workflowId: string): boolean;
		/** Whether the server applies `startedAfter`. */
		filtersStartedAfter: boolean;
		request(query: ListQuery, credentials: ICredentialDataDecryptedObject): ProviderRequest;
		/** The runs and paging of a 2xx answer; undefined when it holds no list. */
		page(body: unknown, headers: Record<string, unknown>, query: ListQuery): ListPage | undefined;
	};
	output: {
		/** A read whose run object carries the output (B3OS `summary=false`)… */
		read?(ref: RunRef, credentials: ICredentialDataDecryptedObject): ProviderRequest;
		/** …and the output taken from that run object (undefined: none). */
		fromRead?(run: IDataObject): unknown;
		/** A separate results request (superglue `/runs/{id}/results`). */
		results?(ref: RunRef, credentials: ICredentialDataDecryptedObject): ProviderRequest;
		/** The output from the results answer (any status). */
		fromResults?(statusCode: number, body: unknown): OutputAnswer;
	};
}
