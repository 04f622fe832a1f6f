import type { INodeProperties } from 'n8n-workflow';

/** Option entries more than one operation uses; each operation lists the ones it has. */

export const includeRawOption: INodeProperties = {
	displayName: 'Include Raw Run',
	name: 'includeRaw',
	type: 'boolean',
	default: false,
	description: "Whether to add the provider's run object, as received, under `raw`",
};

export const includeOutputOption: INodeProperties = {
	displayName: 'Include Output',
	name: 'includeOutput',
	type: 'boolean',
	default: false,
	description:
		"Whether to also fetch the run's result where the run object lacks it (one more request per finished run for some providers). Adds outputNote: why output is empty, if it is.",
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
export function optionsCollection(operation: string, options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: [operation] } },
		options: [...options].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** The entries of an operation's Options collection: the shared two, then its own. */
export function withCommonOptions(options: INodeProperties[]): INodeProperties[] {
	return [concurrencyOption, includeRawOption, ...options];
}
