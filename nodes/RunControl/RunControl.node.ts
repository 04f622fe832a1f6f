import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { commonProperties } from './actions/common.description';
import * as cancel from './actions/cancel.operation';
import * as get from './actions/get.operation';
import { router } from './actions/router';
import * as waitUntilFinished from './actions/waitUntilFinished.operation';

export class RunControl implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Run Control',
		name: 'runControl',
		icon: { light: 'file:runControl.svg', dark: 'file:runControl.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["provider"] }}',
		description: 'Get, cancel or wait for a run on superglue, B3OS or Cortex',
		defaults: { name: 'Run Control' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'superglueApi', required: true, displayOptions: { show: { provider: ['superglue'] } } },
			{ name: 'b3osApi', required: true, displayOptions: { show: { provider: ['b3os'] } } },
			{ name: 'cortexApi', required: true, displayOptions: { show: { provider: ['cortex'] } } },
		],
		properties: [
			...commonProperties,
			...get.description,
			...cancel.description,
			...waitUntilFinished.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
