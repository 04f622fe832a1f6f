import type { INodeProperties } from 'n8n-workflow';

/** Parameters every operation shares, and the option entries more than one operation uses. */
export const commonProperties: INodeProperties[] = [
	{
		displayName: 'Provider',
		name: 'provider',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Superglue', value: 'superglue', description: 'Runs of superglue tools (cloud or self-hosted)' },
			{ name: 'B3OS', value: 'b3os', description: 'Runs of B3OS workflows' },
			{ name: 'Cortex', value: 'cortex', description: 'Runs of Cortex workflows, own or discoverable' },
		],
		default: 'superglue',
		description: 'The platform the run belongs to. Each provider has its own credential.',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description: 'Cancel a run; a run that already finished is reported, not failed',
				action: 'Cancel a run',
			},
			{
				name: 'Get',
				value: 'get',
				description: "Get a run's current status",
				action: 'Get a run',
			},
			{
				name: 'Wait Until Finished',
				value: 'waitUntilFinished',
				description: 'Check a run every few seconds until it finishes, then output its final state',
				action: 'Wait until a run finishes',
			},
		],
		default: 'get',
	},
	{
		displayName: 'Run ID',
		name: 'runId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7f3e9c1a-2b4d-4e8f-9a3b-1c5d7e9f2a4b',
		description: 'ID of the run to act on',
		hint: 'Use an expression such as {{ $json.runId }} to act on one run per input item',
	},
	{
		displayName: 'Workflow ID',
		name: 'workflowId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. invoice-extraction',
		description: 'ID of the Cortex workflow the run belongs to: Cortex addresses a run by workflow and run',
		displayOptions: { show: { provider: ['cortex'] } },
	},
	{
		displayName: 'Workflow Source',
		name: 'workflowSource',
		type: 'options',
		options: [
			{ name: 'Own Workflow', value: 'own', description: "A workflow of the credential's own app" },
			{
				name: 'Discoverable Workflow',
				value: 'discoverable',
				description: 'A shared workflow run from your app (cancelled through the /workflows/discover/ path)',
			},
		],
		default: 'own',
		description: 'Whether the workflow is one of your own or a discoverable (shared) one',
		displayOptions: { show: { provider: ['cortex'] } },
	},
	{
		displayName:
			'superglue returns result data (Output) only for runs that were started synchronously; for runs started with "async: true", Output is empty',
		name: 'superglueOutputNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { provider: ['superglue'], operation: ['get', 'waitUntilFinished'] } },
	},
];

export const includeRawOption: INodeProperties = {
	displayName: 'Include Raw Run',
	name: 'includeRaw',
	type: 'boolean',
	default: false,
	description: "Whether to add the provider's run object, as received, under `raw`",
};

export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, numberPrecision: 0 },
	default: 10,
	description:
		'The most requests this node has in flight at once. Every run is watched at the same time; only their requests are bounded.',
};

export const pollIntervalOption: INodeProperties = {
	displayName: 'Poll Interval (Seconds)',
	name: 'pollInterval',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 5,
	description:
		'Time between two status checks of one run. A provider that answers "too many requests" makes every check pause as long as it asks.',
};

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 600,
	description: 'Stop waiting after this long. 0 waits without a limit.',
};

/**
 * An operation's own Options collection, shown only for that operation. Every operation has
 * Concurrency and Include Raw Run; the entries are listed alphabetically, as n8n's editor expects.
 */
export function optionsFor(operation: string, options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: [operation] } },
		options: [concurrencyOption, includeRawOption, ...options].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}
