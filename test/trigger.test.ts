/**
 * The Run Control Trigger, polled through n8n-core's PollContext as n8n polls it, against the strict
 * fakes: exactly once, nothing missed, nothing flooded, for each provider (org-wide and per
 * tool/workflow) and each event: no backlog at activation; runs that start and finish between two
 * polls; runs spanning the activation; a failing poll and the recovery; n8n restarted (static data
 * stored after every poll, or only when a poll emits, as n8n 2.41.1 does); 10,000 runs passing
 * through with bounded static data; requests per poll; Fetch Test Event.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { FakeProvider } from '../dev/simulator';
import { ActiveTrigger } from '../dev/engine/poller';
import { credentialsFor, hiddenLists, PROVIDER_KEYS, useFakes, WORDS } from './support/world';
import type { Fakes, ProviderKey, ProviderRow } from './support/world';

const fakes = useFakes();

type Event = 'finished' | 'succeeded' | 'failed' | 'cancelled' | 'started';
const EVENTS: Event[] = ['finished', 'succeeded', 'failed', 'cancelled', 'started'];

interface Scope {
	provider: ProviderKey;
	/** '' = every run the key sees. */
	workflowId: string;
	label: string;
}

/** Each provider's scopes, from its row in dev/providers. */
const SCOPES: Scope[] = PROVIDER_KEYS.flatMap((provider) => WORDS[provider].expect.trigger.scopes.map((scope) => ({ provider, ...scope })));

type Final = ProviderRow['expect']['finals'][number];

function fires(event: Event, status: Final['status']): boolean {
	if (event === 'finished') return true;
	if (event === 'failed') return status === 'failed' || status === 'partial';
	return event === status;
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
const sorted = (list: string[]) => [...list].sort();
let runNumber = 0;

/**
 * One trigger against the fakes, and what it should emit: every run started (event `started`) or
 * finished (other events) while the workflow is active, in the watched scope, exactly once.
 */
class World {
	readonly trigger: ActiveTrigger;
	active = false;
	expected: string[] = [];
	emitted: string[] = [];

	constructor(
		readonly all: Fakes,
		readonly scope: Scope,
		readonly event: Event,
		saving: 'every-poll' | 'on-emit' = 'on-emit',
		options: Record<string, unknown> = {},
	) {
		const { provider, workflowId } = scope;
		this.trigger = new ActiveTrigger({
			parameters: { provider, event, workflowId, options },
			credentials: credentialsFor(all),
			credentialType: WORDS[provider].credential,
			saving,
		});
		// A workflow must exist to be listed (B3OS, Cortex answer 404 for an unknown one).
		this.fake.addWorkflow({ id: this.watchedWorkflow });
		this.fake.addWorkflow({ id: 'wf-other' });
	}

	get fake(): FakeProvider {
		return this.all[this.scope.provider];
	}

	get watchedWorkflow(): string {
		return this.scope.workflowId || 'wf-any';
	}

	get finals(): Final[] {
		return WORDS[this.scope.provider].expect.finals;
	}

	/** Starts a run; `other`: of another workflow (does not count when one workflow is watched). */
	start(opts: { other?: boolean; queuedMs?: number; startedAt?: number } = {}): string {
		const id = `run_${this.scope.provider}_${++runNumber}`;
		const counts = !opts.other || this.scope.workflowId === '';
		const startedAt = opts.startedAt === undefined ? undefined : new Date(opts.startedAt).toISOString();
		this.fake.addRun({ id, workflowId: opts.other ? 'wf-other' : this.watchedWorkflow, startAfterMs: opts.queuedMs, startedAt });
		if (this.active && counts && this.event === 'started') this.expected.push(id);
		return id;
	}

	finish(id: string, final: Final): void {
		this.fake.setStatus(id, final.word);
		const counts = !this.others.has(id) || this.scope.workflowId === '';
		if (this.active && counts && this.event !== 'started' && fires(this.event, final.status)) this.expected.push(id);
	}

	private readonly others = new Set<string>();

	startOther(): string {
		const id = this.start({ other: true });
		this.others.add(id);
		return id;
	}

	/** Runs that start and finish at once, one per final status (and one of another workflow). */
	startAndFinishEach(): string[] {
		const ids = this.finals.map((final) => {
			const id = this.start();
			this.finish(id, final);
			return id;
		});
		const other = this.startOther();
		this.finish(other, this.finals[1]);
		return ids;
	}

	record(items: INodeExecutionData[] | null): void {
		for (const item of items ?? []) {
			const json = item.json as Record<string, unknown>;
			expect(json).toMatchObject({ provider: this.scope.provider, operation: 'trigger', trigger: { event: this.event } });
			if (this.event !== 'started') expect(json.finished).toBe(true);
			this.emitted.push(String(json.runId));
		}
	}

	async activate(): Promise<void> {
		const items = await this.trigger.activate();
		expect(items).toBeNull(); // no backlog
		this.active = true;
	}

	async poll(): Promise<INodeExecutionData[] | null> {
		const items = await this.trigger.poll();
		this.record(items);
		return items;
	}

	async restart(): Promise<void> {
		this.record(await this.trigger.restart());
	}

	/** Everything that should have fired did, once. */
	check(): void {
		expect(sorted(this.emitted)).toEqual(sorted(this.expected));
	}

	/** Runs that finish later: one per final status, of the watched workflow, started now. */
	startSpanning(): string[] {
		return this.finals.map(() => this.start());
	}

	finishAll(ids: string[]): void {
		ids.forEach((id, index) => this.finish(id, this.finals[index % this.finals.length]));
	}
}

describe.each(SCOPES)('Run Control Trigger: $label', (scope) => {
	describe.each(EVENTS)('event %s', (event) => {
		test('activation emits no backlog; runs that start and finish between polls, and runs spanning the activation, fire once', async () => {
			const world = new World(fakes, scope, event);
			// History: finished runs of every status, runs still running, runs of another workflow.
			world.startAndFinishEach();
			const spanning = world.startSpanning();
			world.startOther();
			const queued = WORDS[scope.provider].expect.queuedWord ? world.start({ queuedMs: 250 }) : undefined;
			await world.activate();
			expect(await world.poll()).toBeNull(); // nothing happened
			world.check();

			world.startAndFinishEach();
			const later = world.startSpanning();
			await world.poll();
			world.check();

			world.finishAll(spanning);
			if (queued) await sleep(300); // the queued Cortex run starts (its start time is now set)
			await world.poll();
			world.check();

			world.finishAll(later);
			if (queued) world.finish(queued, world.finals[0]);
			const noise = world.startOther();
			world.finish(noise, world.finals[2]);
			await world.poll();
			world.check();

			expect(await world.poll()).toBeNull();
			world.check();
			expect(world.emitted.length).toBeGreaterThan(0);
		});

		test('a failing poll emits nothing and moves nothing; the next poll emits each event once', async () => {
			const world = new World(fakes, scope, event);
			const early = world.startSpanning();
			await world.activate();
			world.startAndFinishEach();
			const running = world.startSpanning();
			await world.poll();
			world.check();

			world.startAndFinishEach();
			world.finishAll(running);
			world.finishAll(early); // started before the cursor: confirmed by a read of its own
			const stored = world.trigger.stored;
			const memory = world.trigger.memory();
			const kind = EVENTS.indexOf(event) % 3;
			const statusFiltered = WORDS[scope.provider].expect.trigger.filtersStatus(scope.workflowId);
			const { paths } = WORDS[scope.provider].expect;
			const listPath = paths.list;
			if (kind === 0) world.fake.inject({ path: listPath, status: 429, headers: { 'retry-after': '0' }, times: 5 });
			else if (kind === 1 && statusFiltered && event !== 'started') world.fake.inject({ path: paths.run(early[0]), status: 503, times: 3 });
			else if (kind === 1) world.fake.inject({ path: listPath, status: 502, times: 3 });
			else world.fake.inject({ path: listPath, kind: 'reset', times: 3 });
			const failed = await world.trigger.poll().then(
				() => undefined,
				(error: unknown) => error as Error,
			);
			expect(failed).toBeInstanceOf(Error);
			expect(failed?.message).toMatch(new RegExp(`^${WORDS[scope.provider].name}: `));
			expect(JSON.stringify(failed)).not.toContain(world.fake.apiKey);
			expect(world.trigger.memory()).toBe(memory);
			expect(world.trigger.stored).toBe(stored);
			expect(world.emitted.length).toBeLessThan(world.expected.length); // events are pending

			await world.poll();
			world.check();
			expect(await world.poll()).toBeNull();
			world.check();
		});

		test.each(['every-poll', 'on-emit'] as const)('n8n restarted between polls (static data stored %s): nothing repeated, nothing lost', async (saving) => {
			const world = new World(fakes, scope, event, saving);
			const spanning = world.startSpanning();
			await world.activate();
			world.startAndFinishEach();
			await world.poll(); // emits (all events but... each event has a matching run here)
			world.check();
			// Polls that change the state without emitting (n8n 2.41.1 does not store their state).
			const quiet = world.startSpanning();
			await world.poll();
			const other = world.startOther();
			world.finish(other, world.finals[0]);
			await world.poll();
			world.check();
			// Runs that finish while n8n is down, and n8n restarts.
			world.finishAll(spanning);
			world.startAndFinishEach();
			await world.restart();
			world.check();
			world.finishAll(quiet);
			await world.poll();
			world.check();
			// Restarted again right after a poll that emitted nothing.
			const again = world.startSpanning();
			await world.poll();
			await world.restart();
			world.finishAll(again);
			await world.poll();
			world.check();
			expect(await world.poll()).toBeNull();
			world.check();
		});
	});

	describe.each([
		['newest first', 'newestFirst'],
		['oldest first', 'oldestFirst'],
	] as const)('pages capped at 7 runs, %s', (_label, order) => {
		test.each(['started', 'finished'] as const)('event %s: each event once across pages, with runs starting and finishing between polls', async (event) => {
			const world = new World(fakes, scope, event);
			world.fake.pageCap = 7;
			world.fake.listOrder = order;
			let clock = Date.now() - 3_600_000;
			const at = () => (clock += 1000);
			// History: 20 finished runs and 9 running ones, all before activation.
			for (let index = 0; index < 20; index++) world.finish(world.start({ startedAt: at() }), world.finals[index % world.finals.length]);
			const spanning = Array.from({ length: 9 }, () => world.start({ startedAt: at() }));
			await world.activate();
			expect(await world.poll()).toBeNull();
			// 17 runs start (more than two pages); 8 of them finish at once; the spanning runs finish.
			const later = Array.from({ length: 17 }, () => world.start({ startedAt: at() }));
			world.finishAll(later.slice(0, 8));
			world.finishAll(spanning.slice(0, 5));
			await world.poll();
			world.check();
			world.finishAll(later.slice(8));
			world.finishAll(spanning.slice(5));
			for (let index = 0; index < 10; index++) world.finish(world.start({ startedAt: at() }), world.finals[index % world.finals.length]);
			await world.poll();
			world.check();
			expect(await world.poll()).toBeNull();
			world.check();
			expect(world.emitted.length).toBe(event === 'started' ? 27 : 9 + 17 + 10);
			expect(world.fake.rejected).toEqual([]);
		});
	});

	test('Fetch Test Event: the most recent matching run, or one error naming the event and workflow; the saved state is left as it is', async () => {
		const world = new World(fakes, scope, 'failed');
		await world.activate();
		await expect(world.trigger.fetchTestEvent()).rejects.toThrow(/^\w+: no recent run( of (workflow|tool) '[^']+')? matches the event Run Failed$/);
		const [, failedFirst] = world.startAndFinishEach();
		await sleep(5);
		const failedLast = world.start();
		await sleep(5);
		const succeeded = world.start();
		world.finish(succeeded, world.finals[0]);
		await sleep(5);
		world.finish(failedLast, world.finals[1]);
		const before = world.fake.requests.length;
		const items = await world.trigger.fetchTestEvent();
		expect(items?.map((item) => item.json.runId)).toEqual([failedLast]);
		expect(items?.[0].json).toMatchObject({ operation: 'trigger', trigger: { event: 'failed' }, status: 'failed' });
		expect(world.fake.requests.length - before).toBeLessThanOrEqual(3);
		expect(failedFirst).not.toBe(failedLast);

		const started = new World(fakes, scope, 'started');
		const newest = started.start();
		const items2 = await started.trigger.fetchTestEvent();
		expect(items2?.map((item) => item.json.runId)).toEqual([newest]);
	});
});

describe.each(SCOPES)('Run Control Trigger, activation and scale: $label', (scope) => {
	test('turned off and on again: what finished while it was off is no backlog; a republished active workflow (update) or a restart (init) loses nothing', async () => {
		const world = new World(fakes, scope, 'finished');
		const spanning = world.startSpanning();
		await world.activate();
		world.startAndFinishEach();
		await world.poll();
		world.check();
		// Turned off: polls stop; runs finish and start meanwhile.
		world.active = false;
		world.finishAll(spanning);
		world.startAndFinishEach();
		const runningWhileOff = world.startSpanning();
		// Turned on again: no backlog, but a run that was running then fires when it finishes.
		expect(await world.trigger.activate('activate')).toBeNull();
		world.active = true;
		world.finishAll(runningWhileOff);
		await world.poll();
		world.check();
		// Republished while active ('update'): what finished meanwhile fires.
		const more = world.startSpanning();
		await world.poll();
		world.finishAll(more);
		world.startAndFinishEach();
		world.record(await world.trigger.activate('update'));
		world.check();
		expect(world.emitted.length).toBeGreaterThan(0);
	});

	test('10,000 runs passing through, 100 per poll, half of them running across a poll: each fires once, static data stays bounded', async () => {
		const world = new World(fakes, scope, 'finished');
		await world.activate();
		let carried: string[] = [];
		let largest = 0;
		for (let round = 0; round < 100; round++) {
			const started = Array.from({ length: 100 }, () => world.start());
			world.finishAll(started.slice(0, 50));
			world.finishAll(carried);
			carried = started.slice(50);
			await world.poll();
			largest = Math.max(largest, world.trigger.stored.length, world.trigger.memory().length);
		}
		world.finishAll(carried);
		await world.poll();
		world.check();
		expect(world.emitted).toHaveLength(10_000);
		// 50 runs in progress at once at most: their IDs, nothing about the 10,000 that passed.
		expect(largest).toBeLessThan(8_192);
	}, 180_000);

	test('requests per poll at 0, 100 and 10,000 runs: list pages, plus one read per finished run where the list cannot show it', async () => {
		// The status words unfinished runs are listed by (e.g. running and waiting).
		const words = WORDS[scope.provider].expect.trigger.unfinishedWords;
		const statusFiltered = WORDS[scope.provider].expect.trigger.filtersStatus(scope.workflowId);
		for (const n of [0, 100, 10_000]) {
			for (const fake of fakes.all) fake.reset();
			const world = new World(fakes, scope, 'finished');
			// Start times one second apart, in the past (many runs a millisecond is no real history).
			let clock = Date.now() - 24 * 3_600_000;
			const start = () => world.start({ startedAt: (clock += 1000) });
			for (let index = 0; index < n; index++) world.finish(start(), world.finals[index % world.finals.length]);
			const count = async (what: () => Promise<unknown>) => {
				const before = world.fake.requests.length;
				await what();
				return world.fake.requests.length - before;
			};
			await world.activate();
			const quiet = await count(async () => await world.poll());
			const running = Array.from({ length: n }, start);
			const newRunning = await count(async () => await world.poll());
			const marker = start();
			world.finish(marker, world.finals[0]);
			await world.poll();
			const inProgress = await count(async () => await world.poll());
			world.finishAll(running);
			const inProgressFinished = await count(async () => await world.poll());
			const passing = Array.from({ length: n }, start);
			world.finishAll(passing);
			const passed = await count(async () => await world.poll());
			world.check();
			const { expect: row } = WORDS[scope.provider];
			const pages = (runs: number) => Math.max(1, Math.ceil(runs / row.list.pageSize));
			// Lists of statuses a plain list leaves out (the first holds the unfinished runs), walked as well.
			const hidden = hiddenLists(scope.provider);
			// The walk down to the previous poll's newest run, over `unfinished` new unfinished runs and
			// `done` new finished ones: one list, or the hidden lists and the plain one.
			const walk = (unfinished: number, done: number) => (hidden > 0 ? pages(unfinished) + (hidden - 1) + pages(done + 1) : pages(unfinished + done + 1));
			// Unfinished runs, listed by status where the server filters (the first word has the runs,
			// the others one empty page each); else the unfiltered list down to the oldest unfinished run.
			const unfinishedLists = (runs: number) => (runs === 0 ? 0 : pages(runs) + words - 1);
			// Where a failed run's message is not in the list, each failed run emitted is read once for it.
			const errorReads = (runs: number) =>
				row.errorRead ? Array.from({ length: runs }, (_, index) => world.finals[index % world.finals.length]).filter((final) => final.status === 'failed').length : 0;
			expect(quiet).toBe(walk(0, 0));
			expect(newRunning).toBe(walk(n, 0) + (statusFiltered ? unfinishedLists(n) : 0));
			expect(inProgress).toBe(statusFiltered ? walk(0, 0) + unfinishedLists(n) : walk(n, 0));
			// Each run that left the unfinished list is read once to confirm it (none where the list shows it).
			expect(inProgressFinished).toBe((statusFiltered ? walk(0, 0) + (n === 0 ? 0 : words + n) : walk(0, n)) + errorReads(n));
			expect(passed).toBe(walk(0, n) + errorReads(n));
		}
	}, 180_000);
});
