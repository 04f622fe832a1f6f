import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

export type ProviderName = 'superglue' | 'b3os' | 'cortex';

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
 * Everything that differs between providers lives behind this interface, one small file each.
 * Nothing outside `providers/` branches on the provider's name.
 */
export interface Provider {
	name: ProviderName;
	displayName: string;
	credentialType: string;
	/** The cloud API's base URL (the credential's default). */
	defaultBaseUrl: string;
	/** Cortex addresses a run by workflow and run; the others by run alone. */
	needsWorkflowId: boolean;
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
