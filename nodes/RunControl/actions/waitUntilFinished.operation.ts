import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { operationError, present, unseenRun, watchRun } from '../runs';
import type { Job, NormalizedRun, OperationContext } from '../types';
import { optionsFor, pollIntervalOption, timeoutOption } from './common.description';

export const description: INodeProperties[] = [
	optionsFor('waitUntilFinished', [
		pollIntervalOption,
		timeoutOption,
		{
			displayName: 'On Timeout',
			name: 'onTimeout',
			type: 'options',
			options: [
				{ name: 'Fail the Item', value: 'error', description: 'The item fails with a message naming the run and its last status' },
				{ name: 'Output Last State', value: 'output', description: 'Output the last state seen, with wait.timedOut set to true' },
			],
			default: 'error',
			description: 'What to do when the run has not finished within the timeout',
		},
		{
			displayName: 'Error If Not Succeeded',
			name: 'errorIfNotSucceeded',
			type: 'boolean',
			default: false,
			description: 'Whether the item fails when the run finished in any status other than succeeded (failed, cancelled, partial, skipped)',
		},
		{
			displayName: 'Stop at Waiting (B3OS)',
			name: 'stopAtWaiting',
			type: 'boolean',
			default: false,
			description: 'Whether a B3OS run paused on a wait node (status waiting) counts as finished for this wait',
			displayOptions: { show: { '/provider': ['b3os'] } },
		},
	]),
];

/** Wait Until Finished: polls the run until it finishes, the timeout, or Stop. */
export async function execute(ctx: OperationContext, job: Job): Promise<IDataObject> {
	const { options } = job;
	const watched = await watchRun(
		ctx,
		job,
		(run) => run.finished || (options.stopAtWaiting && run.status === 'waiting'),
	);
	const result = watched.wait;
	const run: NormalizedRun = watched.run ?? unseenRun(ctx, job);
	const name = ctx.provider.displayName;
	if (result.timedOut && options.onTimeout === 'error') {
		const seconds = Math.round(options.timeoutMs / 1000);
		const last = run.providerStatus ? `${run.status} (${name}: ${run.providerStatus})` : 'never seen';
		throw operationError(
			ctx,
			job,
			`${name}: run '${job.ref.runId}' did not finish within ${seconds} s (last status: ${last})`,
			`Checked ${result.polls} time(s) over ${Math.round(result.waitedMs / 1000)} s. Raise the Timeout option (0 waits without a limit), or set On Timeout to "Output Last State" to go on with the last state. Run ID: ${job.ref.runId}.`,
		);
	}
	if (!result.timedOut && options.errorIfNotSucceeded && run.finished && !run.succeeded) {
		throw operationError(
			ctx,
			job,
			`${name}: run '${job.ref.runId}' finished as ${run.status}${run.error ? `: ${run.error}` : ''}`,
			`The run's status is ${run.providerStatus}. Turn off "Error If Not Succeeded" to output runs in any final status and branch on the status field instead.`,
		);
	}
	return present(job, run, watched.raw, { wait: watched.wait });
}
