import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { present, readRun } from '../runs';
import type { Job, OperationContext } from '../types';
import { concurrencyOption, includeRawOption, sortOptions } from './common.description';

export const description: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['get'] } },
		options: sortOptions([concurrencyOption, includeRawOption]),
	},
];

/** Get: one read of the run. */
export async function execute(ctx: OperationContext, job: Job): Promise<IDataObject> {
	const { run, raw } = await readRun(ctx, job);
	return present(job, run, raw);
}
