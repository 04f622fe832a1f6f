import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { b3os } from './b3os';
import { cortex } from './cortex';
import { n8n } from './n8n';
import { superglue } from './superglue';
import type { Provider } from './types';

/** The registry: adding a provider = its file here + its credential + package.json. */
export const PROVIDERS = { superglue, b3os, cortex, n8n } as const;

export type ProviderName = keyof typeof PROVIDERS;

export const PROVIDER_LIST: readonly Provider[] = Object.values(PROVIDERS);

export function providerNamed(name: string): Provider | undefined {
	return Object.prototype.hasOwnProperty.call(PROVIDERS, name) ? PROVIDERS[name as ProviderName] : undefined;
}

/** Names of the providers that satisfy `test` (for display conditions). */
export function providersWhere(test: (provider: Provider) => boolean): string[] {
	return PROVIDER_LIST.filter(test).map((provider) => provider.name);
}

/** The node's Provider parameter: shown first, the credential below it is that provider's. */
export const providerProperty: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	options: PROVIDER_LIST.map((provider): INodePropertyOptions => ({ ...provider.option, value: provider.name })),
	default: 'superglue',
	description: "The platform the run belongs to. The credential field above offers this provider's credentials (each provider has its own credential type).",
};

/**
 * One credential per provider, hidden for the other providers.
 *
 * n8n's editor takes a parameter as the node's "authentication" field when credentials are shown
 * (`show`) for every one of its values, and then hides it from the panel, offering it only inside
 * the credential dialog: keyed on `provider` with `show`, a new user would not see the Provider
 * field at all. So each credential is hidden (`hide`) for the other providers: Provider stays a
 * visible field, and its choice decides which credentials the credential field (at the top of the
 * panel, where n8n puts it when no `show` rule names a parameter) offers. n8n's typings allow no
 * condition objects in credentials' display rules, so plain values it is.
 */
export const providerCredentials = PROVIDER_LIST.map((provider) => ({
	name: provider.credentialType,
	required: true,
	displayOptions: { hide: { provider: providersWhere((other) => other.name !== provider.name) } },
}));

/** Each provider's own fields, shown only for it (and for the operations the field names). */
export function providerFields(): INodeProperties[] {
	return PROVIDER_LIST.flatMap((provider) =>
		provider.fields.map((field) => ({
			...field,
			displayOptions: { ...field.displayOptions, show: { provider: [provider.name], ...field.displayOptions?.show } },
		})),
	);
}

export { isFinished, isoTime, normalizeRun, statusOf, unseenRun } from './normalize';
export type { NormalizedRun } from './normalize';
export type { ErrorFacts, Explained, ListPage, ListQuery, OutputAnswer, Provider, ProviderRequest, RequestAction, RunFacts, RunRef, RunStatus, StartInput } from './types';

/** The provider's words for a normalized status (none: the provider has no such status). */
export function wordsFor(provider: Provider, status: string): string[] {
	return Object.keys(provider.statuses).filter((word) => provider.statuses[word] === status);
}
