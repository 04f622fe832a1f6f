import type { NormalizedRun, Provider } from '../providers';
import { DeadlineReached } from '../transport';
import type { Stopper } from '../transport';

/** A run as one read or one list entry showed it. */
export interface Seen<T> {
	run: NormalizedRun;
	state: T;
}

/** What the watcher needs of the run client. */
export interface WatchSource<T> {
	provider: Provider;
	stopper: Stopper;
	/**
	 * One walk of the workflow's run list (every status), page after page as the server serves
	 * it, at most `maxPages` pages. `visit` sees each run once (and the number of the page that
	 * showed it) and returns false to end the walk; `newestFirst` says whether every page so far was
	 * newest first by start time. `from` resumes an earlier walk at a page, from the continuation
	 * the page before it gave; `after` holds what each page read gave (page `startPage + i`).
	 * `complete`: the walk ended because the list ended or `visit` ended it (not for the budget).
	 */
	walk(
		workflowId: string,
		visit: (seen: Seen<T>, newestFirst: boolean, page: number) => boolean,
		maxPages: number,
		from?: { page: number; next: unknown },
	): Promise<{ pages: number; complete: boolean; startPage: number; after: unknown[] }>;
}

/** What one list round saw. */
interface Round<T> {
	/** The runs waited on when the round began (a run that joined later waits for the next one). */
	asked: Set<string>;
	listed: Map<string, Seen<T>>;
	/** The round walked the list as far as its members can be (else they are read on their own). */
	complete: boolean;
}

/** A watched run of the group: its start time once a read or a list showed it, and the page of its group's list that last showed it. */
interface Member {
	startedAt: number | undefined;
	page: number | undefined;
}

/**
 * Runs of one workflow watched with one poll interval. While the group has as many members as a
 * round of its list costs, one walk of the workflow's list per interval serves every member: the
 * walk goes newest first down to the oldest member and stops as soon as it has seen them all; it
 * resumes at the page that showed the first of them last time.
 * A round never sends more pages than the group has members; a list that turns out longer ends
 * the round incomplete, and the group goes back to per-run polling until it outgrows that list.
 */
class Group<T> {
	readonly members = new Map<string, Member>();

	/** Pages the last round sent (first guess: one). */
	private pagesPerRound = 1;

	/** After a round cut short: the group must outgrow this before list rounds pay again. */
	private floor = 0;

	/** Page number → the continuation its last walk gave (where the page after it starts). */
	private readonly continuations = new Map<number, unknown>();

	private round: Promise<Round<T>> | undefined;

	private lastAnswerAt = 0;

	constructor(
		private readonly source: WatchSource<T>,
		private readonly workflowId: string,
		private readonly intervalMs: number,
	) {}

	/**
	 * A list round pays while it costs no more than one read per member: its cost is the pages from
	 * where it resumes to the page that last showed the member furthest down the list (the walk ends
	 * once it has seen them all), or, for members not listed yet, what the last round cost. A lone run is read on its own until a
	 * list has shown it.
	 */
	get worthIt(): boolean {
		const count = this.members.size;
		let furthest = 0;
		let nearest = Infinity;
		let unplaced = false;
		for (const member of this.members.values()) {
			if (member.page === undefined) unplaced = true;
			else {
				furthest = Math.max(furthest, member.page);
				nearest = Math.min(nearest, member.page);
			}
		}
		const cost = Math.max(this.floor, unplaced ? Math.max(furthest, this.pagesPerRound) : furthest - (this.continuations.has(nearest - 1) ? nearest - 1 : 0));
		return count >= cost && (count > 1 || !unplaced);
	}

	/** The next list round: the one in flight, else a new one once the interval since the last answer has passed. */
	next(): Promise<Round<T>> {
		if (this.round) return this.round;
		const round = (async (): Promise<Round<T>> => {
			await this.source.stopper.pause(this.lastAnswerAt + this.intervalMs - Date.now());
			const listed = new Map<string, Seen<T>>();
			const asked = new Set(this.members.keys());
			const wanted = new Set(asked);
			const count = this.members.size;
			const starts = [...this.members.values()].map((member) => member.startedAt);
			// Where every member's start is known, a newest-first walk past the oldest can end.
			const oldest = starts.every((at) => at !== undefined) ? Math.min(...(starts as number[])) : undefined;
			const budget = Math.max(1, count);
			// Members all listed on page p or further down last time: pages before p hold none of
			// them (runs started since push members down, never up), so the walk resumes at p.
			const pages = [...this.members.values()].map((member) => member.page);
			const first = pages.every((page) => page !== undefined) ? Math.min(...(pages as number[])) : 1;
			const from = first > 1 && this.continuations.has(first - 1) ? { page: first, next: this.continuations.get(first - 1) } : undefined;
			const walk = await this.source.walk(
				this.workflowId,
				(seen, newestFirst, page) => {
					listed.set(seen.run.runId, seen);
					const member = this.members.get(seen.run.runId);
					if (member) member.page = page;
					wanted.delete(seen.run.runId);
					if (wanted.size === 0) return false;
					const at = seen.run.startedAt === null ? undefined : Date.parse(seen.run.startedAt);
					return !(newestFirst && oldest !== undefined && at !== undefined && at < oldest);
				},
				budget,
				from,
			);
			walk.after.forEach((next, index) => this.continuations.set(walk.startPage + index, next));
			// A member the round did not show is looked for from the top next time.
			for (const [runId, member] of this.members) if (!listed.has(runId)) member.page = undefined;
			// A round cut short learned that the list is longer than the group is worth.
			this.pagesPerRound = Math.max(1, walk.pages);
			this.floor = walk.complete ? 0 : count + 1;
			return { asked, listed, complete: walk.complete };
		})();
		this.round = round;
		const settle = () => {
			this.lastAnswerAt = Date.now();
			this.round = undefined;
		};
		round.then(settle, settle);
		return round;
	}
}

/**
 * The watcher behind every wait of one execution. It gives each watched run the poll function of
 * the one wait loop: a read of the run (per-run polling), or, for runs of a workflow watched in
 * numbers, its entry in the group's list round (list polling), from the first check to the final
 * state. Runs given by run ID alone get their first check from the organization-wide list, which
 * names their workflow. A run is read on its own only where the lists cannot tell: a round did not
 * show it (a list that shifted, a round cut short, a run alone), or its item needs what only a read
 * carries.
 * It never sends more requests than per-run polling would.
 */
export class Watcher<T> {
	private readonly groups = new Map<string, Group<T>>();

	constructor(private readonly source: WatchSource<T>) {}

	/**
	 * The group of a workflow. '' = the workflow is not known yet: the organization-wide list, where
	 * the provider has one, serves the first check and names each run's workflow.
	 */
	private group(workflowId: string, intervalMs: number): Group<T> | undefined {
		if (workflowId === '' && this.source.provider.needsWorkflowId) return undefined;
		const key = `${intervalMs}|${workflowId}`;
		let group = this.groups.get(key);
		if (!group) {
			group = new Group(this.source, workflowId, intervalMs);
			this.groups.set(key, group);
		}
		return group;
	}

	/**
	 * The poll function for one run. `workflowId` may be '' (learned from the first list or read that shows the run).
	 * `finalFromRead`: a state the run is done in must come from a read of its own (the item shows
	 * what only a read carries). `release` must be called when the wait ends.
	 */
	member(
		runId: string,
		workflowId: string,
		intervalMs: number,
		isDone: (run: NormalizedRun) => boolean,
		readOne: (deadline: number | undefined) => Promise<Seen<T>>,
		finalFromRead = false,
	): { poll: (deadline: number | undefined) => Promise<Seen<T>>; release: () => void; learn: (run: NormalizedRun) => void } {
		let group: Group<T> | undefined;
		let known = '';
		const self: Member = { startedAt: undefined, page: undefined };
		// A run joins its workflow's group once its workflow is known (until then, the org-wide one).
		const place = (workflow: string) => {
			if (group && (known !== '' || workflow === '')) return;
			group?.members.delete(runId);
			self.page = undefined;
			known = workflow;
			group = this.group(workflow, intervalMs);
			group?.members.set(runId, self);
		};
		const learn = (run: NormalizedRun) => {
			if (run.startedAt !== null) self.startedAt = Date.parse(run.startedAt);
			place(run.workflowId ?? '');
		};
		place(workflowId);
		const read = async (deadline: number | undefined) => {
			const seen = await readOne(deadline);
			learn(seen.run);
			return seen;
		};
		return {
			learn,
			release: () => {
				group?.members.delete(runId);
				group = undefined;
			},
			poll: async (deadline) => {
				// Runs waited on together join their group in one go: decide once they all have.
				await Promise.resolve();
				if (!group || !group.worthIt) return await read(deadline);
				const inGroup = group;
				const answer = () => {
					const round = inGroup.next();
					return deadline === undefined ? round : beforeDeadline(round, deadline, this.source.stopper);
				};
				let round = await answer();
				// Joined while a round was under way: that round did not look for this run; the next does.
				if (!round.asked.has(runId)) round = await answer();
				const seen = round.listed.get(runId);
				if (seen && !(finalFromRead && isDone(seen.run))) {
					learn(seen.run);
					return seen;
				}
				// Not in the round (a list that shifted, a round cut short), or done where the item needs a read.
				return await read(deadline);
			},
		};
	}
}

/** The round's answer, or DeadlineReached when the member's deadline comes first. */
async function beforeDeadline<V>(promise: Promise<V>, deadline: number, stopper: Stopper): Promise<V> {
	let settled = false;
	const mark = () => {
		settled = true;
	};
	promise.then(mark, mark);
	const timer = (async () => {
		while (!settled && Date.now() < deadline) await stopper.pause(Math.min(250, deadline - Date.now()));
	})();
	// The timer may still end in StoppedError after the round answered: that is no one's error.
	timer.catch(() => undefined);
	await Promise.race([promise, timer]);
	if (!settled) throw new DeadlineReached();
	return await promise;
}
