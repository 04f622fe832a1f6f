/**
 * The strict fakes of the three providers' run APIs, started together on 127.0.0.1.
 * Used by the jest tests, `npm start`, the benchmark and the local simulator (scripts/simulator.ts);
 * not part of the published package.
 */
import { B3OS_DEFAULT_KEY, B3OS_DEFAULT_ORG, B3osFake } from '../providers/b3os/simulator';
import type { FakeProvider, ProviderName } from './types';
import { CORTEX_DEFAULT_APP, CORTEX_DEFAULT_KEY, CortexFake } from '../providers/cortex/simulator';
import { SUPERGLUE_DEFAULT_KEY, SuperglueFake } from '../providers/superglue/simulator';
import type { SuperglueResultsMode } from '../providers/superglue/simulator';

export type { Fault, FakeProvider, FakeRunSpec, FakeWorkflowSpec, ProviderName, RecordedRequest } from './types';
export type { SuperglueResultsMode } from '../providers/superglue/simulator';
export { B3osFake } from '../providers/b3os/simulator';
export { CortexFake } from '../providers/cortex/simulator';
export { SuperglueFake } from '../providers/superglue/simulator';

export interface StartOptions {
	/** Initial latency of every fake (each `reset()` restores it). */
	latencyMs?: number;
	/** Fixed ports (default 0: a free port). */
	ports?: Partial<Record<ProviderName, number>>;
	/** Accepted API keys (default DEFAULT_KEYS). */
	keys?: Partial<Record<ProviderName, string>>;
	/** B3OS organization an X-Org-ID header must name (default org_test0001). */
	b3osOrgId?: string;
	/** Cortex app id accepted in paths besides `c` (default app_test0001). */
	cortexAppId?: string;
	/** superglue GET /runs/{id}/results: 'oss' (default: no such route, as 1.4.0) or 'hosted'. */
	superglueResults?: SuperglueResultsMode;
}

export const DEFAULT_KEYS: Record<ProviderName, string> = {
	superglue: SUPERGLUE_DEFAULT_KEY,
	b3os: B3OS_DEFAULT_KEY,
	cortex: CORTEX_DEFAULT_KEY,
};

export const DEFAULT_B3OS_ORG_ID = B3OS_DEFAULT_ORG;
export const DEFAULT_CORTEX_APP_ID = CORTEX_DEFAULT_APP;

export interface Fakes {
	superglue: SuperglueFake;
	b3os: B3osFake;
	cortex: CortexFake;
	all: FakeProvider[];
	close(): Promise<void>;
}

/** Starts the three strict provider fakes on 127.0.0.1; `close()` stops them and drops every connection. */
export async function startFakes(opts: StartOptions = {}): Promise<Fakes> {
	const keys = { ...DEFAULT_KEYS, ...opts.keys };
	const latencyMs = opts.latencyMs ?? 0;
	const superglue = new SuperglueFake({ apiKey: keys.superglue, latencyMs, resultsMode: opts.superglueResults });
	const b3os = new B3osFake({ apiKey: keys.b3os, latencyMs, orgId: opts.b3osOrgId });
	const cortex = new CortexFake({ apiKey: keys.cortex, latencyMs, appId: opts.cortexAppId });
	const all: FakeProvider[] = [superglue, b3os, cortex];
	const close = async () => {
		await Promise.all(all.map((fake) => fake.close()));
	};
	try {
		await superglue.listen(opts.ports?.superglue ?? 0);
		await b3os.listen(opts.ports?.b3os ?? 0);
		await cortex.listen(opts.ports?.cortex ?? 0);
	} catch (error) {
		await close();
		throw error;
	}
	return { superglue, b3os, cortex, all, close };
}
