import type { ICredentialDataDecryptedObject, IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { normalizeRun } from '../providers';
import type { ListQuery, NormalizedRun, Provider, ProviderRequest, RunRef, StartInput } from '../providers';
import { trimSlashes } from '../providers/fields';
import { MAX_FAILED_TRIES, NetworkFailure, StoppedError, Transport } from '../transport';
import type { Connection, HttpHost, Reply, RetryKind, Stopper } from '../transport';
import { apiError, httpError, networkError, providerSays, snippet, statusText } from './errors';
import type { Scope, Subject } from './errors';
import { mergeNewestFirst } from './merge';
import { waitForRun } from './wait';
import { Watcher } from './watcher';

/** One run to act on, and the input item it came from (errors name it). */
export interface Target {
	ref: RunRef;
	itemIndex: number;
}

export interface ReadRun {
	run: NormalizedRun;
	raw: IDataObject;
	/** Read with the provider's output read already (the provider's `output.read`). */
	withOutput?: boolean;
}

export interface Watched {
	run: NormalizedRun | undefined;
	raw: IDataObject | undefined;
	/** The `wait` block of the output item. */
	wait: { polls: number; waitedMs: number; timedOut: boolean };
}

/** A run with the result the provider gives for it (Include Output). */
export interface ReadRunWithOutput extends ReadRun {
	/** Why `run.output` is null, in one sentence; null when it is not. */
	outputNote: string | null;
}

/** Which runs to list (a provider status word, and a start-time bound where the server takes one). */
export interface ListSpec {
	workflowId: string;
	status?: string;
	/** ISO time, inclusive. */
	startedAfter?: string;
	/** The most runs the caller wants (a smaller page than the provider's largest); default: the largest. */
	pageSize?: number;
	/** Resume an earlier walk of the same list at page `page`, from the continuation the page before it gave. */
	from?: { page: number; next: unknown };
}

/** One walk of a list: what its pages showed so far, and the caller's page budget. */
export interface ListWalk {
	/** Pages read. */
	pages: number;
	/** How many lists the walk reads side by side: 1, or more where a provider lists some statuses apart. */
	lists: number;
	/** Every page so far was newest first by start time: only then may a walk stop early. */
	newestFirst: boolean;
	/** How many runs the list holds, where the server says. */
	total?: number;
	/** At most this many pages; a walk that cannot end within them ends with `complete` false. */
	maxPages?: number;
	complete: boolean;
	/** The number of the first page read (1, or where `ListSpec.from` resumed). */
	startPage: number;
	/** What each page read said about where the next starts: `after[i]` is page `startPage + i`'s. */
	after: unknown[];
}

export function newWalk(maxPages?: number): ListWalk {
	return { pages: 0, lists: 1, newestFirst: true, maxPages, complete: true, startPage: 1, after: [] };
}

/** The same continuation twice: the server did not move on. */
function sameNext(a: unknown, b: unknown): boolean {
	return b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

export interface WatchSettings {
	pollIntervalMs: number;
	/** 0 = no limit. */
	timeoutMs: number;
	/** The item shows the run object (Include Raw Run): its final state is a read's where a list entry is not a whole run. */
	includeRaw?: boolean;
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

	/** Every wait of this execution goes through it (per-run or list polling). */
	private readonly watcher: Watcher<ReadRun>;

	/** Failed runs' errors read so far (the provider's `errorRead`), by run ID: each is read once. */
	private readonly errors = new Map<string, string | null>();

	private constructor(
		readonly provider: Provider,
		private readonly credentials: ICredentialDataDecryptedObject,
		private readonly conn: Connection,
		private readonly transport: Transport,
		readonly stopper: Stopper,
		readonly operation: string,
		readonly node: INode,
		secret: string,
		/** The execution and workflow this node runs in (for providers whose runs may be it). */
		readonly self: SelfRef | undefined,
	) {
		this.scope = { node, provider, baseUrl: conn.baseUrl, host: conn.host, secret };
		this.watcher = new Watcher<ReadRun>({
			provider,
			stopper,
			walk: async (workflowId, visit, maxPages, from) => {
				const walk = newWalk(maxPages);
				let ended = false;
				for await (const read of this.list({ workflowId, from }, 0, walk)) {
					if (!visit({ run: read.run, state: read }, walk.newestFirst, walk.startPage + walk.pages - 1)) {
						ended = true;
						break;
					}
				}
				return { pages: walk.pages, complete: ended || walk.complete, startPage: walk.startPage, after: walk.after };
			},
		});
	}

	/** A client for one execution; the credential's base URL is checked before any request. */
	static open(
		host: HttpHost,
		node: INode,
		provider: Provider,
		credentials: ICredentialDataDecryptedObject,
		settings: { operation: string; concurrency: number; stopper: Stopper; self?: SelfRef },
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
		return new RunClient(provider, credentials, conn, transport, settings.stopper, settings.operation, node, secret, settings.self);
	}

	/** A warning for n8n's log (what the user may want to know about a walk). */
	note(message: string): void {
		this.transport.note(message);
	}

	/** Sends a request; an answer without reply becomes a plain-words error naming the run. */
	private async send(request: ProviderRequest, target: Target, retry: RetryKind, deadline?: number): Promise<Reply> {
		const sent = await this.transport.send(this.conn, request, { retry, deadline }).then(
			(reply) => ({ reply }),
			(error: unknown) => ({ error }),
		);
		if ('reply' in sent) return sent.reply;
		if (sent.error instanceof NetworkFailure) throw networkError(this.scope, sent.error, subject(target));
		throw sent.error;
	}

	/** The run object from a 2xx answer, or a clear error when the answer holds none. */
	private runFromReply(target: Target, reply: Reply, run?: IDataObject): ReadRun {
		const name = this.provider.displayName;
		const raw = run ?? (reply.isJson ? this.provider.unwrap(reply.body) : undefined);
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

	/** Reads the run's current state (with its output, where the provider reads it that way). */
	async read(target: Target, deadline?: number, withOutput = false): Promise<ReadRun> {
		const { output } = this.provider;
		const request =
			withOutput && output.read ? output.read(target.ref, this.credentials) : this.provider.getRun(target.ref, this.credentials);
		const reply = await this.send(request, target, 'read', deadline);
		if (reply.statusCode < 200 || reply.statusCode >= 300) throw httpError(this.scope, reply, { ...subject(target), action: withOutput && output.read ? 'output' : 'read' });
		const state = await this.withError(target, this.runFromReply(target, reply), deadline);
		return withOutput && output.read ? { ...state, withOutput: true } : state;
	}

	/**
	 * A run from a list, as it is output: a failed run whose list entry has no error message gets it
	 * from the provider's read that carries it (once per run), where the provider has one.
	 */
	completeError(read: ReadRun, itemIndex: number, workflowId = ''): Promise<ReadRun> {
		return this.withError({ ref: { runId: read.run.runId, workflowId: read.run.workflowId ?? workflowId, fields: {} }, itemIndex }, read);
	}

	/**
	 * A failed run whose run object has no error message, where the provider has a read that carries
	 * it: that read, once per run. If it fails, the run is shown without a message (the item stands).
	 */
	private async withError(target: Target, state: ReadRun, deadline?: number): Promise<ReadRun> {
		const { errorRead } = this.provider;
		if (!errorRead || state.run.status !== 'failed' || state.run.error !== null) return state;
		const runId = state.run.runId;
		let error = this.errors.get(runId);
		if (error === undefined) {
			const ref = { ...target.ref, runId };
			const reply = await this.send(errorRead(ref, this.credentials), { ...target, ref }, 'read', deadline).catch((failure: unknown) => {
				if (failure instanceof StoppedError) throw failure;
				return undefined;
			});
			const raw = reply && reply.statusCode >= 200 && reply.statusCode < 300 && reply.isJson ? this.provider.unwrap(reply.body) : undefined;
			error = raw ? normalizeRun(this.provider, this.operation, ref, raw, Date.now()).error : null;
			this.errors.set(runId, error);
		}
		return error === null ? state : { ...state, run: { ...state.run, error } };
	}

	/**
	 * Asks the provider to cancel the run. An answer that says the run cannot be cancelled
	 * (the provider's `cancelConflictStatuses`) is checked by reading the run: a finished run comes back
	 * with `alreadyFinished`, anything else is the error it is.
	 */
	async cancel(target: Target): Promise<{ state: ReadRun; alreadyFinished: boolean }> {
		await this.refuseSelf(target);
		const reply = await this.send(this.provider.cancelRun(target.ref, this.credentials), target, 'write');
		if (reply.statusCode >= 200 && reply.statusCode < 300) {
			// An answer that is not the run (empty, or only a status) is followed by a read.
			const answered = reply.isJson ? this.provider.unwrap(reply.body) : undefined;
			const state = answered ? this.runFromReply(target, reply, answered) : await this.read(target);
			return { state, alreadyFinished: state.run.finished && state.run.status !== 'cancelled' };
		}
		if (this.provider.cancelConflictStatuses.includes(reply.statusCode)) {
			const state = await this.read(target);
			if (!state.run.finished) throw httpError(this.scope, reply, { ...subject(target), action: 'cancel' });
			// A cancel retried after a server error may find the run cancelled by its own first try.
			return { state, alreadyFinished: !(reply.attempts > 1 && state.run.status === 'cancelled') };
		}
		throw httpError(this.scope, reply, { ...subject(target), action: 'cancel' });
	}

	/**
	 * Never cancels the execution this node runs in: where the provider's runs may be it, a run with
	 * this execution's ID is read, and if it is of this workflow too, the item fails before any cancel.
	 */
	private async refuseSelf(target: Target): Promise<void> {
		const self = this.self;
		if (!this.provider.mayBeSelf || !self || self.executionId === '' || target.ref.runId !== self.executionId) return;
		const state = await this.read(target);
		if (state.run.workflowId !== self.workflowId) return;
		throw new NodeOperationError(this.node, `${this.provider.displayName}: run '${target.ref.runId}' is the execution this node runs in; it was not cancelled`, {
			description: `Cancel never stops the execution it runs in (workflow '${self.workflowId}'). To end this execution, use a Stop And Error node; to cancel another run, check the Run ID expression.`,
			itemIndex: target.itemIndex,
		});
	}

	/**
	 * The run's result where the run object lacks it (Include Output): a provider either reads the
	 * run with its results (`output.read`), or asks a results request (`output.results`), or has it
	 * on the run already. A result
	 * that cannot be had leaves `output` null and says why; it never fails the item.
	 */
	async withOutput(target: Target, state: ReadRun): Promise<ReadRunWithOutput> {
		const { output } = this.provider;
		const name = this.provider.displayName;
		const notFinished = 'The run has not finished, so it has no result yet.';
		if (output.read) {
			const inHand = output.fromRead?.(state.raw);
			const read =
				state.withOutput || (inHand !== undefined && inHand !== null)
					? state
					: await this.read({ ...target, ref: { ...target.ref, runId: state.run.runId } }, undefined, true);
			const found = output.fromRead?.(read.raw);
			const value = found === undefined || found === null ? null : (found as NormalizedRun['output']);
			const note =
				value !== null
					? null
					: !read.run.finished
						? notFinished
						: (output.noteFromRead?.(read.raw) ?? output.noneNote ?? `${name} gives no result for this run.`);
			return { ...read, run: { ...read.run, output: value }, outputNote: note };
		}
		if (state.run.output !== null) return { ...state, outputNote: null };
		if (!output.results || !output.fromResults) {
			return { ...state, outputNote: state.run.finished ? `${name} gives no result for this run.` : notFinished };
		}
		if (!state.run.finished) return { ...state, outputNote: notFinished };
		const reply = await this.send(output.results({ ...target.ref, runId: state.run.runId }, this.credentials), target, 'read');
		const answer = output.fromResults(reply.statusCode, reply.body);
		const value = answer.output === undefined ? null : (answer.output as NormalizedRun['output']);
		return { run: { ...state.run, output: value }, raw: state.raw, outputNote: value === null ? answer.note : null };
	}

	/**
	 * Starts a run. Where the provider takes a client-chosen run ID, one is always sent, so a start
	 * whose answer was lost is sent again safely: a duplicate-ID answer to that retry means this very
	 * start happened (`alreadyStarted`). Without such a key the start is sent once, never again after
	 * it may have reached the server.
	 */
	async start(
		input: Omit<StartInput, 'runId'>,
		givenRunId: string,
		itemIndex: number,
		readWithOutput = false,
	): Promise<{ state: ReadRun; alreadyStarted: boolean }> {
		const { start, displayName: name } = this.provider;
		if (!start) {
			throw new NodeOperationError(this.node, `${name} has no Start operation`, { itemIndex, description: this.provider.notOffered?.start ?? '' });
		}
		const runId = start.newRunId ? givenRunId || start.newRunId() : undefined;
		const ref: RunRef = { runId: runId ?? '', workflowId: input.workflowId, fields: input.fields };
		const target: Target = { ref, itemIndex };
		const what = `${this.provider.workflowNoun} '${input.workflowId}'`;
		const about: Subject = { ...subject(target), what };
		const mayHaveStarted = runId
			? `Running the node again with New Run ID set to ${runId} is safe: it cannot start a second run.`
			: `The run may have started: check the workflow's runs in ${name} (or with Get Many) before starting it again.`;
		const request = start.request({ ...input, runId }, this.credentials);
		// An answer with the run ID only: read the run once, with its output when it is wanted.
		const withOutputRead = readWithOutput && this.provider.output.read !== undefined;
		const readBack = (runRef: RunRef) => this.read({ ...target, ref: runRef }, undefined, withOutputRead);
		// The transport retries only what certainly never reached the server (429, a connection never
		// made). A try that may have reached it (no answer, 5xx, 408) is sent again here, and only with
		// a run ID: then a duplicate-ID answer means one of our own earlier tries created the run.
		let reachedServer = false;
		let reply: Reply;
		for (let tries = 1; ; tries++) {
			const sent = await this.transport.send(this.conn, request, { retry: 'once' }).then(
				(answer) => ({ answer }),
				(error: unknown) => ({ error }),
			);
			const again = runId !== undefined && tries < MAX_FAILED_TRIES;
			if ('error' in sent) {
				if (!(sent.error instanceof NetworkFailure)) throw sent.error;
				const failure = sent.error;
				if (!failure.notSent) reachedServer = true;
				if (again && !failure.notSent) {
					await this.stopper.pause(retryPauseMs(tries));
					continue;
				}
				const count = tries > 1 ? `, ${tries} tries` : failure.attempts > 1 ? `, ${failure.attempts} tries` : '';
				// Without an idempotency key, a start that may have reached the server is never sent again.
				const unsure = !runId && !failure.notSent ? ', so the run may have started' : '';
				throw apiError(
					this.scope,
					`${name}: the start of ${what} got no answer (${failure.words}${count})${unsure}`,
					`${failure.notSent && !reachedServer ? 'The request never reached the server; nothing was started. ' : mayHaveStarted + ' '}Check the base URL in the ${name} credential, and that n8n can reach ${this.conn.host}.`,
					about,
				);
			}
			reply = { ...sent.answer, attempts: Math.max(tries, sent.answer.attempts) };
			if ((reply.statusCode >= 500 || reply.statusCode === 408) && again) {
				reachedServer = true;
				await this.stopper.pause(retryPauseMs(tries));
				continue;
			}
			break;
		}
		if (reply.statusCode >= 200 && reply.statusCode < 300) {
			const answer = reply.isJson ? start.answer(reply.body) : undefined;
			if (answer?.run && !withOutputRead) return { state: this.runFromReply({ ...target, ref: { ...ref, runId: runId ?? '' } }, reply, answer.run), alreadyStarted: false };
			if (answer?.run || answer?.runId) {
				const started = answer.run ? this.runFromReply(target, reply, answer.run).run.runId : (answer.runId as string);
				return { state: await readBack({ ...ref, runId: started }), alreadyStarted: false };
			}
			throw apiError(
				this.scope,
				`${name}: the answer to the start of ${what} holds no run (HTTP ${reply.statusCode})`,
				`${reply.text.trim() === '' ? 'It was empty.' : `It began: ${snippet(reply.text, this.scope.secret)}`} ${mayHaveStarted}`,
				about,
				reply.statusCode,
			);
		}
		const refusal = runId ? start.refusal?.(reply.statusCode, reply.body) : undefined;
		if (runId && refusal === 'duplicate') {
			// One of our own earlier tries created the run and its answer was lost: this start happened.
			if (reachedServer) return { state: await readBack(ref), alreadyStarted: true };
			throw apiError(
				this.scope,
				`${name}: the run ID '${runId}' is already taken (${statusText(this.scope, reply)})`,
				`A run with this ID exists, so nothing was started. Leave New Run ID empty to have the node choose a new ID, or give one that was never used. ${providerSays(this.scope, reply)}`,
				about,
				reply.statusCode,
			);
		}
		if (runId && refusal === 'invalidRunId') {
			throw apiError(
				this.scope,
				`${name}: the run ID '${runId}' is not valid (${statusText(this.scope, reply)})`,
				`${providerSays(this.scope, reply)} Nothing was started. ${givenRunId ? 'Give New Run ID in the form the provider takes, or leave it empty to have the node choose one.' : 'The node chose this ID itself: please report this.'}`,
				about,
				reply.statusCode,
			);
		}
		const error = httpError(this.scope, reply, { ...about, action: 'start' });
		if (!runId && (reply.statusCode >= 500 || reply.statusCode === 408)) {
			// The server may have created the run before it failed: the user must check before starting again.
			throw apiError(
				this.scope,
				`${error.message} on the start of ${what}, so the run may have started`,
				`${error.description ?? ''} ${mayHaveStarted}`,
				about,
				reply.statusCode,
			);
		}
		throw error;
	}

	/**
	 * Retries the run (a new run). A retry is a POST that creates something and has no idempotency
	 * key: it is sent once, never again after it may have reached the server; a lost answer is an
	 * error that says the run may have been retried. An answer that the run cannot be retried
	 * (the provider's `refusalStatuses`) is checked by reading the run: `retried: false` with its state.
	 */
	async retry(target: Target, stepKey: string, waitTimeoutMs: number): Promise<{ state: ReadRun; retried: boolean }> {
		const { retry, displayName: name } = this.provider;
		const runName = `run '${target.ref.runId}'${this.provider.needsWorkflowId ? ` of workflow '${target.ref.workflowId}'` : ''}`;
		if (!retry) throw apiError(this.scope, `${name} cannot retry a run`, `Use Start with the run's inputs to run it again.`, subject(target));
		const request = retry.request(target.ref, { stepKey, waitTimeoutMs }, this.credentials);
		const mayHaveRetried = `Check the runs of its workflow in ${name} (or with Get Many) before retrying it again.`;
		const sent = await this.transport.send(this.conn, request, { retry: 'once' }).then(
			(answer) => ({ answer }),
			(error: unknown) => ({ error }),
		);
		if ('error' in sent) {
			if (!(sent.error instanceof NetworkFailure)) throw sent.error;
			const failure = sent.error;
			if (failure.notSent) throw networkError(this.scope, failure, subject(target));
			throw apiError(
				this.scope,
				`${name}: the retry of ${runName} got no answer (${failure.words}), so the run may have been retried`,
				`${mayHaveRetried} Check the base URL in the ${name} credential, and that n8n can reach ${this.conn.host}.`,
				subject(target),
			);
		}
		const reply = sent.answer;
		if (reply.statusCode >= 200 && reply.statusCode < 300) {
			const answer = reply.isJson ? retry.answer(reply.body) : undefined;
			if (answer?.run) {
				const raw = answer.run;
				const runId = String(this.provider.facts(raw).runId ?? '');
				return { state: this.runFromReply({ ...target, ref: { ...target.ref, runId } }, reply, raw), retried: true };
			}
			if (answer?.runId) return { state: await this.read({ ...target, ref: { ...target.ref, runId: answer.runId } }), retried: true };
			throw apiError(
				this.scope,
				`${name}: the answer to the retry of ${runName} holds no run (HTTP ${reply.statusCode}), so the run may have been retried`,
				`${reply.text.trim() === '' ? 'It was empty.' : `It began: ${snippet(reply.text, this.scope.secret)}`} ${mayHaveRetried}`,
				subject(target),
				reply.statusCode,
			);
		}
		if (retry.refusalStatuses.includes(reply.statusCode)) {
			const state = await this.read(target);
			if (retry.refusesFinished || !state.run.finished) return { state, retried: false };
		}
		const error = httpError(this.scope, reply, subject(target));
		if (reply.statusCode >= 500 || reply.statusCode === 408) {
			// The server may have started the new run before it failed.
			throw apiError(this.scope, `${error.message} on the retry, so the run may have been retried`, `${error.description ?? ''} ${mayHaveRetried}`, subject(target), reply.statusCode);
		}
		throw error;
	}

	/**
	 * Every run of a list, page after page as the provider's pages say where the next one starts,
	 * until the list ends or the caller stops reading. A run that a shifting page shows twice comes
	 * once. `walk` tells the caller what the pages so far showed: whether every page was newest first
	 * by start time (only then may a walk stop at the first run older than it needs). Where the
	 * provider's list without a status leaves some statuses out, each of those is listed on its own
	 * as well (before the plain list: they hold unfinished runs), and merged in, newest first. Such a
	 * merged walk starts at the top (`spec.from` is not followed): a run that finishes moves from one
	 * list into the other at a place no earlier page tells, so no page can be skipped.
	 */
	list(spec: ListSpec, itemIndex: number, walk: ListWalk = newWalk()): AsyncGenerator<ReadRun> {
		const hidden = spec.status === undefined ? (this.provider.list.hiddenUnlessAsked ?? []) : [];
		if (hidden.length === 0) return this.listOne(spec, itemIndex, walk);
		const top: ListSpec = { ...spec, from: undefined };
		walk.lists = hidden.length + 1;
		return mergeNewestFirst([...hidden.map((status) => ({ ...top, status })), top].map((one) => this.listOne(one, itemIndex, walk)));
	}

	/** One list (one status word, or none), page after page. */
	private async *listOne(spec: ListSpec, itemIndex: number, walk: ListWalk): AsyncGenerator<ReadRun> {
		const { list, displayName: name } = this.provider;
		const target: Target = { ref: { runId: '', workflowId: spec.workflowId, fields: {} }, itemIndex };
		const what = spec.workflowId ? `${this.provider.workflowNoun} '${spec.workflowId}'` : 'the run list';
		const pageSize = Math.max(1, Math.min(list.pageSize, Math.floor(spec.pageSize ?? Infinity)));
		const seen = new Set<string>();
		let pagesWithoutNews = 0;
		let next: unknown = spec.from?.next;
		walk.startPage = spec.from?.page ?? 1;
		let lastStart: number | undefined;
		for (;;) {
			const query: ListQuery = {
				workflowId: spec.workflowId,
				status: spec.status,
				pageSize,
				startedAfter: list.filtersStartedAfter ? spec.startedAfter : undefined,
				next,
			};
			const reply = await this.send(list.request(query, this.credentials), target, 'read');
			walk.pages++;
			// An older server that does not know this status word: it has no runs in that status.
			if (spec.status !== undefined && reply.statusCode >= 400 && reply.statusCode < 500 && list.unknownStatus?.(reply.statusCode, reply.body)) return;
			if (reply.statusCode < 200 || reply.statusCode >= 300) throw httpError(this.scope, reply, { ...subject(target), what, action: 'list' });
			const parsed = reply.isJson ? list.page(reply.body, reply.headers, query) : undefined;
			if (!parsed) {
				throw apiError(
					this.scope,
					`${name}: the answer for ${spec.workflowId ? `the runs of ${what}` : what} holds no run list (HTTP ${reply.statusCode})`,
					`${reply.text.trim() === '' ? 'It was empty.' : `It began: ${snippet(reply.text, this.scope.secret)}`} Check that the base URL in the ${name} credential (${this.conn.baseUrl}) points at the ${name} API.`,
					{ ...subject(target), what },
					reply.statusCode,
				);
			}
			if (parsed.total !== undefined) walk.total = parsed.total;
			walk.after.push(parsed.next);
			const fresh: ReadRun[] = [];
			for (const raw of parsed.runs) {
				const run = normalizeRun(this.provider, this.operation, target.ref, raw, Date.now());
				if (seen.has(run.runId)) continue;
				seen.add(run.runId);
				fresh.push({ run, raw });
			}
			// Newest first by start time, within the page and from the previous page on (runs without one aside).
			for (const { run } of fresh) {
				const at = run.startedAt === null ? undefined : Date.parse(run.startedAt);
				if (at === undefined) continue;
				if (lastStart !== undefined && at > lastStart && walk.newestFirst) {
					walk.newestFirst = false;
					this.transport.note(
						`${name}: the list of ${spec.workflowId ? `the runs of ${what}` : 'runs'} is not newest first by start time; walks that would stop early read it whole.`,
					);
				}
				lastStart = at;
			}
			// A failed run's message, where a read must fetch it, is fetched only for runs the caller
			// outputs (completeError): a walk passes many runs it does not show.
			for (const read of fresh) yield read;
			pagesWithoutNews = fresh.length === 0 ? pagesWithoutNews + 1 : 0;
			// A server that ignores the paging would repeat one page forever.
			if (parsed.next === undefined || parsed.runs.length === 0 || pagesWithoutNews >= 3 || sameNext(parsed.next, next)) return;
			next = parsed.next;
			if (walk.maxPages !== undefined) {
				// Where the server says how long the list is, a walk that cannot end within its
				// budget stops after its first page instead of spending the budget.
				const needed = walk.total !== undefined ? Math.ceil(walk.total / Math.max(1, parsed.runs.length)) - (walk.startPage - 1) : undefined;
				if (walk.pages >= walk.maxPages || (needed !== undefined && needed > walk.maxPages)) {
					walk.complete = false;
					return;
				}
			}
		}
	}

	/** Watches the run until `isDone`, the timeout or Stop, through the one wait loop. */
	async watch(
		target: Target,
		isDone: (run: NormalizedRun) => boolean,
		settings: WatchSettings,
		first?: ReadRun,
	): Promise<Watched> {
		let raw = first?.raw;
		// With Include Raw Run, the final state comes from a read where list entries are smaller than a read.
		const finalFromRead = settings.includeRaw === true && !this.provider.list.entryIsRun;
		const member = this.watcher.member(
			target.ref.runId,
			target.ref.workflowId,
			settings.pollIntervalMs,
			isDone,
			async (deadline) => {
				const read = await this.read(target, deadline);
				return { run: read.run, state: read };
			},
			finalFromRead,
		);
		if (first) member.learn(first.run);
		const result = await waitForRun(
			async (deadline) => {
				const seen = await member.poll(deadline);
				raw = seen.state.raw;
				return seen.run;
			},
			{ ...settings, isDone },
			this.stopper,
			first?.run,
		).finally(member.release);
		// A run whose final state a list showed: its error message, where only a read carries it.
		const final = result.run?.status === 'failed' && raw !== undefined ? await this.withError(target, { run: result.run, raw }) : { run: result.run, raw };
		return {
			run: final.run,
			raw,
			wait: { polls: result.polls, waitedMs: result.waitedMs, timedOut: result.timedOut },
		};
	}
}

/** The execution a node runs in, and its workflow. */
export interface SelfRef {
	executionId: string;
	workflowId: string;
}

/** The pause before a start is sent again after a try that may have reached the server. */
function retryPauseMs(tries: number): number {
	return Math.min(30_000, 500 * 2 ** (tries - 1)) * (0.5 + Math.random());
}

function parseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}
