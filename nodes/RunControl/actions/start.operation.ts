import type { IDataObject } from 'n8n-workflow';

import type { ReadRun, RunClient, Target } from '../client';
import { PROVIDER_LIST } from '../providers';
import type { ItemReader } from './item';
import { present } from '../params/present';
import { includeOutputOption, withCommonOptions } from '../params/options';
import type { Job, OperationModule } from './types';
import { waitOptionsUnder, waitSpec, waitUntilDone } from './waitUntilFinished.operation';
import type { WaitSpec } from './waitUntilFinished.operation';
import { providerNames, workflowIdFields } from '../params/workflowField';

interface StartJob extends Job {
	workflowId: string;
	inputs: IDataObject;
	version: string;
	fields: IDataObject;
	waitForFinish: boolean;
	includeOutput: boolean;
	spec: WaitSpec;
}

/** Providers that run tools rather than workflows. */
const TOOLS = providerNames(PROVIDER_LIST.filter((provider) => provider.workflowNoun === 'tool'));

const withRunIds = PROVIDER_LIST.filter((provider) => provider.start?.newRunId !== undefined);
const withVersions = PROVIDER_LIST.filter((provider) => provider.start?.hasVersion === true);

const options = withCommonOptions([
	{
		displayName: 'Wait for Finish',
		name: 'waitForFinish',
		type: 'boolean',
		default: false,
		description:
			'Whether to wait, after starting, until the run finishes (as Wait Until Finished does). Once on, its options (Poll Interval, Timeout, On Timeout, Error If Not Succeeded) can be added.',
	},
	...waitOptionsUnder('waitForFinish'),
	includeOutputOption,
	{
		displayName: 'New Run ID',
		name: 'newRunId',
		type: 'string',
		default: '',
		description:
			'The ID the new run gets. Empty: the node makes one. Either way the ID is sent with the start, so a start retried after a lost answer can never start a second run.',
		displayOptions: { show: { '/provider': withRunIds.map((provider) => provider.name) } },
	},
	{
		displayName: 'Workflow Version',
		name: 'workflowVersion',
		type: 'string',
		default: '',
		placeholder: 'e.g. 3',
		description: "The version of the workflow to run. Empty: the provider's default version.",
		displayOptions: { show: { '/provider': withVersions.map((provider) => provider.name) } },
	},
]);

/** Start: starts a run (never twice), optionally waits for it to finish. */
export const start: OperationModule<StartJob> = {
	option: {
		name: 'Start',
		value: 'start',
		description: `Start a run of a workflow${TOOLS ? ` (${TOOLS}: a tool)` : ''}, optionally waiting for it to finish`,
		action: 'Start a run',
	},
	usesRunId: false,
	properties: [
		...workflowIdFields(['start'], () => true, (group) => `${group.label} of what to run`),
		{
			displayName: 'Inputs',
			name: 'inputs',
			type: 'json',
			default: '{}',
			description: "The run's input, a JSON object (it becomes the provider's run input or payload)",
			hint: 'Use an expression such as {{ $json }} to start one run per input item with its data',
			displayOptions: { show: { operation: ['start'] } },
		},
	],
	options,
	read(reader: ItemReader): StartJob {
		const workflowId = reader.workflowId();
		const inputs = reader.jsonObject('inputs', 'Inputs');
		const o = reader.options(options);
		const newRunId = String(o.newRunId ?? '').trim();
		const starts = reader.provider.start;
		const check = starts?.checkRunId;
		const problem = newRunId !== '' && check ? check(newRunId) : undefined;
		if (problem !== undefined) {
			throw reader.fail(`New Run ID '${newRunId}' cannot be used (item ${reader.itemIndex + 1})`, `${problem}. Leave New Run ID empty to have the node choose one.`);
		}
		const version = String(o.workflowVersion ?? '').trim();
		const versionProblem = version !== '' && starts?.checkVersion ? starts.checkVersion(version) : undefined;
		if (versionProblem !== undefined) {
			throw reader.fail(`Workflow Version '${version}' cannot be used (item ${reader.itemIndex + 1})`, `${versionProblem}. Leave Workflow Version empty to run the default version.`);
		}
		return {
			itemIndex: reader.itemIndex,
			// The ID is chosen now, so that a failed item names the run it tried to start.
			runId: starts?.newRunId ? newRunId || starts.newRunId() : '',
			concurrency: o.concurrency as number,
			includeRaw: o.includeRaw === true,
			workflowId,
			inputs,
			version,
			fields: reader.providerFields(),
			waitForFinish: o.waitForFinish === true,
			includeOutput: o.includeOutput === true,
			spec: waitSpec(o),
		};
	},
	async execute(client: RunClient, job: StartJob): Promise<IDataObject> {
		const { state, alreadyStarted } = await client.start(
			{ workflowId: job.workflowId, inputs: job.inputs, version: job.version, fields: job.fields },
			job.runId,
			job.itemIndex,
			job.includeOutput && !job.waitForFinish,
		);
		const target: Target = {
			itemIndex: job.itemIndex,
			ref: { runId: state.run.runId, workflowId: state.run.workflowId ?? job.workflowId, fields: job.fields },
		};
		const blocks: IDataObject = { start: { alreadyStarted } };
		let current: ReadRun = state;
		if (job.waitForFinish) {
			const done = await waitUntilDone(client, target, job.spec, state, job.includeRaw);
			current = { run: done.run, raw: done.raw ?? state.raw };
			blocks.wait = done.wait;
		}
		if (job.includeOutput) {
			const withOutput = await client.withOutput(target, current);
			current = withOutput;
			blocks.outputNote = withOutput.outputNote;
		}
		return present(job.includeRaw, current.run, current.raw, blocks);
	},
};
