/**
 * The simulator registry: every provider the dev tools know, one line each, in the node's order.
 * Adding a provider: its folder dev/providers/<name>/ (fake, recorded answers, row) and a line here.
 */
import { b3os } from './b3os';
import { cortex } from './cortex';
import { n8n } from './n8n';
import { superglue } from './superglue';
import type { DevProvider } from './types';

export const DEV_PROVIDERS = { superglue, b3os, cortex, n8n } as const;

export type ProviderName = keyof typeof DEV_PROVIDERS;

/** The rows in registry order. */
export const DEV_PROVIDER_LIST: ReadonlyArray<DevProvider & { name: ProviderName }> = Object.values(DEV_PROVIDERS) as never;

/** The provider names, in registry order (a non-empty tuple, for zod enums). */
export const PROVIDER_KEYS = Object.keys(DEV_PROVIDERS) as [ProviderName, ...ProviderName[]];

type Registry = typeof DEV_PROVIDERS;
/** Each provider's fake, by name. */
export type ProviderFakes = { [K in ProviderName]: ReturnType<Registry[K]['create']> };
type UnionToIntersection<U> = (U extends unknown ? (arg: U) => void : never) extends (arg: infer I) => void ? I : never;
/** The startFakes options the providers read (each its own). */
export type ProviderOptions = UnionToIntersection<Parameters<Registry[ProviderName]['create']>[1]>;

export function devProvider(name: string): DevProvider {
	if (!Object.prototype.hasOwnProperty.call(DEV_PROVIDERS, name)) throw new Error(`No provider '${name}' in dev/providers`);
	return DEV_PROVIDERS[name as ProviderName] as DevProvider;
}

export type { DevProvider } from './types';
