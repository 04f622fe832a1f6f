import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ReadRun, RunClient, Target } from '../client';
import { PROVIDER_LIST, providersWhere, unseenRun } from '../providers';
import type { ItemReader } from './item';
import { present } from '../params/present';
import { includeOutputOption, pollIntervalOption, timeoutOption, withCommonOptions } from '../params/options';
import type { Job, OperationModule } from './types';

/** The wait options, shared by every operation that can wait for a run to finish. */
export const waitOptions: INodeProperties[] = [
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
		displayName: 'Stop at Waiting',
		name: 'stopAtWaiting',
		type: 'boolean',
		default: false,
		description: `Whether a ${PROVIDER_LIST.filter((p) => p.hasWaitingStatus).map((p) => p.displayName).join(' or ')} run paused on a wait node (status waiting) counts as finished for this wait`,
		displayOptions: { show: { '/provider': providersWhere((p) => p.hasWaitingStatus) } },
	},
];

/**
 * The wait options of an operation that waits only when a switch among its options is on (Start's
 * and Retry's Wait for Finish): offered only while it is on. A display rule key without '/' names a
 * sibling inside the same Options collection; n8n's backend drops such an option's value while the
 * switch is off, as the editor hides it.
 */
export function waitOptionsUnder(switchName: string): INodeProperties[] {
	return waitOptions.map((option) => ({
		...option,
		displayOptions: { ...option.displayOptions, show: { ...option.displayOptions?.show, [switchName]: [true] } },
	}));
}

/** How a job waits: read from the wait options. */
export interface WaitSpec {
	pollIntervalMs: number;
	timeoutMs: number;
	onTimeout: 'error' | 'output';
	errorIfNotSucceeded: boolean;
	stopAtWaiting: boolean;
}

export function waitSpec(o: IDataObject): WaitSpec {
	return {
		pollIntervalMs: (o.pollInterval as number) * 1000,
		timeoutMs: (o.timeout as number) * 1000,
		onTimeout: o.onTimeout === 'output' ? 'output' : 'error',
		errorIfNotSucceeded: o.errorIfNotSucceeded === true,
		stopAtWaiting: o.stopAtWaiting === true,
	};
}

/**
 * Waits until the run finishes (or the timeout, or Stop) and applies On Timeout and Error If Not
 * Succeeded: the same code for Wait Until Finished and Start with Wait for Finish.
 */
export async function waitUntilDone(
	client: RunClient,
	target: Target,
	spec: WaitSpec,
	first?: ReadRun,
	includeRaw = false,
): Promise<{ run: ReadRun['run']; raw: IDataObject | undefined; wait: IDataObject }> {
	const watched = await client.watch(
		target,
		(run) => run.finished || (spec.stopAtWaiting && run.status === 'waiting'),
		{ ...spec, includeRaw },
		first,
	);
	const result = watched.wait;
	const run = watched.run ?? unseenRun(client.provider, client.operation, target.ref);
	const name = client.provider.displayName;
	const fail = (message: string, description: string) =>
		new NodeOperationError(client.node, message, { description, itemIndex: target.itemIndex });
	if (result.timedOut && spec.onTimeout === 'error') {
		const seconds = Math.round(spec.timeoutMs / 1000);
		const last = run.providerStatus ? `${run.status} (${name}: ${run.providerStatus})` : 'never seen';
		throw fail(
			`${name}: run '${target.ref.runId}' did not finish within ${seconds} s (last status: ${last})`,
			`Checked ${result.polls} time(s) over ${Math.round(result.waitedMs / 1000)} s. Raise the Timeout option (0 waits without a limit), or set On Timeout to "Output Last State" to go on with the last state. Run ID: ${target.ref.runId}.`,
		);
	}
	if (!result.timedOut && spec.errorIfNotSucceeded && run.finished && !run.succeeded) {
		throw fail(
			`${name}: run '${target.ref.runId}' finished as ${run.status}${run.error ? `: ${run.error}` : ''}`,
			`The run's status is ${run.providerStatus}. Turn off "Error If Not Succeeded" to output runs in any final status and branch on the status field instead.`,
		);
	}
	return { run, raw: watched.raw, wait: watched.wait };
}

interface WaitJob extends Job, Target {
	spec: WaitSpec;
	includeOutput: boolean;
}

const options = withCommonOptions([...waitOptions, includeOutputOption]);

/** Wait Until Finished: polls the run until it finishes, the timeout, or Stop. */
export const waitUntilFinished: OperationModule<WaitJob> = {
	option: {
		name: 'Wait Until Finished',
		value: 'waitUntilFinished',
		description: 'Check a run every few seconds until it finishes, then output its final state',
		action: 'Wait until a run finishes',
	},
	usesRunId: true,
	properties: [],
	options,
	read(reader: ItemReader): WaitJob {
		const ref = reader.runRef();
		const o = reader.options(options);
		return { itemIndex: reader.itemIndex, ref, runId: ref.runId, concurrency: o.concurrency as number, includeRaw: o.includeRaw === true, spec: waitSpec(o), includeOutput: o.includeOutput === true };
	},
	async execute(client: RunClient, job: WaitJob): Promise<IDataObject> {
		const { run, raw, wait } = await waitUntilDone(client, job, job.spec, undefined, job.includeRaw);
		if (!job.includeOutput || raw === undefined) return present(job.includeRaw, run, raw, { wait });
		const withOutput = await client.withOutput(job, { run, raw });
		return present(job.includeRaw, withOutput.run, withOutput.raw, { wait, outputNote: withOutput.outputNote });
	},
};
