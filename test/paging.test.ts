/**
 * List walking under pages the server caps: each simulator serves at most 7 runs a page whatever
 * the node asks (a size that divides none of these lists), newest first or oldest first (no
 * provider documents an order). Get Many with Return All, Limit, Status and both date filters
 * outputs exactly the runs it would output over whole pages, follows the provider's own
 * continuation (B3OS offset + runs received, superglue/Cortex the next page number at the size the
 * server reports, n8n the cursor of the answer before), and a run that starts or finishes between two pages is output once.
 */
import type { RecordedRequest } from '../dev/simulator';
import { expectAllNormalized, fakeOf, hiddenLists, listStarts, PROVIDER_KEYS, runNode, useFakes, withoutHidden, WORDS } from './support/world';
import type { NodeRun, ProviderKey, RunOptions } from './support/world';

const fakes = useFakes({ strict: true });
const WF = 'wf_paged';
const CAP = 7;
const fake = (provider: ProviderKey) => fakeOf(fakes, provider);
const minutesAgo = (minutes: number, from: number) => new Date(from - minutes * 60_000).toISOString();

/** Where each request of the walk over every status starts, as the provider's row reads it: page number and size. */
function startsOf(provider: ProviderKey): Array<{ page: number; size: number }> {
	return listStarts(provider, withoutHidden(provider, fake(provider).listRequests()));
}

/** The list requests of the walk over every status (without the lists of hidden status words). */
const walked = (provider: ProviderKey) => withoutHidden(provider, fake(provider).listRequests());

/**
 * The requests a walk of `runs` runs makes at 7 a page when the node asks for `asked`: by offset,
 * each page starts after the runs received, at the size asked; by page number or cursor, the next
 * page at the size the server reported.
 */
function expectedStarts(provider: ProviderKey, runs: number, asked: number): Array<{ page: number; size: number }> {
	const pages = Math.max(1, Math.ceil(runs / CAP));
	const byOffset = WORDS[provider].expect.list.continuation === 'offset';
	return Array.from({ length: pages }, (_, index) =>
		byOffset ? { page: (index * CAP) / asked + 1, size: asked } : { page: index + 1, size: index === 0 ? asked : CAP },
	);
}

describe.each(PROVIDER_KEYS)('%s: Get Many under pages capped at 7', (provider: ProviderKey) => {
	const words = WORDS[provider];
	const now = Date.now();
	const id = (index: number) => `run_${String(index).padStart(4, '0')}`;
	/** `count` runs of WF, a minute apart, run_0000 the newest. */
	const seed = (count: number, status: (index: number) => string = () => words.success) => {
		fake(provider).addWorkflow({ id: WF });
		for (let index = 0; index < count; index++) fake(provider).addRun({ id: id(index), workflowId: WF, status: status(index), startedAt: minutesAgo(index + 1, now) });
	};
	const list = (opts: RunOptions = {}): Promise<NodeRun> =>
		runNode(fakes, provider, 'getAll', [{ workflowId: WF }], { ...opts, parameters: { workflowId: WF, returnAll: true, ...opts.parameters } });
	const ids = (result: NodeRun) => expectAllNormalized(result).map((json) => json.runId);
	const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => id(from + index));

	describe.each([
		['newest first', 'newestFirst'],
		['oldest first', 'oldestFirst'],
	] as const)('%s', (_label, order) => {
		beforeEach(() => {
			fake(provider).pageCap = CAP;
			fake(provider).listOrder = order;
		});

		test('Return All over 30 runs: each run once, newest first, one request a page as the server says', async () => {
			seed(30);
			const result = await list();
			expect(result.status).toBe('success');
			expect(ids(result)).toEqual(range(0, 30));
			expect(startsOf(provider)).toEqual(expectedStarts(provider, 30, words.expect.list.pageSize));
			// Each hidden status word's list is one page here (no run has such a status).
			expect(fake(provider).requests).toHaveLength(5 + hiddenLists(provider));
		});

		test('Limit 10: the 10 newest', async () => {
			seed(30);
			const result = await list({ parameters: { returnAll: false, limit: 10 } });
			expect(ids(result)).toEqual(range(0, 10));
			// Newest first, the walk stops once it has them; oldest first, it reads the whole list.
			expect(walked(provider)).toHaveLength(order === 'newestFirst' ? 2 : 5);
		});

		test('Status, two of them: every run of those statuses, newest first', async () => {
			const cycle = [words.running, words.success, words.failed, words.cancelled];
			seed(40, (index) => cycle[index % 4]);
			const out = expectAllNormalized(await list({ parameters: { filters: { status: ['running', 'failed'] } } }));
			expect(out.map((json) => json.runId)).toEqual(Array.from({ length: 20 }, (_, index) => id(index * 2)));
			// One walk per status word, each of ⌈10 ÷ 7⌉ pages; a second word for failed (no run has it) lists one empty page.
			const failedWords = words.expect.finals.filter((final) => final.status === 'failed').length;
			expect(fake(provider).listRequests()).toHaveLength(4 + (failedWords - 1));
		});

		test('Started After (inclusive): the runs since then, none lost at page boundaries', async () => {
			seed(30);
			const out = await list({ parameters: { filters: { startedAfter: minutesAgo(16, now) } } });
			expect(ids(out)).toEqual(range(0, 16));
			const pages = walked(provider).length;
			// Newest first the walk ends at the first older run (where the server filters, it sends fewer).
			if (order === 'newestFirst') expect(pages).toBe(3);
			else if (!WORDS[provider].expect.list.startedAfterParam) expect(pages).toBe(5);
		});

		test('Started Before (exclusive) with Limit 9, and both date filters together', async () => {
			seed(30);
			const before = await list({ parameters: { returnAll: false, limit: 9, filters: { startedBefore: minutesAgo(11, now) } } });
			expect(ids(before)).toEqual(range(11, 20));
			const both = await list({ parameters: { filters: { startedAfter: minutesAgo(25, now), startedBefore: minutesAgo(6, now) } } });
			expect(ids(both)).toEqual(range(6, 25));
		});
	});

	test('a run that starts between two pages: every run once, none lost', async () => {
		seed(30);
		fake(provider).pageCap = CAP;
		const requests = fake(provider).requests;
		const push = requests.push;
		let lists = 0;
		requests.push = function (...recs: RecordedRequest[]) {
			if (recs.some((rec) => rec.list === true) && ++lists === 3) fake(provider).addRun({ id: 'run_newcomer', workflowId: WF, status: words.running });
			return push.apply(this, recs);
		};
		try {
			const out = ids(await list());
			expect(new Set(out).size).toBe(out.length);
			expect(out.filter((runId) => runId !== 'run_newcomer')).toEqual(range(0, 30));
		} finally {
			delete (requests as { push?: unknown }).push;
		}
	});

	test('a run that finishes between two pages: output once, in the state the page showed', async () => {
		seed(30, (index) => (index < 20 ? words.running : words.success));
		fake(provider).pageCap = CAP;
		const requests = fake(provider).requests;
		const push = requests.push;
		let lists = 0;
		requests.push = function (...recs: RecordedRequest[]) {
			if (recs.some((rec) => rec.list === true) && ++lists === 2) fake(provider).setStatus(id(3), words.success);
			return push.apply(this, recs);
		};
		try {
			const out = expectAllNormalized(await list());
			expect(out.map((json) => json.runId)).toEqual(range(0, 30));
			expect(out[3]).toMatchObject({ runId: id(3), status: 'running', finished: false });
		} finally {
			delete (requests as { push?: unknown }).push;
		}
	});
});

test('B3OS: the offset moves by the runs received (the answer says limit 7 although 100 were asked)', async () => {
	const b3os = fake('b3os');
	b3os.pageCap = CAP;
	b3os.addWorkflow({ id: WF });
	for (let index = 0; index < 10; index++) b3os.addRun({ id: `run_${index}`, workflowId: WF, startedAt: minutesAgo(index + 1, Date.now()) });
	const result = await runNode(fakes, 'b3os', 'getAll', [{}], { parameters: { workflowId: WF, returnAll: true } });
	expect(expectAllNormalized(result).map((json) => json.runId)).toEqual(Array.from({ length: 10 }, (_, index) => `run_${index}`));
	expect(b3os.listRequests().map((rec) => rec.query.get('offset'))).toEqual(['0', '7']);
});
