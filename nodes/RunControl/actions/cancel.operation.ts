import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RunClient, Target, WatchSettings } from '../client';
import type { ItemReader } from './item';
import { present } from '../params/present';
import { pollIntervalOption, timeoutOption, withCommonOptions } from '../params/options';
import type { Job, OperationModule } from './types';

interface CancelJob extends Job, Target {
	ifAlreadyFinished: 'output' | 'error';
	waitForCancellation: boolean;
	watch: WatchSettings;
}

const options = withCommonOptions([
	// Used only while Wait for Cancellation is on: shown only then (a sibling inside this collection).
	{ ...pollIntervalOption, displayOptions: { show: { waitForCancellation: [true] } } },
	{ ...timeoutOption, displayOptions: { show: { waitForCancellation: [true] } } },
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
		description:
			'Whether to wait, after the cancel request, until the run reports a finished status. Once on, Poll Interval and Timeout can be added.',
	},
]);

/** Cancel: asks the provider to cancel the run; a run that already finished is reported, not failed. */
export const cancel: OperationModule<CancelJob> = {
	option: {
		name: 'Cancel',
		value: 'cancel',
		description: 'Cancel a run; a run that already finished is reported, not failed',
		action: 'Cancel a run',
	},
	usesRunId: true,
	properties: [],
	options,
	read(reader: ItemReader): CancelJob {
		const ref = reader.runRef();
		const o = reader.options(options);
		return {
			itemIndex: reader.itemIndex,
			ref,
			runId: ref.runId,
			concurrency: o.concurrency as number,
			includeRaw: o.includeRaw === true,
			ifAlreadyFinished: o.ifAlreadyFinished === 'error' ? 'error' : 'output',
			waitForCancellation: o.waitForCancellation === true,
			watch: { pollIntervalMs: (o.pollInterval as number) * 1000, timeoutMs: (o.timeout as number) * 1000 },
		};
	},
	async execute(client: RunClient, job: CancelJob): Promise<IDataObject> {
		const { state, alreadyFinished } = await client.cancel(job);
		const name = client.provider.displayName;
		if (alreadyFinished && job.ifAlreadyFinished === 'error') {
			throw new NodeOperationError(
				client.node,
				`${name}: run '${job.ref.runId}' had already finished (${state.run.status}); nothing was cancelled`,
				{
					description: `The run's status is ${state.run.providerStatus}. Set "If Already Finished" to "Output Its State" to treat this as done.`,
					itemIndex: job.itemIndex,
				},
			);
		}
		const blocks: IDataObject = { cancel: { requested: true, alreadyFinished } };
		let { run, raw } = state;
		if (job.waitForCancellation) {
			const watched = await client.watch(job, (current) => current.finished, { ...job.watch, includeRaw: job.includeRaw }, state);
			run = watched.run ?? run;
			raw = watched.raw ?? raw;
			blocks.wait = watched.wait;
		}
		return present(job.includeRaw, run, raw, blocks);
	},
};
