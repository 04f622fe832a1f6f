/**
 * `npm start`'s look at the Run Control Trigger: the editor's "Fetch Test Event" of an example
 * trigger workflow (examples/trigger-run-failed-alert.json), polled through n8n-core against the
 * simulator: the most recent run that matches the trigger's event.
 */
import type { WorkflowJson } from '../dev/engine/harness';
import { ActiveTrigger, TRIGGER_TYPE } from '../dev/engine/poller';
import { devProvider } from '../dev/providers';
import { credentialsFor } from '../dev/simulator';
import type { startFakes } from '../dev/simulator';

/** Prints the test event of an example trigger workflow; returns the number of failures (0 or 1). */
export async function fetchTriggerTestEvent(fakes: Awaited<ReturnType<typeof startFakes>>, workflow: WorkflowJson): Promise<number> {
	const node = workflow.nodes.find((entry) => entry.type === TRIGGER_TYPE);
	if (!node) return 0;
	const parameters = node.parameters as Record<string, unknown>;
	console.log(`   ${node.name}: Fetch Test Event (${String(parameters.provider)}, event ${String(parameters.event)})`);
	const trigger = new ActiveTrigger({
		parameters,
		credentials: credentialsFor(fakes),
		credentialType: devProvider(String(parameters.provider)).credential,
	});
	try {
		const items = await trigger.fetchTestEvent();
		console.log(`\n   ${node.name} → ${items?.length ?? 0} item(s)`);
		for (const item of items ?? []) {
			console.log(
				JSON.stringify(item.json, null, 2)
					.split('\n')
					.map((line) => `     ${line}`)
					.join('\n'),
			);
		}
		return 0;
	} catch (error) {
		console.log(`\n   ${node.name}: ERROR ${error instanceof Error ? error.message : String(error)}`);
		return 1;
	}
}
