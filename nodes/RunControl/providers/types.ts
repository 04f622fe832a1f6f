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
	/**
	 * The provider's own addressing fields, as its `readFields` read them from the item (e.g. whether
	 * a workflow is one's own or shared); {} for a run found in a list or for a provider without such fields.
	 */
	fields: IDataObject;
}

/** A request relative to the credential's base URL; path segments are already encoded. */
export interface ProviderRequest {
	method: 'GET' | 'POST';
	path: string;
	qs?: Record<string, string>;
	/** A JSON body (sent as application/json). */
	body?: IDataObject;
	/** How long the request may take (ms), where the provider answers only when the work is done; default: the transport's. */
	timeoutMs?: number;
}

/** What a request was for, as an error answer to it is explained. */
export type RequestAction = 'read' | 'output' | 'cancel' | 'list' | 'start' | 'retry';

/** Plain words for an error answer: the message (after "<provider>: ") and what to do. */
export interface Explained {
	/** Replaces the node's message (after the provider's name); absent: the node's own message. */
	message?: string;
	/** Said after the node's own message, where `message` is absent: "…was refused (403): <reason>". */
	reason?: string;
	hint: string;
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

/** An error answer's own code and request ID, where the provider's error shape has them. */
export interface ErrorFacts {
	/** The provider's business code (e.g. B3OS 400079), when it is not just the HTTP status. */
	code?: string;
	requestId?: string;
}

/** What a Start asks for. */
export interface StartInput {
	workflowId: string;
	inputs: IDataObject;
	/** '' = the provider's default version. */
	version: string;
	/** The client-chosen run ID, where the provider takes one. */
	runId?: string;
	/** The provider's own fields of the item (see RunRef.fields). */
	fields: IDataObject;
}

/** One page of a run list. */
export interface ListQuery {
	/** '' = every workflow (where the provider lists org-wide). */
	workflowId: string;
	/** A provider status word to filter on, server side. */
	status?: string;
	/** ISO time, inclusive (sent only where the provider filters by it). */
	startedAfter?: string;
	/** ISO time, exclusive (sent only where the provider filters by it). */
	startedBefore?: string;
	/** The most runs asked for; a server may serve fewer. */
	pageSize: number;
	/** The previous page's `next`; undefined for the first page. */
	next?: unknown;
}

export interface ListPage {
	runs: IDataObject[];
	/** Where the next page starts (opaque; only the provider reads it); undefined: the list ended. */
	next?: unknown;
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
 * Everything that differs between providers lives behind this interface, one folder each
 * (providers/<name>/index.ts, beside its credential): paths, envelope, status words, facts, error
 * bodies, paging, output, and the provider's own fields in the node's UI and how they are read.
 * Nothing outside `providers/` branches on a provider.
 */
export interface Provider {
	name: string;
	/** The brand as written in messages (its own case, even lower-case). */
	displayName: string;
	/** The provider's entry in the node's Provider list (n8n's lint wants title case). */
	option: { name: string; description: string };
	credentialType: string;
	/** The cloud API's base URL (the credential's default). */
	defaultBaseUrl: string;
	/** The provider addresses a run by workflow and run (else by run alone). */
	needsWorkflowId: boolean;
	/** What to check when a run is not found, for a sentence "Check … and the base URL". */
	notFoundCheck: string;
	/** The provider has a `waiting` status (paused run) that a wait may stop at. */
	hasWaitingStatus: boolean;
	/** Fields of the node shown only for this provider (the registry adds the display condition). */
	fields: INodeProperties[];
	/**
	 * Reads this provider's own fields for one item into RunRef.fields / StartInput.fields
	 * (`param(name, fallback)` is the item's parameter); none: the refs carry {}.
	 */
	readFields?(param: (name: string, fallback: unknown) => unknown): IDataObject;
	/** What the UI calls a run's workflow (e.g. 'Workflow ID', or 'Tool ID' where runs are of tools). */
	workflowLabel: string;
	/** The same as a word for sentences: 'workflow', 'tool'. */
	workflowNoun: string;
	/** Lower-case provider word → normalized status. */
	statuses: Readonly<Record<string, RunStatus>>;
	getRun(ref: RunRef, credentials: ICredentialDataDecryptedObject): ProviderRequest;
	cancelRun(ref: RunRef, credentials: ICredentialDataDecryptedObject): ProviderRequest;
	/** The provider's own message in an error answer's body, or undefined. */
	errorMessage(body: unknown): string | undefined;
	/**
	 * Plain words for an error answer that the generic wording would get wrong (a route an older
	 * server version lacks, the permission a 403 is about); undefined: the generic wording.
	 */
	explainError?(failure: { action: RequestAction; statusCode: number; message: string | undefined }): Explained | undefined;
	/** The run object with any envelope removed, or undefined when the body holds no run. */
	unwrap(body: unknown): IDataObject | undefined;
	facts(run: IDataObject): RunFacts;
	/**
	 * What a documented error body says besides its message: the provider's own error code and the
	 * request ID its support asks for (B3OS). Undefined: the provider documents neither.
	 */
	errorFacts?(body: unknown, headers: Record<string, unknown>): ErrorFacts;
	/**
	 * A run may be the very execution the node runs in (the provider is the instance running this
	 * workflow): Cancel refuses to stop that one, and the trigger never fires on its own workflow's runs.
	 */
	mayBeSelf?: boolean;
	/** HTTP statuses a cancel answers with when the run cannot be cancelled (already finished). */
	cancelConflictStatuses: readonly number[];
	/**
	 * Operations (their values, e.g. 'start', or 'trigger' for the Run Control Trigger) the provider
	 * does not offer, each with the advice shown instead; absent: it offers them all.
	 */
	notOffered?: Readonly<Record<string, string>>;
	/** How runs are started; absent only where `notOffered` names 'start'. */
	start?: {
		/**
		 * A new client-chosen run ID (the provider's idempotency key), or undefined when the
		 * provider takes none: then a start is never sent twice.
		 */
		newRunId?: () => string;
		/** Why a user-given run ID cannot be used, or undefined when it can. */
		checkRunId?: (runId: string) => string | undefined;
		/**
		 * What a refused start says about its run ID: `duplicate` (the ID is taken: on a retried
		 * start, our own earlier try created the run), `invalidRunId`, or undefined (anything else).
		 */
		refusal?: (statusCode: number, body: unknown) => 'duplicate' | 'invalidRunId' | undefined;
		/** The provider runs a given workflow version. */
		hasVersion: boolean;
		/** Why a user-given version cannot be sent, or undefined when it can. */
		checkVersion?: (version: string) => string | undefined;
		request(input: StartInput, credentials: ICredentialDataDecryptedObject): ProviderRequest;
		/** The run (or only its ID) from a 2xx answer; undefined when it holds neither. */
		answer(body: unknown): { run?: IDataObject; runId?: string } | undefined;
	};
	/**
	 * Retry of a run (a new run from where the old one failed, or from a step), or undefined where
	 * the provider has none: then the Retry operation is not offered, and a saved one fails before
	 * any request.
	 */
	retry?: {
		/** The provider replays from a step the user names (the Step Key parameter). */
		needsStepKey: boolean;
		/** `waitTimeoutMs`: the wait options' timeout (0 = none), for a provider whose retry answers only when the new run ends. */
		request(ref: RunRef, input: { stepKey: string; waitTimeoutMs: number }, credentials: ICredentialDataDecryptedObject): ProviderRequest;
		/** The new run (or only its ID) from a 2xx answer; undefined when it names none. */
		answer(body: unknown): { run?: IDataObject; runId?: string } | undefined;
		/** HTTP statuses that may mean "this run cannot be retried": the run is then read. */
		refusalStatuses: readonly number[];
		/**
		 * Whether such an answer means "cannot be retried" for a run that has finished too (true), or
		 * only for a run still going (false: for a finished run the answer is an error, e.g. a wrong step).
		 */
		refusesFinished: boolean;
	};
	list: {
		/** The largest page asked for. */
		pageSize: number;
		/** Whether the server filters by status for this workflow ('' = all workflows). */
		filtersStatus(workflowId: string): boolean;
		/** Whether the server applies `startedAfter`. */
		filtersStartedAfter: boolean;
		/**
		 * Whether a list entry says everything a read of the run says that the normalized item and
		 * Include Raw Run show (superglue: entries are whole run objects); false: a run seen in a
		 * list is read on its own where its item is output (B3OS `RunListItem` is smaller than a read).
		 */
		entryIsRun: boolean;
		/**
		 * Status words a list without a status filter leaves out (each must be asked for on its own):
		 * every walk of all statuses lists each of them as well, merged newest first. Absent: none.
		 */
		hiddenUnlessAsked?: readonly string[];
		/**
		 * Whether an error answer to a list with a status word says the server does not know that word
		 * (an older version): that status then has no runs there, as for a word the provider lacks.
		 */
		unknownStatus?(statusCode: number, body: unknown): boolean;
		request(query: ListQuery, credentials: ICredentialDataDecryptedObject): ProviderRequest;
		/** The runs of a 2xx answer and where the next page starts; undefined when it holds no list. */
		page(body: unknown, headers: Record<string, unknown>, query: ListQuery): ListPage | undefined;
	};
	/**
	 * A read that carries a failed run's error where the run object lacks it (a heavier read): made
	 * once per run, when the run is first seen failed, never to poll. Absent: the run object has it.
	 */
	errorRead?(ref: RunRef, credentials: ICredentialDataDecryptedObject): ProviderRequest;
	output: {
		/** A read whose run object carries the output (e.g. a full rather than summary read)… */
		read?(ref: RunRef, credentials: ICredentialDataDecryptedObject): ProviderRequest;
		/**
		 * …and the output taken from that run object (undefined: none). Where a run object already
		 * in hand gives one (not null), that read is skipped.
		 */
		fromRead?(run: IDataObject): unknown;
		/** The outputNote of a finished run the read gave no output for (default: "<provider> gives no result for this run."). */
		noneNote?: string;
		/** Why a finished run read that way gives no output, in one sentence (undefined: the generic one). */
		noteFromRead?(run: IDataObject): string | undefined;
		/** A separate results request. */
		results?(ref: RunRef, credentials: ICredentialDataDecryptedObject): ProviderRequest;
		/** The output from the results answer (any status). */
		fromResults?(statusCode: number, body: unknown): OutputAnswer;
	};
}
