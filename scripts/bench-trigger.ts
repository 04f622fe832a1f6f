/**
 * `npm run bench`, the Run Control Trigger's lines: what a poll costs and what the trigger keeps,
 * polled through n8n-core's PollContext (as n8n polls it) against the in-process fakes. The tests
 * check these counts exactly at 0, 100 and 10,000 runs; the figures are printed here, at 1,000.
 */
import { ActiveTrigger } from '../dev/engine/poller';
import { DEV_PROVIDER_LIST } from '../dev/providers';
import type { DevProvider } from '../dev/providers';
import { credentialsFor } from '../dev/simulator';
import type { Fakes, FakeProvider } from '../dev/simulator';

type Row = (name: string, measured: string, target: string, pass?: boolean) => void;

/** Each provider of the registry, watching one workflow; its final words used in turn. */
interface Scope {
	row: DevProvider & { name: string };
	workflowId: string;
	label: string;
	finals: string[];
}

const SCOPES: Scope[] = DEV_PROVIDER_LIST.map((row) => ({
	row,
	workflowId: 'wf-watched',
	label: `${row.displayName}, one workflow`,
	finals: [row.words.success, row.words.failed, row.words.cancelled],
}));

/** Runs per step of the requests-per-poll line (the counts grow with it: one list page per 100 runs). */
const N = 1_000;
/** Runs passing through in the static data line. */
const PASSING = 10_000;

/** One active "Run Finished" trigger on a scope, with runs started a second apart in the past. */
function setUp(fakes: Fakes, scope: Scope) {
	const fake = (fakes as unknown as Record<string, FakeProvider>)[scope.row.name];
	fake.reset();
	const workflowId = scope.workflowId;
	fake.addWorkflow({ id: workflowId });
	const trigger = new ActiveTrigger({
		parameters: { provider: scope.row.name, event: 'finished', workflowId, options: {} },
		credentials: credentialsFor(fakes),
		credentialType: scope.row.credential,
	});
	let clock = Date.now() - 24 * 3_600_000;
	let number = 0;
	const start = () => {
		const id = `bench_${scope.row.name}_${++number}`;
		fake.addRun({ id, workflowId, startedAt: new Date((clock += 1000)).toISOString() });
		return id;
	};
	const finish = (ids: string[]) => ids.forEach((id, index) => fake.setStatus(id, scope.finals[index % scope.finals.length]));
	/** Requests one poll sends, and the events it emits. */
	const poll = async () => {
		const before = fake.requests.length;
		const items = await trigger.poll();
		return { requests: fake.requests.length - before, events: items?.length ?? 0 };
	};
	return { trigger, start, finish, poll };
}

/** Requests per poll at 1,000 runs, for each scope. */
async function requestsPerPoll(fakes: Fakes, scope: Scope, row: Row) {
	const { trigger, start, finish, poll } = setUp(fakes, scope);
	finish(Array.from({ length: N }, start)); // history: turning the trigger on fires none of it
	await trigger.activate();
	const quiet = await poll();
	const running = Array.from({ length: N }, start);
	const newRunning = await poll();
	const inProgress = await poll();
	finish(running);
	const finishing = await poll();
	const passing = Array.from({ length: N }, start);
	finish(passing);
	const passed = await poll();
	const pages = Math.ceil((N + 1) / 100);
	row(
		`Trigger, ${scope.label}: requests per poll, 1,000 runs`,
		`quiet ${quiet.requests}; new running ${newRunning.requests}; in progress ${inProgress.requests}; they finish ${finishing.requests}; start and finish between polls ${passed.requests}`,
		`quiet 1; between polls ≤ ${pages} (list pages)`,
		quiet.requests === 1 && passed.requests <= pages && finishing.events === N && passed.events === N,
	);
}

/** Static data while 10,000 runs pass through, 100 a poll, half of them running across a poll. */
async function staticData(fakes: Fakes, scope: Scope, row: Row) {
	const { trigger, start, finish, poll } = setUp(fakes, scope);
	await trigger.activate();
	let carried: string[] = [];
	let largest = 0;
	let events = 0;
	for (let round = 0; round < PASSING / 100; round++) {
		const started = Array.from({ length: 100 }, start);
		finish(started.slice(0, 50));
		finish(carried);
		carried = started.slice(50);
		events += (await poll()).events;
		largest = Math.max(largest, trigger.stored.length, trigger.memory().length);
	}
	finish(carried);
	events += (await poll()).events;
	row(
		`  static data, 10,000 runs passing (≤ 50 in progress at once)`,
		`at most ${largest} bytes; after ${trigger.stored.length} bytes; ${events} events`,
		'< 8 KB; 10,000 events',
		largest < 8192 && events === PASSING,
	);
}

export async function benchTrigger(fakes: Fakes, row: Row): Promise<void> {
	for (const scope of SCOPES) {
		await requestsPerPoll(fakes, scope, row);
		await staticData(fakes, scope, row);
	}
	for (const fake of fakes.all) fake.reset();
}
