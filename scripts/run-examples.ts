/**
 * The quick start's main job: starts the local simulator of the three providers, runs every
 * workflow in examples/ through n8n's engine with the built node, and prints the normalized items.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { startFakes } from '../dev/simulator';
import { BASE_NODES } from '../test/support/base-nodes';
import { ROOT, runWorkflow, NODE_TYPE } from '../test/support/harness';
import type { WorkflowJson } from '../test/support/harness';
import { seedExampleRuns, simulatorCredentials } from '../test/support/seed';

const STICKY_NOTE = 'n8n-nodes-base.stickyNote';

async function main(): Promise<number> {
	const fakes = await startFakes();
	seedExampleRuns(fakes);
	const credentials = simulatorCredentials(fakes);
	console.log('Provider simulator on 127.0.0.1 (no accounts needed):');
	for (const fake of fakes.all) console.log(`  ${fake.name.padEnd(9)} ${fake.url}`);
	let failures = 0;
	const dir = path.join(ROOT, 'examples');
	for (const file of readdirSync(dir).filter((name) => name.endsWith('.json')).sort()) {
		const workflow = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as WorkflowJson;
		console.log(`\n━━ ${file}: ${workflow.name}`);
		// The quick start's engine has stand-ins for a few n8n-nodes-base nodes only; an example that
		// needs others (e.g. the Wait node of the long-wait loop) runs in real n8n: npm run test:n8n.
		const missing = [...new Set(workflow.nodes.map((node) => node.type))].filter((type) => type !== NODE_TYPE && type !== STICKY_NOTE && !BASE_NODES[type]);
		if (missing.length > 0) {
			console.log(`   skipped here (needs ${missing.join(', ')}): npm run test:n8n runs it in real n8n`);
			continue;
		}
		workflow.nodes = workflow.nodes.filter((node) => node.type !== STICKY_NOTE);
		const started = Date.now();
		const result = await runWorkflow(workflow, { credentials });
		console.log(`   execution ${result.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		if (result.status !== 'success') failures++;
		for (const node of workflow.nodes.filter((entry) => entry.type === NODE_TYPE)) {
			const error = result.nodeError(node.name);
			if (error) {
				console.log(`\n   ${node.name}: ERROR ${error.message}${error.description ? `\n   ${error.description}` : ''}`);
				continue;
			}
			const items = result.items(node.name);
			console.log(`\n   ${node.name} → ${items.length} item(s)`);
			for (const item of items) {
				console.log(
					JSON.stringify(item.json, null, 2)
						.split('\n')
						.map((line) => `     ${line}`)
						.join('\n'),
				);
			}
		}
	}
	await fakes.close();
	console.log(failures === 0 ? '\nAll example workflows ran.' : `\n${failures} example workflow(s) failed.`);
	return failures === 0 ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
