/** Shared test set-up: the strict fakes, credentials pointing at them, and a one-call workflow run. */
import type { INodeExecutionData } from 'n8n-workflow';

import { credentialsFor, startFakes } from '../../dev/simulator';
import type { FakeProvider, Fakes, StartOptions as FakeStartOptions } from '../../dev/simulator';
import { runControlWorkflow, runWorkflow } from '../../dev/engine/harness';
import type { RunResult } from '../../dev/engine/harness';
import type { ProviderKey } from './providers';
import { WORDS } from './providers';
import { expectNormalized } from './schema';

export type { Fakes };
export { credentialsFor };
export { ALL_PROVIDER_KEYS as PROVIDER_KEYS, errorPrefix, hiddenLists, listStarts, withoutHidden, WORDS } from './providers';
export type { ProviderKey, ProviderRow } from './providers';

/**
 * The fakes for one test file: started before the first test, reset before each, closed after
 * the last. The returned object stands for the running fakes (use it only inside tests and hooks).
 * `strict`: after each test, assert that the fakes refused no request (`expectNoRejections`).
 */
export function useFakes(opts: FakeStartOptions & { strict?: boolean } = {}): Fakes {
	const { strict, ...startOptions } = opts;
	let current: Fakes | undefined;
	beforeAll(async () => {
		current = await startFakes(startOptions);
	});
	afterAll(async () => {
		await current?.close();
		current = undefined;
	});
	beforeEach(() => {
		for (const fake of running().all) fake.reset();
	});
	if (strict) afterEach(() => expectNoRejections(running()));
	const running = (): Fakes => {
		if (!current) throw new Error('useFakes(): the fakes are not running (use them inside tests and hooks only)');
		return current;
	};
	return new Proxy({} as Fakes, {
		get: (_target, property) => Reflect.get(running(), property),
		has: (_target, property) => Reflect.has(running(), property),
	});
}

export interface RunOptions {
	options?: Record<string, unknown>;
	parameters?: Record<string, unknown>;
	continueOnFail?: boolean;
	credentials?: Partial<Record<ProviderKey, Record<string, string>>>;
	onStarted?: (stop: () => void) => void;
}

export interface NodeRun extends RunResult {
	out: INodeExecutionData[];
	json: Array<Record<string, unknown>>;
}

export type Operation = 'get' | 'cancel' | 'waitUntilFinished' | 'start' | 'getAll' | 'retry';

/**
 * Runs Manual Trigger → items → Run Control; each input item is `{ runId, workflowId? }` (Start and
 * Get Many take their own parameters through `opts.parameters`, e.g. `workflowId`, `inputs`).
 */
export async function runNode(
	fakes: Fakes,
	provider: ProviderKey,
	operation: Operation,
	items: Array<Record<string, unknown>>,
	opts: RunOptions = {},
): Promise<NodeRun> {
	const parameters: Record<string, unknown> = {
		provider,
		operation,
		runId: '={{ $json.runId }}',
		options: opts.options ?? {},
		...WORDS[provider].itemParameters,
		...opts.parameters,
	};
	const credential = WORDS[provider].credential;
	const workflow = runControlWorkflow(parameters, items, { [credential]: { id: `${provider}-cred`, name: provider } }, opts.continueOnFail ? { continueOnFail: true } : {});
	const result = await runWorkflow(workflow, { credentials: credentialsFor(fakes, opts.credentials), onStarted: opts.onStarted });
	const out = result.items('Run Control');
	return { ...result, out, json: out.map((item) => item.json as Record<string, unknown>) };
}

/** Every emitted run item must satisfy the contract's schema. */
export function expectAllNormalized(run: NodeRun) {
	return run.out.filter((item) => !('error' in item.json && !('status' in item.json))).map((item) => expectNormalized(item.json));
}

export function fakeOf(fakes: Fakes, provider: ProviderKey): FakeProvider {
	return fakes[provider];
}

/** No request the strict fakes refused. */
export function expectNoRejections(fakes: Fakes) {
	for (const fake of fakes.all) expect(fake.rejected.map((entry) => `${fake.name}: ${entry.status} ${entry.reason} ${entry.req.method} ${entry.req.rawPath}`)).toEqual([]);
}
