import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { onlyRunsOf, providerNames, workflowIdFields } from './params/workflowField';
import { present } from './params/present';
import { includeOutputOption, includeRawOption } from './params/options';
import { subtitleOf } from './params/subtitle';
import { RunClient } from './client';
import type { ReadRun } from './client';
import { PROVIDER_LIST, providerCredentials, providerNamed, providerProperty } from './providers';
import { Stopper } from './transport';
import { EVENTS, isEvent } from './trigger/events';
import { mostRecent, poll, readState, writeState } from './trigger/poll';

/** Requests a poll has in flight at most (list pages are sequential; confirmations run side by side). */
const POLL_CONCURRENCY = 5;

/** The poll contexts (one per activation of a workflow) that have completed a poll. */
const activations = new WeakSet<object>();

export class RunControlTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Run Control Trigger',
		name: 'runControlTrigger',
		icon: { light: 'file:runControl.svg', dark: 'file:runControl.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: subtitleOf(
			{ parameter: 'event', options: [...EVENTS] },
			{ parameter: 'provider', options: PROVIDER_LIST.map((provider) => ({ name: provider.option.name, value: provider.name })) },
		),
		description: `Starts the workflow when a run on ${providerNames([...PROVIDER_LIST])} starts, succeeds, fails or is cancelled`,
		defaults: { name: 'Run Control Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials,
		properties: [
			providerProperty,
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [...EVENTS],
				default: 'finished',
				description: 'What to start the workflow on. Each run fires each event once while the workflow is active.',
			},
			...workflowIdFields(
				[],
				(provider) => provider.needsWorkflowId,
				(group, required) =>
					required ? `${group.label} whose runs to watch` : onlyRunsOf(group.noun),
			).map((field) => ({ ...field, displayOptions: { show: { provider: field.displayOptions?.show?.provider ?? [] } } })),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [includeOutputOption, includeRawOption],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const node = this.getNode();
		const provider = providerNamed(this.getNodeParameter('provider') as string);
		const event = this.getNodeParameter('event') as string;
		if (!provider || !isEvent(event)) {
			throw new NodeOperationError(node, `Unknown ${provider ? 'event' : 'provider'} '${provider ? event : String(this.getNodeParameter('provider'))}'`);
		}
		const advice = provider.notOffered?.trigger;
		if (advice !== undefined) throw new NodeOperationError(node, `${provider.displayName} runs cannot be watched by this trigger`, { description: advice });
		const workflowId = String(this.getNodeParameter('workflowId', '') ?? '').trim();
		if (provider.needsWorkflowId && workflowId === '') {
			throw new NodeOperationError(node, `${provider.workflowLabel} is missing`, {
				description: `${provider.displayName} lists runs per workflow: enter the ID of the workflow whose runs to watch.`,
			});
		}
		const options = this.getNodeParameter('options', {}) as { includeRaw?: boolean; includeOutput?: boolean };
		const credentials = await this.getCredentials(provider.credentialType);
		const client = RunClient.open(this, node, provider, credentials, {
			operation: 'trigger',
			concurrency: POLL_CONCURRENCY,
			stopper: new Stopper(),
		});
		// Where the provider's runs may be this instance's executions, the trigger's own never fire.
		const ownWorkflowId = provider.mayBeSelf ? String(this.getWorkflow().id ?? '') : '';
		const settings = { event, workflowId, key: `${provider.name}|${workflowId}|${event}`, itemIndex: 0, ownWorkflowId };

		const toItem = async (read: ReadRun): Promise<INodeExecutionData> => {
			let state: ReadRun = read;
			const blocks: Record<string, unknown> = { trigger: { event } };
			if (options.includeOutput === true) {
				const target = { itemIndex: 0, ref: { runId: read.run.runId, workflowId: read.run.workflowId ?? workflowId, fields: {} } };
				const withOutput = await client.withOutput(target, read);
				state = withOutput;
				blocks.outputNote = withOutput.outputNote;
			}
			return { json: present(options.includeRaw === true, state.run, state.raw, blocks as never) };
		};

		if (this.getMode() === 'manual') {
			// Fetch Test Event: the most recent matching run; the saved state is left as it is.
			const recent = await mostRecent(client, settings);
			if (recent) return [[await toItem(recent)]];
			// One message that says what was looked for, instead of n8n's generic "No data found".
			const eventName = EVENTS.find((entry) => entry.value === event)?.name ?? event;
			const of = workflowId === '' ? '' : ` of ${provider.workflowNoun} '${workflowId}'`;
			throw new NodeOperationError(node, `${provider.displayName}: no recent run${of} matches the event ${eventName}`, {
				description: `Fetch Test Event shows the most recent run that matches the event (${eventName}). ${
					event === 'started' ? 'Start a run' : 'Let a run get there'
				}, or pick another event${provider.needsWorkflowId ? ` or ${provider.workflowLabel}` : ''}, then fetch again. Once the workflow is active, every new matching run starts it.`,
			});
		}
		const staticData = this.getWorkflowStaticData('node');
		// n8n keeps one poll context per activation. The first poll after the user turned the workflow on
		// starts over (no backlog of what finished while it was off); a restart of n8n ('init') or a
		// republished active workflow ('update') carries on from the saved state.
		const firstOfActivation = !activations.has(this);
		const fresh = firstOfActivation && this.getActivationMode() === 'activate';
		const { emit, state } = await poll(client, settings, fresh ? undefined : readState(staticData, settings.key));
		const items = await Promise.all(emit.map(toItem));
		// The cursor moves only once the items are ready to be returned.
		writeState(staticData, state);
		activations.add(this);
		return items.length > 0 ? [items] : null;
	}
}
