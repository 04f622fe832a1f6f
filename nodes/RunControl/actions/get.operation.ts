import type { IDataObject } from 'n8n-workflow';

import type { RunClient, Target } from '../client';
import type { ItemReader } from './item';
import { present } from '../params/present';
import { includeOutputOption, withCommonOptions } from '../params/options';
import type { Job, OperationModule } from './types';

interface GetJob extends Job, Target {
	includeOutput: boolean;
}

const options = withCommonOptions([includeOutputOption]);

/** Get: one read of the run. */
export const get: OperationModule<GetJob> = {
	option: { name: 'Get', value: 'get', description: "Get a run's current status", action: 'Get a run' },
	usesRunId: true,
	properties: [],
	options,
	read(reader: ItemReader): GetJob {
		const ref = reader.runRef();
		const o = reader.options(options);
		return { itemIndex: reader.itemIndex, ref, runId: ref.runId, concurrency: o.concurrency as number, includeRaw: o.includeRaw === true, includeOutput: o.includeOutput === true };
	},
	async execute(client: RunClient, job: GetJob): Promise<IDataObject> {
		const state = await client.read(job, undefined, job.includeOutput);
		if (!job.includeOutput) return present(job.includeRaw, state.run, state.raw);
		const withOutput = await client.withOutput(job, state);
		return present(job.includeRaw, withOutput.run, withOutput.raw, { outputNote: withOutput.outputNote });
	},
};
