/**
 * The one table of the providers for every test, from the simulator registry (dev/providers): the
 * key the node and the simulator use, the display name that starts every error message ("B3OS: …"),
 * the credential type, each provider's own status words and how a test item names its run.
 */
import { DEV_PROVIDER_LIST, PROVIDER_KEYS } from '../../dev/providers';
import type { ProviderName } from '../../dev/providers';
import type { ProviderExpectations } from '../../dev/providers/types';
import type { RecordedRequest } from '../../dev/simulator';

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

/** The prefix of every error message of the node for this provider. */
export const errorPrefix = (provider: ProviderKey): string => `${WORDS[provider].name}: `;

/** A list request's status word, '' for none: the walk it belongs to. */
const walkOf = (rec: RecordedRequest): string => rec.query.getAll('status').join(',');

/**
 * Where each list request starts (page number from 1, and size), as the provider's row reads it,
 * in the order sent; the walk of each status word apart (a page follows the one before it in its walk).
 */
export function listStarts(provider: ProviderKey, requests: RecordedRequest[]): Array<{ page: number; size: number }> {
	const last = new Map<string, { page: number; answer: unknown }>();
	return requests.map((rec) => {
		const start = WORDS[provider].expect.list.pageOf(rec.query, last.get(walkOf(rec)));
		let answer: unknown;
		try {
			answer = JSON.parse(rec.answer?.body ?? '');
		} catch {
			answer = undefined;
		}
		last.set(walkOf(rec), { page: start.page, answer });
		return start;
	});
}

/**
 * The requests of a walk of every status without those of the lists of the provider's hidden status
 * words (which a list without a status filter leaves out and the node walks as well).
 */
export function withoutHidden(provider: ProviderKey, requests: RecordedRequest[]): RecordedRequest[] {
	const hidden = WORDS[provider].expect.list.hiddenWords ?? [];
	return requests.filter((rec) => !hidden.includes(walkOf(rec)));
}

/** How many lists of hidden status words a walk of every status reads as well. */
export const hiddenLists = (provider: ProviderKey): number => (WORDS[provider].expect.list.hiddenWords ?? []).length;
