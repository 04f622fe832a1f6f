import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { normalizeRun } from './normalize';
import type { NormalizedRun } from './normalize';
import { apiError, httpError, snippet } from './transport';
import type { Reply } from './transport';
import type { Job, OperationContext } from './types';
import { waitForRun } from './wait';

export interface ReadRun {
	run: NormalizedRun;
	raw: IDataObject;
}

function subject(job: Job) {
	return { runId: job.ref.runId, workflowId: job.ref.workflowId, itemIndex: job.itemIndex };
}

/** The run object from a 2xx answer, or a clear error when the answer holds none. */
export function runFromReply(ctx: OperationContext, job: Job, reply: Reply): ReadRun {
	const name = ctx.provider.displayName;
	const raw = reply.isJson ? ctx.provider.unwrap(reply.body) : undefined;
	if (!raw) {
		const what = reply.isJson ? 'holds no run' : 'is not JSON';
		const began = reply.text.trim() === '' ? 'It was empty.' : `It began: ${snippet(reply.text, ctx.conn.secret)}`;
		throw apiError(
			ctx.node,
			ctx.conn,
			`${name}: the answer for run '${job.ref.runId}' ${what} (HTTP ${reply.statusCode})`,
			`${began} Check that the base URL in the ${name} credential (${ctx.conn.baseUrl}) points at the ${name} API.`,
			subject(job),
			reply.statusCode,
		);
	}
	return { run: normalizeRun(ctx.provider, ctx.operation, job.ref, raw, Date.now()), raw };
}

/** Reads the run's current state. */
export async function readRun(ctx: OperationContext, job: Job, deadline?: number): Promise<ReadRun> {
	const request = ctx.provider.getRun(job.ref, ctx.conn.credentials);
	const reply = await ctx.transport.send(ctx.conn, request, { kind: 'read', deadline, ...subject(job) });
	if (reply.statusCode < 200 || reply.statusCode >= 300) throw httpError(ctx.node, ctx.conn, reply, subject(job));
	return runFromReply(ctx, job, reply);
}

/** A run whose state was never seen (a wait that timed out before its first answer). */
export function unseenRun(ctx: OperationContext, job: Job): NormalizedRun {
	return {
		provider: ctx.provider.name,
		operation: ctx.operation,
		runId: job.ref.runId,
		workflowId: job.ref.workflowId || null,
		status: 'unknown',
		providerStatus: null,
		finished: false,
		succeeded: false,
		startedAt: null,
		finishedAt: null,
		durationMs: null,
		error: null,
		output: null,
		cost: null,
	};
}

/** The output item: the normalized run, then the operation's blocks, then `raw` when asked for. */
export function present(
	job: Job,
	run: NormalizedRun,
	raw: IDataObject | undefined,
	blocks: IDataObject = {},
): IDataObject {
	const item: IDataObject = { ...run, ...blocks };
	if (job.options.includeRaw) item.raw = raw ?? null;
	return item;
}

export function operationError(
	ctx: OperationContext,
	job: Job,
	message: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(ctx.node, message, { description, itemIndex: job.itemIndex });
}

export interface Watched {
	run: NormalizedRun | undefined;
	raw: IDataObject | undefined;
	/** The `wait` block of the output item. */
	wait: { polls: number; waitedMs: number; timedOut: boolean };
}

/** Watches the run with the job's poll interval and timeout until `isDone` (see wait.ts). */
export async function watchRun(
	ctx: OperationContext,
	job: Job,
	isDone: (run: NormalizedRun) => boolean,
	first?: ReadRun,
): Promise<Watched> {
	let raw = first?.raw;
	const result = await waitForRun(
		async (deadline) => {
			const read = await readRun(ctx, job, deadline);
			raw = read.raw;
			return read.run;
		},
		{ pollIntervalMs: job.options.pollIntervalMs, timeoutMs: job.options.timeoutMs, signal: ctx.signal, isDone },
		first?.run,
	);
	return {
		run: result.run,
		raw,
		wait: { polls: result.polls, waitedMs: result.waitedMs, timedOut: result.timedOut },
	};
}
