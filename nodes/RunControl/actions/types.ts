import type { IDataObject, INode, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { RunClient } from '../client';
import type { ItemReader } from './item';

/** What every job has: the item it came from, and the options every operation shares. */
export interface Job {
	itemIndex: number;
	/** The run the item names ('' where it names none); shown in Continue On Fail error items. */
	runId: string;
	concurrency: number;
	includeRaw: boolean;
}

/**
 * One operation, in one file: its entry in the Operation list, its own parameters and options
 * (defaults written once, in their descriptions), how it reads an item, and what it does.
 */
export interface OperationModule<J extends Job = Job> {
	option: INodePropertyOptions & { value: string; action: string };
	/** The operation acts on a run named by the Run ID parameter. */
	usesRunId: boolean;
	/** Its parameters besides Options (shown only for it). */
	properties: INodeProperties[];
	/** The entries of its Options collection. */
	options: INodeProperties[];
	read(reader: ItemReader): J;
	/** One output item, or (operations that find runs) several. */
	execute(client: RunClient, job: J, node: INode): Promise<IDataObject | IDataObject[]>;
}
