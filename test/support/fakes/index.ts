import { B3osFake } from './b3os';
import type { FakeProvider, ProviderName } from './common';
import { CortexFake } from './cortex';
import { SuperglueFake } from './superglue';

export type { Fault, FakeProvider, FakeRunSpec, ProviderName, RecordedRequest } from './common';

export interface StartOptions {
	latencyMs?: number;
	ports?: Partial<Record<ProviderName, number>>;
	keys?: Partial<Record<ProviderName, string>>;
	b3osOrgId?: string;
	cortexAppId?: string;
}

export const DEFAULT_KEYS: Record<ProviderName, string> = {
	superglue: 'sg-test-key-0001',
	b3os: 'b3sk_test_key_0001',
	cortex: 'ctx-test-key-0001',
};

/** Starts the three strict provider fakes on 127.0.0.1. */
export async function startFakes(options: StartOptions = {}) {
	const keys = { ...DEFAULT_KEYS, ...options.keys };
	const superglue = await new SuperglueFake(keys.superglue).listen(options.ports?.superglue);
	const b3os = await new B3osFake(keys.b3os, options.b3osOrgId ?? 'org_test0001').listen(options.ports?.b3os);
	const cortex = await new CortexFake(keys.cortex, options.cortexAppId ?? 'app_test0001').listen(options.ports?.cortex);
	const all: FakeProvider[] = [superglue, b3os, cortex];
	for (const fake of all) fake.latencyMs = options.latencyMs ?? 0;
	return {
		superglue: superglue as FakeProvider,
		b3os: b3os as FakeProvider,
		cortex: cortex as FakeProvider,
		all,
		async close() {
			await Promise.all(all.map((fake) => fake.close()));
		},
	};
}
