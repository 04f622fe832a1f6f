import type { NormalizedRun } from '../providers';

/**
 * Several run lists as one, newest first by start time (a run not started yet first), each run once:
 * for a provider whose plain list leaves some statuses out unless each is asked for on its own.
 * Each list is read only as far as the merged one is; stopping early stops them all. Lists are
 * read in the order given: give the lists of unfinished statuses first, so that a run that finishes
 * between two reads shows in both rather than in neither. A run in two lists comes once, finished
 * where one of them shows it finished (finishing is the later state).
 */
export async function* mergeNewestFirst<T extends { run: NormalizedRun }>(lists: Array<AsyncGenerator<T>>): AsyncGenerator<T> {
	const heads: Array<IteratorResult<T> | undefined> = new Array(lists.length).fill(undefined);
	const seen = new Set<string>();
	try {
		for (;;) {
			for (let index = 0; index < lists.length; index++) {
				if (heads[index] === undefined) heads[index] = await lists[index].next();
			}
			let best = -1;
			for (let index = 0; index < lists.length; index++) {
				const head = heads[index] as IteratorResult<T>;
				if (head.done) continue;
				if (best < 0 || newer(head.value.run, (heads[best] as IteratorYieldResult<T>).value.run)) best = index;
			}
			if (best < 0) return;
			const bestRun = (heads[best] as IteratorYieldResult<T>).value.run;
			for (let index = 0; index < lists.length; index++) {
				const head = heads[index] as IteratorResult<T>;
				if (!head.done && head.value.run.runId === bestRun.runId && head.value.run.finished && !bestRun.finished) best = index;
			}
			const { value } = heads[best] as IteratorYieldResult<T>;
			heads[best] = undefined;
			if (seen.has(value.run.runId)) continue;
			seen.add(value.run.runId);
			yield value;
		}
	} finally {
		await Promise.all(lists.map((list) => list.return(undefined)));
	}
}

/** Whether `a` comes before `b` newest first (no start time counts as newest). */
function newer(a: NormalizedRun, b: NormalizedRun): boolean {
	if (a.startedAt === null) return b.startedAt !== null;
	if (b.startedAt === null) return false;
	return Date.parse(a.startedAt) > Date.parse(b.startedAt);
}
