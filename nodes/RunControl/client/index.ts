import type { ICredentialDataDecryptedObject, IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { normalizeRun } from '../providers';
import type { NormalizedRun, Provider, ProviderRequest, RunRef } from '../providers';
import { trimSlashes } from '../providers/fields';
import { NetworkFailure, Transport } from '../transport';
import type { Connection, HttpHost, Reply, RetryKind, Stopper } from '../transport';
import { apiError, httpError, networkError, snippet } from './errors';
import type { Scope, Subject } from './errors';
import { waitForRun } from './wait';

/** One run to act on, and the input item it came from (errors name it). */
export interface Target {
	ref: RunRef;
	itemIndex: number;
}

export interface ReadRun {
	run: NormalizedRun;
	raw: IDataObject;
}

export interface Watched {
	run: NormalizedRun | undefined;
	raw: IDataObject | undefined;
	/** The `wait` block of the output item. */
	wait: { polls: number; waitedMs: number; timedOut: boolean };
}

export interface WatchSettings {
	pollIntervalMs: number;
	/** 0 = no limit. */
	timeoutMs: number;
}

function subject(target: Target): Subject {
	return { runId: target.ref.runId, workflowId: target.ref.workflowId, itemIndex: target.itemIndex };
}

/**
 * The run client: what the operations (and the trigger) do with runs, in provider-neutral calls:
 * read, cancel, watch. It builds each request from the provider file, sends it through the
 * transport, and words every HTTP failure in plain language. Operations never touch the transport.
 */
export class RunClient {
	private readonly scope: Scope;

	private constructor(
		readonly provider: Provider,
		private readonly credentials: ICredentialDataDecryptedObject,
		private readonly conn: Connection,
		private readonly transport: Transport,
		readonly stopper: Stopper,
		readonly operation: string,
		readonly node: INode,
		secret: string,
	) {
		this.scope = { node, provider, baseUrl: conn.baseUrl, host: conn.host, secret };
	}

	/** A client for one execution; the credential's base URL is checked before any request. */
	static open(
		host: HttpHost,
		node: INode,
		provider: Provider,
		credentials: ICredentialDataDecryptedObject,
		settings: { operation: string; concurrency: number; stopper: Stopper },
	): RunClient {
		const name = provider.displayName;
		const baseUrl = trimSlashes(String(credentials.baseUrl ?? '').trim());
		const url = parseUrl(baseUrl);
		const problem =
			url === undefined
				? 'it is not a URL'
				: url.protocol !== 'http:' && url.protocol !== 'https:'
					? `it must start with http:// or https://, not ${url.protocol}//`
					: url.username !== '' || url.password !== ''
						? 'it must not contain a user name or password (the API key goes in its own field)'
						: url.search !== '' || url.hash !== ''
							? 'it must not contain a query (?) or fragment (#)'
							: undefined;
		if (problem !== undefined || url === undefined) {
			throw new NodeOperationError(node, `The Base URL in the ${name} credential is not valid: ${problem}`, {
				description: `Set the Base URL field of the ${name} credential to the API address, e.g. ${provider.defaultBaseUrl}.`,
				itemIndex: 0,
			});
		}
		const conn: Connection = { credentialType: provider.credentialType, baseUrl, host: url.host, label: name };
		const transport = new Transport(host, settings.concurrency, settings.stopper);
		const secret = String(credentials.apiKey ?? '').trim();
		return new RunClient(provider, credentials, conn, transport, settings.stopper, settings.operation, node, secret);
	}

	/** Sends a request; an answer without reply becomes a plain-words error naming the run. */
	private async send(request: ProviderRequest, target: Target, retry: RetryKind, deadline?: number): Promise<Reply> {
		try {
			return await this.transport.send(this.conn, request, { retry, deadline });
		} catch (error) {
			if (error instanceof NetworkFailure) throw networkError(this.scope, error, subject(target));
			throw error;
		}
	}

	/** The run object from a 2xx answer, or a clear error when the answer holds none. */
	private runFromReply(target: Target, reply: Reply): ReadRun {
		const name = this.provider.displayName;
		const raw = reply.isJson ? this.provider.unwrap(reply.body) : undefined;
		if (!raw) {
			const what = reply.isJson ? 'holds no run' : 'is not JSON';
			const began = reply.text.trim() === '' ? 'It was empty.' : `It began: ${snippet(reply.text, this.scope.secret)}`;
			throw apiError(
				this.scope,
				`${name}: the answer for run '${target.ref.runId}' ${what} (HTTP ${reply.statusCode})`,
				`${began} Check that the base URL in the ${name} credential (${this.conn.baseUrl}) points at the ${name} API.`,
				subject(target),
				reply.statusCode,
			);
		}
		return { run: normalizeRun(this.provider, this.operation, target.ref, raw, Date.now()), raw };
	}

	/** Reads the run's current state. */
	async read(target: Target, deadline?: number): Promise<ReadRun> {
		const reply = await this.send(this.provider.getRun(target.ref, this.credentials), target, 'read', deadline);
		if (reply.statusCode < 200 || reply.statusCode >= 300) throw httpError(this.scope, reply, subject(target));
		return this.runFromReply(target, reply);
	}

	/**
	 * Asks the provider to cancel the run. An answer that says the run cannot be cancelled
	 * (superglue 400, B3OS 409, Cortex 4xx) is checked by reading the run: a finished run comes back
	 * with `alreadyFinished`, anything else is the error it is.
	 */
	async cancel(target: Target): Promise<{ state: ReadRun; alreadyFinished: boolean }> {
		const reply = await this.send(this.provider.cancelRun(target.ref, this.credentials), target, 'write');
		if (reply.statusCode >= 200 && reply.statusCode < 300) {
			const state = reply.text.trim() === '' ? await this.read(target) : this.runFromReply(target, reply);
			return { state, alreadyFinished: state.run.finished && state.run.status !== 'cancelled' };
		}
		if (this.provider.cancelConflictStatuses.includes(reply.statusCode)) {
			const state = await this.read(target);
			if (!state.run.finished) throw httpError(this.scope, reply, subject(target));
			// A cancel retried after a server error may find the run cancelled by its own first try.
			return { state, alreadyFinished: !(reply.attempts > 1 && state.run.status === 'cancelled') };
		}
		throw httpError(this.scope, reply, subject(target));
	}

	/** Watches the run until `isDone`, the timeout or Stop, through the one wait loop. */
	async watch(
		target: Target,
		isDone: (run: NormalizedRun) => boolean,
		settings: WatchSettings,
		first?: ReadRun,
	): Promise<Watched> {
		let raw = first?.raw;
		const result = await waitForRun(
			async (deadline) => {
				const read = await this.read(target, deadline);
				raw = read.raw;
				return read.run;
			},
			{ ...settings, isDone },
			this.stopper,
			first?.run,
		);
		return {
			run: result.run,
			raw,
			wait: { polls: result.polls, waitedMs: result.waitedMs, timedOut: result.timedOut },
		};
	}
}

function parseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}
