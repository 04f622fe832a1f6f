/**
 * The two registries agree: every provider of the node (nodes/RunControl/providers, built) has its
 * row in the simulator registry (dev/providers) with the same name, display name and credential,
 * its credential is loaded from package.json like n8n loads it, and the row's status words mean
 * what the suites take them to mean. Then each provider's own test cases, where its folder has
 * them (dev/providers/<name>/cases.ts, a function declaring tests on the running fakes).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import { credentialTypes, ROOT } from '../dev/engine/harness';
import { DEV_PROVIDER_LIST } from '../dev/providers';
import { useFakes } from './support/world';
import type { Fakes } from './support/world';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PROVIDER_LIST, statusOf } = require(path.join(ROOT, 'dist/nodes/RunControl/providers')) as typeof import('../nodes/RunControl/providers');

test('the simulator registry has one row per provider of the node, in the same order', () => {
	expect(DEV_PROVIDER_LIST.map((row) => row.name)).toEqual(PROVIDER_LIST.map((provider) => provider.name));
});

describe.each(PROVIDER_LIST.map((provider) => [provider.name, provider] as const))('%s', (name, provider) => {
	const row = DEV_PROVIDER_LIST.find((candidate) => candidate.name === name);

	test('its row names the same display name and credential; the credential is in package.json', () => {
		expect(row).toBeDefined();
		expect(row?.displayName).toBe(provider.displayName);
		expect(row?.credential).toBe(provider.credentialType);
		expect(credentialTypes[provider.credentialType]?.name).toBe(provider.credentialType);
	});

	test("the row's status words normalize as the suites expect", () => {
		const { words, expect: expected } = row!;
		expect([words.running, words.success, words.failed, words.cancelled].map((word) => statusOf(provider, word))).toEqual(['running', 'succeeded', 'failed', 'cancelled']);
		for (const final of expected.finals) expect(statusOf(provider, final.word)).toBe(final.status);
		if (expected.queuedWord) expect(statusOf(provider, expected.queuedWord)).toBe('queued');
	});

	test("the row's expectations match the node's provider where both say it", () => {
		const expected = row!.expect;
		expect(expected.workflowLabel).toBe(provider.workflowLabel);
		expect(expected.workflowNoun).toBe(provider.workflowNoun);
		expect(expected.needsWorkflowId).toBe(provider.needsWorkflowId);
		expect(expected.start === undefined).toBe(provider.start === undefined);
	});
});

/** A provider's own cases: `export default (fakes: Fakes) => { describe(…) }` in dev/providers/<name>/cases.ts. */
type Cases = (fakes: Fakes) => void;
const withCases = DEV_PROVIDER_LIST.map((row) => ({ name: row.name, file: path.join(ROOT, 'dev/providers', row.name, 'cases.ts') })).filter((entry) =>
	existsSync(entry.file),
);
if (withCases.length > 0) {
	const fakes = useFakes();
	for (const entry of withCases) {
		describe(`${entry.name}: its own cases`, () => {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			(require(entry.file) as { default: Cases }).default(fakes);
		});
	}
}
