import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { OPERATIONS } from './actions/operations';
import { optionsCollection } from './actions/options';
import { router } from './actions/router';
import { providerCredentials, providerFields, providerProperty } from './providers';

const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: OPERATIONS.map((operation) => operation.option).sort((a, b) => a.name.localeCompare(b.name)),
	default: 'get',
};

const runIdProperty: INodeProperties = {
	displayName: 'Run ID',
	name: 'runId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 7f3e9c1a-2b4d-4e8f-9a3b-1c5d7e9f2a4b',
	description: 'ID of the run to act on',
	hint: 'Use an expression such as {{ $json.runId }} to act on one run per input item',
	displayOptions: { show: { operation: OPERATIONS.filter((operation) => operation.usesRunId).map((operation) => operation.option.value) } },
};

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
		credentials: providerCredentials,
		properties: [
			providerProperty,
			operationProperty,
			runIdProperty,
			...providerFields(),
			...OPERATIONS.flatMap((operation) => [
				...operation.properties,
				optionsCollection(operation.option.value, operation.options),
			]),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
