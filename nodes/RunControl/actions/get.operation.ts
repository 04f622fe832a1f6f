import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { present, readRun } from '../runs';
import type { Job, OperationContext } from '../types';
import { optionsFor } from './common.description';

export const description: INodeProperties[] = [optionsFor('get', [])];

/** Get: one read of the run. */
export async function execute(ctx: OperationContext, job: Job): Promise<IDataObject> {
	const { run, raw } = await readRun(ctx, job);
	return present(job, run, raw);
}
