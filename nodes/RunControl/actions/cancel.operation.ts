import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { operationError, present, readRun, runFromReply, watchRun } from '../runs';
import type { ReadRun } from '../runs';
import { httpError } from '../transport';
import type { Job, OperationContext } from '../types';
import { optionsFor, pollIntervalOption, timeoutOption } from './common.description';

export const description: INodeProperties[] = [
	optionsFor('cancel', [
		{
			...pollIntervalOption,
			description: `${pollIntervalOption.description} Used with Wait for Cancellation.`,
		},
		{ ...timeoutOption, description: `${timeoutOption.description} Used with Wait for Cancellation.` },
		{
			displayName: 'If Already Finished',
			name: 'ifAlreadyFinished',
			type: 'options',
			options: [
				{ name: 'Output Its State', value: 'output', description: 'Output the final state, with cancel.alreadyFinished set to true' },
				{ name: 'Fail the Item', value: 'error', description: 'The item fails: nothing was cancelled' },
			],
			default: 'output',
			description: 'What to do when the run had already finished, so there was nothing to cancel',
		},
		{
			displayName: 'Wait for Cancellation',
			name: 'waitForCancellation',
			type: 'boolean',
			default: false,
			description: 'Whether to wait, after the cancel request, until the run reports a finished status',
		},
	]),
];

/**
 * Cancel: asks the provider to cancel the run. An answer that says the run cannot be cancelled
 * (superglue 400, B3OS 409, Cortex 4xx) is checked by reading the run: a finished run is reported
 * with `cancel.alreadyFinished`, anything else is the error it is.
 */
export async function execute(ctx: OperationContext, job: Job): Promise<IDataObject> {
	const subject = { runId: job.ref.runId, workflowId: job.ref.workflowId, itemIndex: job.itemIndex };
	const request = ctx.provider.cancelRun(job.ref, ctx.conn.credentials);
	const reply = await ctx.transport.send(ctx.conn, request, { kind: 'write', ...subject });
	let state: ReadRun;
	let alreadyFinished: boolean;
	if (reply.statusCode >= 200 && reply.statusCode < 300) {
		state = reply.text.trim() === '' ? await readRun(ctx, job) : runFromReply(ctx, job, reply);
		alreadyFinished = state.run.finished && state.run.status !== 'cancelled';
	} else if (ctx.provider.cancelConflictStatuses.includes(reply.statusCode)) {
		state = await readRun(ctx, job);
		if (!state.run.finished) throw httpError(ctx.node, ctx.conn, reply, subject);
		// A cancel retried after a server error may find the run cancelled by its own first try.
		alreadyFinished = !(reply.attempts > 1 && state.run.status === 'cancelled');
	} else {
		throw httpError(ctx.node, ctx.conn, reply, subject);
	}
	const name = ctx.provider.displayName;
	if (alreadyFinished && job.options.ifAlreadyFinished === 'error') {
		throw operationError(
			ctx,
			job,
			`${name}: run '${job.ref.runId}' had already finished (${state.run.status}); nothing was cancelled`,
			`The run's status is ${state.run.providerStatus}. Set "If Already Finished" to "Output Its State" to treat this as done.`,
		);
	}
	const blocks: IDataObject = { cancel: { requested: true, alreadyFinished } };
	let { run, raw } = state;
	if (job.options.waitForCancellation) {
		const watched = await watchRun(ctx, job, (current) => current.finished, state);
		run = watched.run ?? run;
		raw = watched.raw ?? raw;
		blocks.wait = watched.wait;
	}
	return present(job, run, raw, blocks);
}
