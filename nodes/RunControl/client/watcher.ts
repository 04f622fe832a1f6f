import type { NormalizedRun, Provider } from '../providers';
import { wordsFor } from '../providers';
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
	 * The runs of the workflow ('' = every workflow) in a status, page after page, at most
	 * `maxPages` pages; returns the pages sent and whether the list ended within them.
	 */
	listAll(workflowId: string, status: string, visit: (seen: Seen<T>) => void, maxPages: number): Promise<{ pages: number; complete: boolean }>;
}

/** What one list round saw; an incomplete round shows only part of the unfinished runs. */
interface Round<T> {
	listed: Map<string, Seen<T>>;
	complete: boolean;
}

/** The unfinished statuses a list round asks for. */
const UNFINISHED = ['queued', 'running', 'waiting'];

/**
 * Runs of one workflow watched with one poll interval. While the group is larger than a list
 * round costs (one request per page and unfinished status), one list round per interval serves
 * every member; a member missing from the unfinished lists is read on its own to confirm its state.
 */
class Group<T> {
	/** Members still waiting. */
	active = 0;

	/** Pages the last round sent (first guess: one per status). */
	private pagesPerRound: number;

	private round: Promise<Round<T>> | undefined;

	private lastAnswerAt = 0;

	constructor(
		private readonly source: WatchSource<T>,
		private readonly workflowId: string,
		private readonly intervalMs: number,
		private readonly words: string[],
	) {
		this.pagesPerRound = words.length;
	}

	/** A list round saves requests only while it costs less than one read per member. */
	get worthIt(): boolean {
		return this.words.length > 0 && this.active > this.pagesPerRound;
	}

	/**
	 * The next list round: the one in flight, else a new one once the interval since the last
	 * answer has passed. A round never sends as many pages as the group has members: a list that
	 * turns out longer ends the round incomplete (its members are read on their own) and the group
	 * goes back to per-run polling until it outgrows that list.
	 */
	next(): Promise<Round<T>> {
		if (this.round) return this.round;
		const round = (async (): Promise<Round<T>> => {
			await this.source.stopper.pause(this.lastAnswerAt + this.intervalMs - Date.now());
			const listed = new Map<string, Seen<T>>();
			let pages = 0;
			let complete = true;
			for (const status of this.words) {
				const budget = this.active - 1 - pages - (this.words.length - 1 - this.words.indexOf(status));
				if (budget < 1) {
					complete = false;
					break;
				}
				const walk = await this.source.listAll(this.workflowId, status, (seen) => listed.set(seen.run.runId, seen), budget);
				pages += walk.pages;
				if (!walk.complete) {
					complete = false;
					break;
				}
			}
			// An incomplete round learned that the list is longer than the group is worth.
			this.pagesPerRound = complete ? Math.max(1, pages) : Math.max(pages + 1, this.active);
			return { listed, complete };
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
 * numbers, its entry in the group's list round (list polling). It never sends more requests than
 * per-run polling would, and a run is never taken as done without a read of its own.
 */
export class Watcher<T> {
	private readonly groups = new Map<string, Group<T>>();

	constructor(private readonly source: WatchSource<T>) {}

	/** The group of a workflow ('' = every workflow, where the provider lists org-wide by status). */
	private group(workflowId: string, intervalMs: number): Group<T> | undefined {
		const { provider } = this.source;
		if ((workflowId === '' && provider.needsWorkflowId) || !provider.list.filtersStatus(workflowId)) return undefined;
		const key = `${intervalMs}|${workflowId}`;
		let group = this.groups.get(key);
		if (!group) {
			const words = UNFINISHED.flatMap((status) => wordsFor(provider, status));
			group = new Group(this.source, workflowId, intervalMs, words);
			this.groups.set(key, group);
		}
		return group;
	}

	/**
	 * The poll function for one run. `workflowId` may be '' (learned from the first read).
	 * `release` must be called when the wait ends.
	 */
	member(
		runId: string,
		workflowId: string,
		intervalMs: number,
		isDone: (run: NormalizedRun) => boolean,
		readOne: (deadline: number | undefined) => Promise<Seen<T>>,
	): { poll: (deadline: number | undefined) => Promise<Seen<T>>; release: () => void; learn: (run: NormalizedRun) => void } {
		let group: Group<T> | undefined;
		const join = (known: string) => {
			if (group) return;
			group = this.group(known, intervalMs);
			if (group) group.active++;
		};
		// Runs of an unknown workflow are watched through the org-wide list where the provider has
		// one (a status filter without a workflow), else learned from their first read.
		join(workflowId);
		const read = async (deadline: number | undefined) => {
			const seen = await readOne(deadline);
			join(seen.run.workflowId ?? '');
			return seen;
		};
		return {
			learn: (run) => join(run.workflowId ?? ''),
			release: () => {
				if (group) group.active--;
				group = undefined;
			},
			poll: async (deadline) => {
				if (!group || !group.worthIt) return await read(deadline);
				const round = group.next();
				const { listed } = await (deadline === undefined ? round : beforeDeadline(round, deadline, this.source.stopper));
				const seen = listed.get(runId);
				if (seen && !isDone(seen.run)) return seen;
				// Gone from the unfinished lists (or done by the list, or not in an incomplete round):
				// a read of its own confirms its state.
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
