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
	/** Lower-case provider word → normalized status. */
	statuses: Readonly<Record<string, RunStatus>>;
	getRun(ref: RunRef, credentials: ICredentialDataDecryptedObject): ProviderRequest;
	cancelRun(ref: RunRef, credentials: ICredentialDataDecryptedObject): ProviderRequest;
	/** The run object with any envelope removed, or undefined when the body holds no run. */
	unwrap(body: unknown): IDataObject | undefined;
	facts(run: IDataObject): RunFacts;
	/** HTTP statuses a cancel answers with when the run cannot be cancelled (already finished). */
	cancelConflictStatuses: readonly number[];
}
