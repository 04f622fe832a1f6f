/**
 * A test file closes what it opens, so that its jest worker (or an in-band run) can exit by itself:
 * the fakes' servers and connections (useFakes closes them) and the clean-up interval n8n-core's
 * SSH client manager starts at the first node execution and clears only on shutdown
 * (dev/engine/harness.ts stopEngine, which test/support/engine.ts runs after every file).
 */
import { createHook } from 'node:async_hooks';

import { PROVIDER_KEYS, runNode, useFakes, WORDS } from './support/world';

/**
 * The timers started from now on, until they fire or are cleared, with where they were started.
 * Left out: jest's own (in an in-band run its reporter shares the process) and this file's pauses.
 */
const timers = new Map<number, { timer: NodeJS.Timeout; caller: string }>();
const JEST = /node_modules[\\/](jest-[^\\/]+|@jest[\\/][^\\/]+)[\\/]/;
const hook = createHook({
	init(asyncId, type, _triggerAsyncId, resource) {
		if (type !== 'Timeout') return;
		const frames = (new Error().stack ?? '').split('\n');
		const at = frames.findIndex((frame) => /\bat (setTimeout|setInterval) /.test(frame));
		const caller = at >= 0 ? frames.slice(at + 1, at + 4).join('\n') : frames.slice(1).join('\n');
		if (JEST.test(frames[at + 1] ?? '') || (frames[at + 1] ?? '').includes(__filename)) return;
		timers.set(asyncId, { timer: resource as NodeJS.Timeout, caller });
	},
	destroy(asyncId) {
		timers.delete(asyncId);
	},
}).enable();

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What keeps the process alive: servers, sockets (by kind) and the timers above (where started). */
function openHandles(): string[] {
	const kinds = process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap' || kind === 'TCPSocketWrap');
	const pending = [...timers.values()].filter((entry) => entry.timer.hasRef()).map((entry) => `Timeout started ${entry.caller.trim()}`);
	return [...kinds, ...pending];
}

/** openHandles() once closing connections and due timers had time to finish (up to 2 s). */
async function settledOpenHandles(): Promise<string[]> {
	const deadline = Date.now() + 2000;
	let open = openHandles();
	while (open.length > 0 && Date.now() < deadline) {
		await pause(20);
		open = openHandles();
	}
	return open;
}

const fakes = useFakes({ strict: true });

const provider = PROVIDER_KEYS[0];

test('a workflow run leaves a timer of n8n-core running (its SSH client clean-up, until the after-file hook)', async () => {
	fakes[provider].addRun({ id: 'run_1', workflowId: 'wf_1', status: WORDS[provider].success });
	const result = await runNode(fakes, provider, 'get', [{ runId: 'run_1', workflowId: 'wf_1' }]);
	expect(result.json).toEqual([expect.objectContaining({ runId: 'run_1', status: 'succeeded' })]);
	expect(openHandles()).toContainEqual(expect.stringContaining('SSHClientsManager'));
});

// Declared after useFakes and after test/support/engine.ts (a setup file): runs once both closed.
afterAll(async () => {
	try {
		expect(await settledOpenHandles()).toEqual([]);
	} finally {
		// The hook is the process's, not this file's: the next file in this worker must not pay for it.
		hook.disable();
		timers.clear();
	}
});
