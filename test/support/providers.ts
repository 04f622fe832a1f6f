/**
 * The one table of the providers for every test, from the simulator registry (dev/providers): the
 * key the node and the simulator use, the display name that starts every error message ("B3OS: …"),
 * the credential type, each provider's own status words and how a test item names its run.
 */
import { DEV_PROVIDER_LIST, PROVIDER_KEYS } from '../../dev/providers';
import type { ProviderName } from '../../dev/providers';
import type { ProviderExpectations } from '../../dev/providers/types';

export type ProviderKey = ProviderName;

export interface ProviderRow {
	key: ProviderKey;
	/** Display name; every error message of the node starts with `${name}: `. */
	name: string;
	credential: string;
	running: string;
	success: string;
	failed: string;
	cancelled: string;
	/** Node parameters besides Run ID with which an item `{ runId, workflowId?, workflowSource? }` names its run. */
	itemParameters: Record<string, unknown>;
	/** What the shared suites expect of it (dev/providers/<name>/index.ts). */
	expect: ProviderExpectations;
}

export const WORDS = Object.fromEntries(
	DEV_PROVIDER_LIST.map((row): [ProviderKey, ProviderRow] => [
		row.name,
		{ key: row.name, name: row.displayName, credential: row.credential, ...row.words, itemParameters: row.itemParameters, expect: row.expect as ProviderExpectations },
	]),
) as Record<ProviderKey, ProviderRow>;

/** Every provider key, in the registry's order (a non-empty tuple, for zod enums). */
export const ALL_PROVIDER_KEYS = PROVIDER_KEYS;

/**
 * The providers the shared suites run over: every row but those marked `sharedSuites: false`
 * (whose own suites cover them until the shared expectations come from the rows).
 */
export const SHARED_PROVIDER_KEYS = PROVIDER_KEYS.filter((key) => DEV_PROVIDER_LIST.find((row) => row.name === key)?.sharedSuites !== false) as [ProviderKey, ...ProviderKey[]];

/** The prefix of every error message of the node for this provider. */
export const errorPrefix = (provider: ProviderKey): string => `${WORDS[provider].name}: `;
