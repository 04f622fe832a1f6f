/**
 * Many runs in one execution must not print n8n-log noise: every queued request, pause and wait
 * shares the execution's one Stop listener, so no MaxListenersExceededWarning appears.
 */
import { PROVIDER_KEYS, fakeOf, runNode, useFakes } from './support/world';

/**
 * Node prints MaxListenersExceededWarning when one AbortSignal holds more than 10 'abort'
 * listeners (jest's sandboxed `process` does not receive that warning, so the condition itself is
 * counted): every addEventListener/removeEventListener on an AbortSignal goes through here.
 */
const MAX_LISTENERS = 10;
const listening = new WeakMap<EventTarget, number>();
let mostOnOneSignal = 0;
const { addEventListener, removeEventListener } = EventTarget.prototype;
function countingAdd(this: EventTarget, type: string, ...rest: unknown[]) {
	if (type === 'abort' && this instanceof AbortSignal) {
		const count = (listening.get(this) ?? 0) + 1;
		listening.set(this, count);
		mostOnOneSignal = Math.max(mostOnOneSignal, count);
	}
	return (addEventListener as (...args: unknown[]) => void).call(this, type, ...rest);
}
function countingRemove(this: EventTarget, type: string, ...rest: unknown[]) {
	if (type === 'abort' && this instanceof AbortSignal) listening.set(this, Math.max(0, (listening.get(this) ?? 0) - 1));
	return (removeEventListener as (...args: unknown[]) => void).call(this, type, ...rest);
}

const fakes = useFakes({ latencyMs: 5 });
beforeAll(() => {
	EventTarget.prototype.addEventListener = countingAdd as typeof addEventListener;
	EventTarget.prototype.removeEventListener = countingRemove as typeof removeEventListener;
});
afterAll(() => {
	EventTarget.prototype.addEventListener = addEventListener;
	EventTarget.prototype.removeEventListener = removeEventListener;
});

test.each(PROVIDER_KEYS)('%s: 500 queued requests (concurrency 2) and 500 waits print no MaxListenersExceededWarning', async (provider) => {
	mostOnOneSignal = 0;
	const fake = fakeOf(fakes, provider);
	const items = Array.from({ length: 500 }, (_, index) => ({ runId: `many-${index}`, workflowId: 'wf_many' }));
	for (const { runId } of items) fake.addRun({ id: runId, workflowId: 'wf_many' });
	const got = await runNode(fakes, provider, 'get', items, { options: { concurrency: 2 } });
	expect(got.out).toHaveLength(500);
	const waited = await runNode(fakes, provider, 'waitUntilFinished', items, {
		options: { concurrency: 2, pollInterval: 1, timeout: 2, onTimeout: 'output' },
	});
	expect(waited.out).toHaveLength(500);
	expect(mostOnOneSignal).toBeGreaterThan(0); // the count is live
	expect(mostOnOneSignal).toBeLessThanOrEqual(MAX_LISTENERS);
});
