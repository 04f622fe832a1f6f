import type { INodeProperties } from 'n8n-workflow';

import { PROVIDER_LIST } from '../providers';
import type { Provider } from '../providers';

/**
 * The Workflow ID parameter of some operations, one entry per way providers name and need it
 * (a provider that runs tools calls it Tool ID). `required` says for which providers it must be given.
 */
export function workflowIdFields(
	operations: string[],
	required: (provider: Provider) => boolean,
	description: (group: { label: string; noun: string }, required: boolean) => string,
): INodeProperties[] {
	const groups = new Map<string, { label: string; noun: string; required: boolean; providers: string[] }>();
	for (const provider of PROVIDER_LIST) {
		const key = `${provider.workflowLabel}|${required(provider)}`;
		const group = groups.get(key) ?? { label: provider.workflowLabel, noun: provider.workflowNoun, required: required(provider), providers: [] };
		group.providers.push(provider.name);
		groups.set(key, group);
	}
	return [...groups.values()].map((group) => ({
		displayName: group.label,
		name: 'workflowId',
		type: 'string',
		required: group.required,
		default: '',
		placeholder: group.noun === 'tool' ? 'e.g. sync-invoices' : 'e.g. invoice-extraction',
		description: description(group, group.required),
		displayOptions: { show: { provider: group.providers, operation: operations } },
	}));
}

/** The description of an optional Workflow ID filter (Get Many, the trigger). */
export function onlyRunsOf(noun: string): string {
	return `Only runs of this ${noun}. Empty: every run the API key can see.`;
}

/** Names of providers joined for a sentence: "A", "A or B", "A, B or C". */
export function providerNames(providers: Provider[]): string {
	const names = providers.map((provider) => provider.displayName);
	return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
