/**
 * The strict fakes of the providers' run APIs (one per provider of the registry dev/providers),
 * started together on 127.0.0.1. Used by the jest tests, `npm start`, the benchmark and the local
 * simulator (scripts/simulator.ts); not part of the published package.
 */
import { DEV_PROVIDER_LIST } from '../providers';
import type { ProviderFakes, ProviderName, ProviderOptions } from '../providers';
import type { FakeProvider } from './types';

export type { Fault, FakeProvider, FakeRunSpec, FakeWorkflowSpec, RecordedRequest } from './types';
export type { ProviderName } from '../providers';

export type StartOptions = {
	/** Initial latency of every fake (each `reset()` restores it). */
	latencyMs?: number;
	/** Fixed ports (default 0: a free port). */
	ports?: Partial<Record<ProviderName, number>>;
	/** Accepted API keys (default DEFAULT_KEYS). */
	keys?: Partial<Record<ProviderName, string>>;
} & ProviderOptions;

/** The API key each fake accepts unless told otherwise. */
export const DEFAULT_KEYS = Object.fromEntries(DEV_PROVIDER_LIST.map((row) => [row.name, row.defaultKey])) as Record<ProviderName, string>;

export type Fakes = ProviderFakes & {
	all: FakeProvider[];
	close(): Promise<void>;
};

/** Starts every provider's strict fake on 127.0.0.1; `close()` stops them and drops every connection. */
export async function startFakes(opts: StartOptions = {}): Promise<Fakes> {
	const latencyMs = opts.latencyMs ?? 0;
	const fakes = DEV_PROVIDER_LIST.map((row) => row.create({ apiKey: opts.keys?.[row.name] ?? row.defaultKey, latencyMs }, opts));
	const close = async () => {
		await Promise.all(fakes.map((fake) => fake.close()));
	};
	try {
		for (const [index, fake] of fakes.entries()) await fake.listen(opts.ports?.[DEV_PROVIDER_LIST[index].name] ?? 0);
	} catch (error) {
		await close();
		throw error;
	}
	const byName = Object.fromEntries(fakes.map((fake) => [fake.name, fake])) as unknown as ProviderFakes;
	return { ...byName, all: fakes, close };
}

/** The demo runs the examples/ workflows act on, shared by `npm start`, the simulator and tests. */
export function seedExampleRuns(fakes: Fakes): void {
	for (const row of DEV_PROVIDER_LIST) row.seedExamples(fakes[row.name] as never);
}

/** Credentials (as n8n stores them, by credential type) pointing at the fakes; `overrides` by provider. */
export function credentialsFor(
	fakes: Fakes,
	overrides: Partial<Record<ProviderName, Record<string, string>>> = {},
): Record<string, Record<string, string>> {
	return Object.fromEntries(
		DEV_PROVIDER_LIST.map((row) => [row.credential, { ...row.credentials(fakes[row.name] as never), ...overrides[row.name] }]),
	);
}

/**
 * The fixed ports of `npm run simulator` and the scripts that run it: provider number i of the
 * registry (from 0) on base + 1 + i; `base` itself is the queue simulator's control server.
 */
export function simulatorPorts(base: number): Record<ProviderName, number> {
	return Object.fromEntries(DEV_PROVIDER_LIST.map((row, index) => [row.name, base + 1 + index])) as Record<ProviderName, number>;
}
