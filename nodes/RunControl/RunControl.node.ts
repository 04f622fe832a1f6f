import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { OPERATIONS } from './actions/operations';
import { optionsCollection } from './params/options';
import { router } from './actions/router';
import { subtitleOf } from './params/subtitle';
import { PROVIDER_LIST, providerCredentials, providerFields, providerProperty, providersWhere } from './providers';
import { providerNames } from './params/workflowField';

/**
 * The Operation parameter: one entry per set of operations offered, shown for the providers that
 * offer exactly that set (an operation a provider names in `notOffered` is not in its list).
 */
function operationProperties(): INodeProperties[] {
	const groups = new Map<string, { providers: string[]; options: INodeProperties['options'] }>();
	for (const provider of PROVIDER_LIST) {
		const offered = OPERATIONS.filter((operation) => provider.notOffered?.[operation.option.value] === undefined);
		const key = offered.map((operation) => operation.option.value).join(',');
		const group = groups.get(key) ?? { providers: [], options: offered.map((operation) => operation.option).sort((a, b) => a.name.localeCompare(b.name)) };
		group.providers.push(provider.name);
		groups.set(key, group);
	}
	return [...groups.values()].map((group) => ({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: group.options,
		default: 'get',
		displayOptions: groups.size > 1 ? { show: { provider: group.providers } } : undefined,
	}));
}

const RUN_OPERATIONS = OPERATIONS.filter((operation) => operation.usesRunId).map((operation) => operation.option.value);

const runIdProperty: INodeProperties = {
	displayName: 'Run ID',
	name: 'runId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 7f3e9c1a-2b4d-4e8f-9a3b-1c5d7e9f2a4b',
	description: 'ID of the run to act on',
	hint: 'Use an expression such as {{ $json.runId }} to act on one run per input item',
	displayOptions: { show: { operation: RUN_OPERATIONS } },
};

/** Where a provider addresses a run by workflow and run, the run operations ask for both. */
const runWorkflowIdProperty: INodeProperties = {
	displayName: 'Workflow ID',
	name: 'workflowId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. invoice-extraction',
	description: `ID of the workflow the run belongs to: ${providerNames(PROVIDER_LIST.filter((p) => p.needsWorkflowId))} addresses a run by workflow and run`,
	displayOptions: { show: { provider: providersWhere((p) => p.needsWorkflowId), operation: RUN_OPERATIONS } },
};

/**
 * The parameters in the order the panel shows them: what to act on (Run ID, Workflow ID) first,
 * then the provider's own fields (e.g. Workflow Source, right below Workflow ID on every operation
 * that has it), then each operation's other parameters and its Options.
 */
const properties: INodeProperties[] = [
	providerProperty,
	...operationProperties(),
	runIdProperty,
	runWorkflowIdProperty,
	...OPERATIONS.flatMap((operation) => operation.properties).filter((property) => property.name === 'workflowId'),
	...providerFields(),
	...OPERATIONS.flatMap((operation) => [
		...operation.properties.filter((property) => property.name !== 'workflowId'),
		optionsCollection(operation.option.value, operation.options),
	]),
];

export class RunControl implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Run Control',
		name: 'runControl',
		icon: { light: 'file:runControl.svg', dark: 'file:runControl.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: subtitleOf(
			{ parameter: 'operation', options: OPERATIONS.map((operation) => operation.option) },
			{ parameter: 'provider', options: PROVIDER_LIST.map((provider) => ({ name: provider.option.name, value: provider.name })) },
		),
		description: `Start, find, get, cancel, retry or wait for runs on ${providerNames([...PROVIDER_LIST])}`,
		defaults: { name: 'Run Control' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials,
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
