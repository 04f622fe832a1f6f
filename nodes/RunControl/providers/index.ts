import { b3os } from './b3os';
import { cortex } from './cortex';
import { superglue } from './superglue';
import type { Provider, ProviderName } from './types';

export const PROVIDERS: Readonly<Record<ProviderName, Provider>> = { superglue, b3os, cortex };

export function providerNamed(name: string): Provider | undefined {
	return Object.prototype.hasOwnProperty.call(PROVIDERS, name)
		? PROVIDERS[name as ProviderName]
		: undefined;
}

export type { Provider, ProviderName, RunRef, RunStatus, RunFacts, ProviderRequest } from './types';
