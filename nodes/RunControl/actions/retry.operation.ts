import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ReadRun, RunClient, Target } from '../client';
import { PROVIDER_LIST, providersWhere } from '../providers';
import type { ItemReader } from './item';
import { withCommonOptions } from '../params/options';
import { present } from '../params/present';
import type { Job, OperationModule } from './types';
import { waitOptionsUnder, waitSpec, waitUntilDone } from './waitUntilFinished.operation';
import type { WaitSpec } from './waitUntilFinished.operation';
import { providerNames } from '../params/workflowField';

interface RetryJob extends Job, Target {
	stepKey: string;
	ifNotRetryable: 'output' | 'error';
	waitForFinish: boolean;
	spec: WaitSpec;
}

const withRetry = PROVIDER_LIST.filter((provider) => provider.retry !== undefined);
const withStepKey = withRetry.filter((provider) => provider.retry?.needsStepKey === true);

const options = withCommonOptions([
	{
		displayName: 'If Not Retryable',
		name: 'ifNotRetryable',
		type: 'options',
		options: [
			{ name: 'Output Its State', value: 'output', description: 'Output the run as it is, with retry.retried set to false' },
			{ name: 'Fail the Item', value: 'error', description: 'The item fails: nothing was retried' },
		],
		default: 'output',
		description: 'What to do when the provider will not retry the run (it is still running, or in a status the provider does not retry)',
	},
	{
		displayName: 'Wait for Finish',
		name: 'waitForFinish',
		type: 'boolean',
		default: false,
		description:
			'Whether to wait until the new run finishes (as Wait Until Finished does). Once on, its options (Poll Interval, Timeout, On Timeout, Error If Not Succeeded) can be added.',
	},
	...waitOptionsUnder('waitForFinish'),
]);

const properties: INodeProperties[] =
	withStepKey.length === 0
		? []
		: [
				{
					displayName: 'Step Key',
					name: 'stepKey',
					type: 'string',
					required: true,
					default: '',
					placeholder: 'e.g. extract',
					description: `The key of the step to replay the run from (${providerNames(withStepKey)} replays a run from a step)`,
					displayOptions: { show: { provider: providersWhere((provider) => provider.retry?.needsStepKey === true), operation: ['retry'] } },
				},
			];

/** Retry: a new run of a run that failed or was cancelled; the item is the new run. */
export const retry: OperationModule<RetryJob> = {
	option: {
		name: 'Retry',
		value: 'retry',
		description: `Retry a run that failed or was cancelled (${providerNames(withRetry)}); outputs the new run`,
		action: 'Retry a run',
	},
	usesRunId: true,
	properties,
	options,
	read(reader: ItemReader): RetryJob {
		const { provider } = reader;
		const item = `item ${reader.itemIndex + 1}`;
		// A provider without retry names it in `notOffered` (the router refuses such items first).
		if (!provider.retry) throw reader.fail(`${provider.displayName} cannot retry a run (${item})`, 'Use the Start operation with the run\'s inputs to run it again.');
		const ref = reader.runRef();
		const stepKey = provider.retry.needsStepKey ? reader.text('stepKey') : '';
		if (provider.retry.needsStepKey && stepKey === '') {
			throw reader.fail(`Step Key is missing (${item})`, `${provider.displayName} replays a run from a step: enter the key of the step to replay from.`);
		}
		const o = reader.options(options);
		return {
			itemIndex: reader.itemIndex,
			ref,
			runId: ref.runId,
			concurrency: o.concurrency as number,
			includeRaw: o.includeRaw === true,
			stepKey,
			ifNotRetryable: o.ifNotRetryable === 'error' ? 'error' : 'output',
			waitForFinish: o.waitForFinish === true,
			spec: waitSpec(o),
		};
	},
	async execute(client: RunClient, job: RetryJob): Promise<IDataObject> {
		const { state, retried } = await client.retry(job, job.stepKey, job.spec.timeoutMs);
		const of = job.ref.runId;
		if (!retried) {
			if (job.ifNotRetryable === 'error') {
				const name = client.provider.displayName;
				throw new NodeOperationError(client.node, `${name}: run '${of}' cannot be retried (status: ${state.run.status}); nothing was retried`, {
					description: `${name} does not retry a run whose status is ${state.run.providerStatus}. Set "If Not Retryable" to "Output Its State" to go on with its state.`,
					itemIndex: job.itemIndex,
				});
			}
			return present(job.includeRaw, state.run, state.raw, { retry: { of, retried: false } });
		}
		const blocks: IDataObject = { retry: { of, retried: true } };
		let current: ReadRun = state;
		if (job.waitForFinish) {
			const target: Target = { itemIndex: job.itemIndex, ref: { ...job.ref, runId: state.run.runId, workflowId: state.run.workflowId ?? job.ref.workflowId } };
			const done = await waitUntilDone(client, target, job.spec, state);
			current = { run: done.run, raw: done.raw ?? state.raw };
			blocks.wait = done.wait;
		}
		return present(job.includeRaw, current.run, current.raw, blocks);
	},
};
