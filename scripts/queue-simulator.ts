/**
 * The provider simulator for `npm run test:queue`: the same strict fakes and example runs as
 * `npm run simulator` (SIM_PORT_BASE + 1, + 2, …: one port per provider), plus a small control server on SIM_PORT_BASE that
 * the queue test needs and the plain simulator does not offer:
 *
 *   POST /runs      {"provider":"superglue","spec":{"id":"…","finishAfterMs":180000}}  adds a run now
 *   GET  /requests?provider=superglue&runId=…   the requests the fake received for that run
 *                                                 ([{method, path, at}], `at` in ms since the epoch)
 *
 * A run's `finishAfterMs` counts from the moment it is added, so a scenario seeds its runs when it
 * starts (a run that lasts 3 minutes, a run that never finishes) instead of at simulator start.
 */
import http from 'node:http';

import { seedExampleRuns, simulatorPorts, startFakes } from '../dev/simulator';
import type { FakeProvider, FakeRunSpec } from '../dev/simulator';

async function main(): Promise<void> {
	const base = Number(process.env.SIM_PORT_BASE || 4100);
	const fakes = await startFakes({ ports: simulatorPorts(base) });
	seedExampleRuns(fakes);
	const byName = new Map<string, FakeProvider>(fakes.all.map((fake) => [fake.name, fake]));

	const control = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const reply = (status: number, body: unknown) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(body));
			};
			try {
				if (req.method === 'POST' && url.pathname === '/runs') {
					const { provider, spec } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { provider: string; spec: FakeRunSpec };
					const fake = byName.get(provider);
					if (!fake) return reply(400, { message: `unknown provider '${String(provider)}'` });
					fake.addRun(spec);
					return reply(201, { at: Date.now(), run: fake.getRun(spec.id) });
				}
				if (req.method === 'GET' && url.pathname === '/requests') {
					const fake = byName.get(url.searchParams.get('provider') ?? '');
					if (!fake) return reply(400, { message: 'unknown provider' });
					const runId = url.searchParams.get('runId');
					const list = runId === null ? fake.requests : fake.requestsFor(runId);
					return reply(200, list.map((rec) => ({ method: rec.method, path: rec.rawPath, at: rec.at, runId: rec.runId })));
				}
				if (req.method === 'GET' && url.pathname === '/health') return reply(200, { ok: true });
				reply(404, { message: 'not found' });
			} catch (error) {
				reply(500, { message: error instanceof Error ? error.message : String(error) });
			}
		});
	});
	await new Promise<void>((resolve) => control.listen(base, '127.0.0.1', resolve));
	console.log(`queue simulator: ${fakes.all.map((fake) => `${fake.name} ${fake.url}`).join(', ')}, control http://127.0.0.1:${base}`);

	const stop = () => {
		control.close();
		fakes.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
