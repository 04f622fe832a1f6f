/**
 * The one table of the three providers for every test: the key the node and the simulator use,
 * the display name that starts every error message ("B3OS: …"), the credential type, and each
 * provider's own status words.
 */
import type { ProviderName } from '../../dev/simulator';

export type ProviderKey = ProviderName;

export interface ProviderRow {
	key: ProviderKey;
	/** Display name; every error message of the node starts with `${name}: `. */
	name: string;
	credential: 'superglueApi' | 'b3osApi' | 'cortexApi';
	running: string;
	success: string;
	failed: string;
	cancelled: string;
}

export const WORDS: Record<ProviderKey, ProviderRow> = {
	superglue: { key: 'superglue', name: 'superglue', credential: 'superglueApi', running: 'running', success: 'success', failed: 'failed', cancelled: 'aborted' },
	b3os: { key: 'b3os', name: 'B3OS', credential: 'b3osApi', running: 'running', success: 'success', failed: 'failure', cancelled: 'cancelled' },
	cortex: { key: 'cortex', name: 'Cortex', credential: 'cortexApi', running: 'RUNNING', success: 'COMPLETED', failed: 'FAILED', cancelled: 'CANCELLED' },
};

/** The provider keys, in the table's order (a non-empty tuple, for zod enums). */
export const PROVIDER_KEYS = Object.keys(WORDS) as [ProviderKey, ...ProviderKey[]];

/** The prefix of every error message of the node for this provider. */
export const errorPrefix = (provider: ProviderKey): string => `${WORDS[provider].name}: `;
