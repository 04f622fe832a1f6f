/**
 * Many runs, few requests: runs of one workflow waited on together are watched through the
 * workflow's run list (one walk per interval, newest first down to the oldest watched run), from
 * their first check to their final state; a run is read on its own only where the list cannot
 * tell (or once for its error message, where a provider's run object lacks it). Compared here
 * with per-run polling of the same runs (each run waited on in an execution of its own): never more
 * requests, the same items; every run's reads and every list round are spaced from the previous
 * answer; under pages capped at 7, newest first or oldest first.
 */
import type { RecordedRequest } from '../dev/simulator';
import { expectAllNormalized, fakeOf, hiddenLists, PROVIDER_KEYS, runNode, useFakes, WORDS } from './support/world';
import type { ProviderKey } from './support/world';

const fakes = useFakes({ strict: true, latencyMs: 50 });
const WF = 'wf_watch';
const INTERVAL = 1000;
/** Timer slack: n8n-workflow's sleep may wake a millisecond or two early. */
const SLACK = 5;

/** Without the fields that depend on when the run was made and when the checks happened. */
function comparable(json: Record<string, unknown>) {
	const { startedAt: _s, finishedAt: _f, durationMs: _d, wait, ...rest } = json;
	return { ...rest, timedOut: (wait as { timedOut: boolean }).timedOut };
}

/** Reads of one run: the requests whose path names it (starts and list pages excluded). */
const readsOf = (requests: RecordedRequest[], runId: string) =>
	requests.filter((entry) => entry.runId === runId && !entry.list && entry.method === 'GET');

/**
 * Reads of one run besides the one read of a failed run for its error message, where the provider's
 * run object lacks it (that read follows the answer that showed the run failed, unspaced).
 */
const ownReadsOf = (provider: ProviderKey, requests: RecordedRequest[], runId: string) => {
	const errorRead = WORDS[provider].expect.errorRead?.(runId);
	return readsOf(requests, runId).filter((entry) => `${entry.method} ${entry.rawPath}` !== errorRead);
};

/** How many reads for its error message a run that ended in `word` gets: one where the provider needs it. */
const errorReads = (provider: ProviderKey, word: string) => (WORDS[provider].expect.errorRead && word === WORDS[provider].failed ? 1 : 0);

/** Each request starts at least the interval after the previous one was answered. */
function expectSpaced(requests: RecordedRequest[], what: string) {
	for (let index = 1; index < requests.length; index++) {
		const previous = requests[index - 1];
		// Each request was answered, at a real time (expect.any(Number) would let NaN and -Infinity pass).
		expect({ what, answered: Number.isFinite(previous.answeredAt) && Number.isFinite(requests[index].at) }).toEqual({ what, answered: true });
		expect(requests[index].at - (previous.answeredAt as number)).toBeGreaterThanOrEqual(INTERVAL - SLACK);
	}
}

/** List pages grouped into rounds: pages of one round follow each other at once. */
function rounds(pages: RecordedRequest[]): RecordedRequest[][] {
	const out: RecordedRequest[][] = [];
	for (const page of pages) {
		const last = out[out.length - 1];
		const previous = last?.[last.length - 1];
		if (previous && page.at - (previous.answeredAt ?? previous.at) < INTERVAL / 2) last.push(page);
		else out.push([page]);
	}
	return out;
}

describe.each(PROVIDER_KEYS)('%s', (provider: ProviderKey) => {
	const fake = () => fakeOf(fakes, provider);
	const checks = Array.from({ length: 20 }, (_, index) => index % 5);
	const ids = checks.map((_, index) => `lw-${index}`);
	const seed = (workflowOf: (index: number) => string) =>
		checks.forEach((finishAfterPolls, index) => fake().addRun({ id: ids[index], workflowId: workflowOf(index), finishAfterPolls }));
	const finalOf = (index: number) => (index % 4 === 3 ? WORDS[provider].failed : WORDS[provider].success);
	/** Runs that finish by time (0.3 s to 4.3 s), in several final statuses. */
	const seedTimed = () =>
		ids.forEach((id, index) =>
			fake().addRun({
				id,
				workflowId: WF,
				finishAfterMs: 300 + (index % 5) * 1000,
				finalStatus: finalOf(index),
			}),
		);

	test('20 runs of one workflow: list rounds, never more requests than per-run polling, the same items, spaced reads', async () => {
		seedTimed();
		const listed = await runNode(fakes, provider, 'waitUntilFinished', ids.map((runId) => ({ runId, workflowId: WF })), {
			options: { pollInterval: INTERVAL / 1000 },
		});
		expect(listed.status).toBe('success');
		const listRequests = [...fake().requests];
		const pages = listRequests.filter((entry) => entry.list);
		expect(pages.length).toBeGreaterThan(0);
		// Every run's own reads, and every list round, are spaced from the previous answer.
		for (const id of ids) expectSpaced(ownReadsOf(provider, listRequests, id), id);
		const roundList = rounds(pages);
		for (let index = 1; index < roundList.length; index++) {
			const previous = roundList[index - 1][roundList[index - 1].length - 1];
			expect(roundList[index][0].at - (previous.answeredAt as number)).toBeGreaterThanOrEqual(INTERVAL - SLACK);
		}
		// The lists tell each run's state from its first check to its final one (runs given by run ID
		// alone: the organization's list names their workflow): no run is read on its own, but for
		// the one read of a failed run for its error where the provider's run object lacks it.
		ids.forEach((id, index) => expect(readsOf(listRequests, id)).toHaveLength(errorReads(provider, finalOf(index))));

		// The same runs, each waited on in an execution of its own: per-run polling.
		fake().reset();
		seedTimed();
		const alone = await Promise.all(
			ids.map((runId) => runNode(fakes, provider, 'waitUntilFinished', [{ runId, workflowId: WF }], { options: { pollInterval: INTERVAL / 1000 } })),
		);
		const perRunRequests = fake().requests.length;
		for (const id of ids) expectSpaced(ownReadsOf(provider, fake().requests, id), `${id} polled on its own`);
		expect(fake().listRequests()).toHaveLength(0);
		expect(listRequests.length).toBeLessThan(perRunRequests);
		// Both ways check each run about as often (list rounds and reads are on one schedule).
		const polls = (json: Record<string, unknown>) => (json.wait as { polls: number }).polls;
		expectAllNormalized(listed).forEach((json, index) => expect(Math.abs(polls(json) - polls(expectAllNormalized(alone[index])[0]))).toBeLessThanOrEqual(1));
		expect(expectAllNormalized(listed).map(comparable)).toEqual(alone.map((run) => comparable(expectAllNormalized(run)[0])));
	});

	test('a run missing from a list page is read, not taken as finished', async () => {
		seed(() => WF);
		// The first list page answers with no runs at all, as a page shifted by new runs may.
		const { emptyPage } = WORDS[provider].expect.list;
		fake().inject({ method: 'GET', path: WORDS[provider].expect.paths.list, status: 200, body: JSON.stringify(emptyPage.body), headers: { 'content-type': 'application/json', ...emptyPage.headers } });
		const run = await runNode(fakes, provider, 'waitUntilFinished', ids.map((runId) => ({ runId, workflowId: WF })), {
			options: { pollInterval: INTERVAL / 1000 },
		});
		expect(run.status).toBe('success');
		const items = expectAllNormalized(run);
		// Every run ends in its real final state, read from the run itself.
		items.forEach((json, index) => expect(json).toMatchObject({ runId: ids[index], finished: true, succeeded: true }));
		const first = fake().requests.find((entry) => entry.list);
		expect(first).toBeDefined();
		// Right after the empty page, every run still waiting was read on its own.
		const after = fake().requests.filter((entry) => entry.at >= (first as RecordedRequest).at && !entry.list);
		for (const id of ids.filter((_, index) => checks[index] > 1)) expect(after.some((entry) => entry.runId === id)).toBe(true);
	});
});

describe('runs given by run ID alone', () => {
	test('superglue: 3 runs in an org with 300 other running runs: the org list names the tool, then the tool\'s list', async () => {
		const fake = fakes.superglue;
		const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
		for (let index = 0; index < 300; index++) fake.addRun({ id: `busy-${index}`, workflowId: 'other_tool', startedAt: hourAgo });
		const ids = ['few-0', 'few-1', 'few-2'];
		ids.forEach((id) => fake.addRun({ id, workflowId: WF, finishAfterPolls: 3 }));
		const run = await runNode(fakes, 'superglue', 'waitUntilFinished', ids.map((runId) => ({ runId })), { options: { pollInterval: INTERVAL / 1000 } });
		expect(run.status).toBe('success');
		expect(expectAllNormalized(run).map((json) => json.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
		// One page of the organization's list (the 3 runs are the newest), then only the tool's list.
		const [first, ...rest] = fake.listRequests();
		expect(first.query.has('toolId')).toBe(false);
		expect(rest.length).toBeGreaterThan(0);
		expect(rest.every((rec) => rec.query.get('toolId') === WF)).toBe(true);
		for (const id of ids) expect(readsOf(fake.requests, id)).toHaveLength(0);
		// Per-run polling reads each run 4 times (it finishes on its fourth check).
		expect(fake.requests.length).toBeLessThan(ids.length * 4);
	});

	test('superglue: runs older than the group can pay for on the org list are read once, then watched through their tool\'s list', async () => {
		const fake = fakes.superglue;
		const ids = ['old-0', 'old-1', 'old-2'];
		const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
		ids.forEach((id) => fake.addRun({ id, workflowId: WF, finishAfterPolls: 3, startedAt: hourAgo }));
		for (let index = 0; index < 300; index++) fake.addRun({ id: `busy-${index}`, workflowId: 'other_tool' });
		const run = await runNode(fakes, 'superglue', 'waitUntilFinished', ids.map((runId) => ({ runId })), { options: { pollInterval: INTERVAL / 1000 } });
		expect(expectAllNormalized(run).map((json) => json.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
		// The org list needs 4 pages: more than the 3 runs are worth. Two pages at most, then reads.
		expect(fake.listRequests().filter((rec) => !rec.query.has('toolId')).length).toBeLessThanOrEqual(2);
		for (const id of ids) expect(readsOf(fake.requests, id).length).toBeGreaterThanOrEqual(1);
		expect(fake.requests.length).toBeLessThan(ids.length * 4);
	});
});

describe.each(PROVIDER_KEYS)('%s: list watching under pages capped at 7', (provider: ProviderKey) => {
	const fake = () => fakeOf(fakes, provider);
	const ids = Array.from({ length: 20 }, (_, index) => `cap-${index}`);
	const finalOf = (index: number) => (index % 3 === 2 ? WORDS[provider].failed : WORDS[provider].success);
	const seed = () => ids.forEach((id, index) => fake().addRun({ id, workflowId: WF, finishAfterMs: 300 + (index % 4) * 700, finalStatus: finalOf(index) }));

	test.each(['newestFirst', 'oldestFirst'] as const)('%s: the same items as per-run polling, ⌈runs ÷ 7⌉ pages a round at most', async (order) => {
		seed();
		fake().pageCap = 7;
		fake().listOrder = order;
		const listed = await runNode(fakes, provider, 'waitUntilFinished', ids.map((runId) => ({ runId, workflowId: WF })), { options: { pollInterval: INTERVAL / 1000 } });
		expect(listed.status).toBe('success');
		const pages = fake().listRequests();
		const roundList = rounds(pages);
		expect(roundList.length).toBeGreaterThan(1);
		// Where a list leaves some statuses out unless asked for, each of those lists is a page more.
		for (const round of roundList) expect(round.length).toBeLessThanOrEqual(Math.ceil(ids.length / 7) + hiddenLists(provider));
		// Where some statuses are listed apart, a run that finishes between the pages of the two lists
		// that would show it may be in neither: then it is read, once.
		const strays = hiddenLists(provider) > 0 ? 1 : 0;
		ids.forEach((id, index) => {
			const own = ownReadsOf(provider, fake().requests, id).length;
			expect(own).toBeLessThanOrEqual(strays);
			expect(readsOf(fake().requests, id).length - own).toBe(errorReads(provider, finalOf(index)));
		});
		const requests = fake().requests.length;

		fake().reset();
		seed();
		const alone = await Promise.all(ids.map((runId) => runNode(fakes, provider, 'waitUntilFinished', [{ runId, workflowId: WF }], { options: { pollInterval: INTERVAL / 1000 } })));
		expect(requests).toBeLessThan(fake().requests.length);
		expect(expectAllNormalized(listed).map(comparable)).toEqual(alone.map((run) => comparable(expectAllNormalized(run)[0])));
	});
});

test('B3OS with Include Raw Run: a list entry (RunListItem) is not a run, so the final state is a read of its own', async () => {
	const ids = Array.from({ length: 6 }, (_, index) => `run_raw_${index}`);
	ids.forEach((id, index) => fakes.b3os.addRun({ id, workflowId: WF, finishAfterMs: 300 + index * 200 }));
	const run = await runNode(fakes, 'b3os', 'waitUntilFinished', ids.map((runId) => ({ runId })), { options: { pollInterval: INTERVAL / 1000, includeRaw: true } });
	expect(run.status).toBe('success');
	for (const json of expectAllNormalized(run)) {
		expect(json).toMatchObject({ finished: true, succeeded: true });
		// organizationId is on a read, never on a list entry.
		expect(json.raw).toMatchObject({ organizationId: expect.any(String) });
	}
	expect(fakes.b3os.listRequests().length).toBeGreaterThan(0);
	// The lists serve the checks; the final state is one read of its own.
	for (const id of ids) expect(readsOf(fakes.b3os.requests, id)).toHaveLength(1);
});

describe.each(PROVIDER_KEYS)('%s: a round resumes where the runs waited on begin', (provider: ProviderKey) => {
	test('20 runs below 30 newer runs of the workflow, pages capped at 7: after the first round no walk reads the top pages again', async () => {
		const fake = fakeOf(fakes, provider);
		const hourAgo = Date.now() - 3_600_000;
		const ids = Array.from({ length: 20 }, (_, index) => `deep-${index}`);
		ids.forEach((id, index) => fake.addRun({ id, workflowId: WF, startedAt: new Date(hourAgo + index).toISOString(), finishAfterMs: 1500 + (index % 4) * 600 }));
		for (let index = 0; index < 30; index++) fake.addRun({ id: `top-${index}`, workflowId: WF, startedAt: new Date(hourAgo + 60_000 + index).toISOString() });
		fake.pageCap = 7;
		const run = await runNode(fakes, provider, 'waitUntilFinished', ids.map((runId) => ({ runId, workflowId: WF })), { options: { pollInterval: INTERVAL / 1000 } });
		expect(run.status).toBe('success');
		expect(expectAllNormalized(run).every((json) => json.succeeded === true)).toBe(true);
		const workflowPages = fake.listRequests().filter((rec) => rec.workflowId === WF || rec.query.get('toolId') === WF);
		const roundList = rounds(workflowPages);
		expect(roundList.length).toBeGreaterThanOrEqual(2);
		// The 30 newer runs fill pages 1-4 (7 a page); the runs waited on begin on page 5.
		const atTop = (rec: RecordedRequest) => WORDS[provider].expect.list.pageOf(rec.query).page === 1;
		expect(atTop(roundList[0][0])).toBe(true);
		// Where some statuses are listed apart, a run that finishes moves from one list into the other
		// at a place no earlier page tells: every round starts at the top of each list.
		const resumes = hiddenLists(provider) === 0;
		for (const round of roundList.slice(1)) expect(round.filter(atTop).length).toBe(resumes ? 0 : hiddenLists(provider) + 1);
		// Reads only where a run is left alone in its group (a lone run is read, not listed): at most one each.
		for (const id of ids) expect(readsOf(fake.requests, id).length).toBeLessThanOrEqual(1);
	});
});
