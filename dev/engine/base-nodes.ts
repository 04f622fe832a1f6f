/**
 * Test stand-ins for the n8n-nodes-base nodes the example workflows use (Manual Trigger, Schedule
 * Trigger, Edit Fields in raw JSON mode, Split Out, If with simple conditions, No Op). n8n-nodes-base is not a dev
 * dependency; in real n8n (`npm run test:n8n`) the same workflows run with the real nodes.
 */
import type {
	INodeProperties,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

function describe(
	name: string,
	outputs: number,
	properties: INodeProperties[] = [],
	group: string[] = ['transform'],
): INodeTypeDescription {
	return {
		displayName: name,
		name,
		group,
		version: [1, 2, 2.1, 2.2, 3, 3.3, 3.4],
		description: 'test stand-in',
		defaults: { name },
		inputs: group.includes('trigger') ? [] : ['main'],
		outputs: Array.from({ length: outputs }, () => 'main'),
		properties,
	} as unknown as INodeTypeDescription;
}

export class ManualTrigger implements INodeType {
	description = describe('manualTrigger', 1, [], ['trigger']);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** Never fires in the engine here: the examples that have one also have a Manual Trigger to start from. */
export class ScheduleTrigger implements INodeType {
	description = describe('scheduleTrigger', 1, [{ displayName: 'Rule', name: 'rule', type: 'json', default: {} }], ['trigger']);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [[{ json: { timestamp: new Date().toISOString() } }]];
	}
}

export class SetRaw implements INodeType {
	description = describe('set', 1, [
		{ displayName: 'Mode', name: 'mode', type: 'string', default: 'raw' },
		{ displayName: 'JSON', name: 'jsonOutput', type: 'string', default: '{}' },
	]);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((_, index) => {
				const value = this.getNodeParameter('jsonOutput', index) as unknown;
				const json = (typeof value === 'string' ? JSON.parse(value) : value) as IDataObject;
				return { json, pairedItem: { item: index } };
			}),
		];
	}
}

export class SplitOut implements INodeType {
	description = describe('splitOut', 1, [
		{ displayName: 'Field', name: 'fieldToSplitOut', type: 'string', default: '' },
	]);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		this.getInputData().forEach((item, index) => {
			const field = this.getNodeParameter('fieldToSplitOut', index) as string;
			const list = item.json[field];
			for (const entry of Array.isArray(list) ? list : [list]) {
				const json = typeof entry === 'object' && entry !== null ? (entry as IDataObject) : { [field]: entry as string };
				out.push({ json, pairedItem: { item: index } });
			}
		});
		return [out];
	}
}

export class If implements INodeType {
	description = describe('if', 2, [
		{ displayName: 'Conditions', name: 'conditions', type: 'filter', default: {} },
	]);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const yes: INodeExecutionData[] = [];
		const no: INodeExecutionData[] = [];
		this.getInputData().forEach((item, index) => {
			// As n8n's If node v2 does: the engine evaluates the filter parameter.
			const pass = this.getNodeParameter('conditions', index, false, { extractValue: true }) as boolean;
			(pass ? yes : no).push({ json: item.json, pairedItem: { item: index } });
		});
		return [yes, no];
	}
}

export class NoOp implements INodeType {
	description = describe('noOp', 1);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

export const BASE_NODES: Record<string, INodeType> = {
	'n8n-nodes-base.manualTrigger': new ManualTrigger(),
	'n8n-nodes-base.scheduleTrigger': new ScheduleTrigger(),
	'n8n-nodes-base.set': new SetRaw(),
	'n8n-nodes-base.splitOut': new SplitOut(),
	'n8n-nodes-base.if': new If(),
	'n8n-nodes-base.noOp': new NoOp(),
};
