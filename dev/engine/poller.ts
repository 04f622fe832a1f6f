/**
 * Polls the BUILT Run Control Trigger the way n8n's ActiveWorkflows does: one workflow holding the
 * trigger node, one n8n-core PollContext per activation (mode 'trigger'), reused by every poll of
 * that activation, and `poll()` called on it (n8n-core's TriggersAndPollers.runPoll does just that).
 * The workflow's static data lives in memory between polls, as in n8n; what the database would hold
 * is kept as JSON:
 * - `saving: 'every-poll'`: stored after every poll that changed it (an ideal host);
 * - `saving: 'on-emit'` (default): stored only at activation and when a poll emits, as n8n 2.41.1
 *   does (its poll function saves the static data in `__emit`).
 * `restart()` builds a new workflow from the stored JSON (n8n restarted), activation mode 'init'.
 */
import './env';

import * as core from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	IPollFunctions,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { NodeTypes, testAdditionalData } from './harness';

export const TRIGGER_TYPE = 'n8n-nodes-run-control.runControlTrigger';
export const TRIGGER_NAME = 'Run Control Trigger';

type PollContextClass = new (
	workflow: Workflow,
	node: INode,
	additionalData: IWorkflowExecuteAdditionalData,
	mode: WorkflowExecuteMode,
	activation: WorkflowActivateMode,
) => IPollFunctions;

const PollContext = (core as unknown as { PollContext: PollContextClass }).PollContext;

export interface TriggerSetup {
	parameters: Record<string, unknown>;
	/** Credential type → the decrypted data n8n would hand the node. */
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** The credential type the node uses (from the provider). */
	credentialType: string;
	saving?: 'every-poll' | 'on-emit';
}

/** The static data as n8n stores it (JSON, without the change flag). */
function serialize(workflow: Workflow): string {
	return JSON.stringify(workflow.staticData, (key, value: unknown) => (key === '__dataChanged' ? undefined : value));
}

export class ActiveTrigger {
	/** The static data as the database holds it (JSON). */
	stored = '{}';

	/** Polls made (activation included) and how many emitted. */
	polls = 0;

	private workflow!: Workflow;

	private context!: IPollFunctions;

	private readonly nodeTypes = new NodeTypes();

	private readonly node: INode;

	constructor(private readonly setup: TriggerSetup) {
		this.node = {
			id: 'trigger',
			name: TRIGGER_NAME,
			type: TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: setup.parameters as INode['parameters'],
			credentials: { [setup.credentialType]: { id: 'cred-1', name: 'test credential' } },
		};
	}

	private newWorkflow(staticData: IDataObject | undefined): Workflow {
		return new Workflow({
			id: 'trigger-test',
			name: 'trigger test',
			nodes: [JSON.parse(JSON.stringify(this.node)) as INode],
			connections: {},
			nodeTypes: this.nodeTypes,
			staticData,
			active: true,
		});
	}

	private newContext(workflow: Workflow, mode: WorkflowExecuteMode, activation: WorkflowActivateMode): IPollFunctions {
		const node = workflow.getNode(TRIGGER_NAME) as INode;
		return new PollContext(workflow, node, testAdditionalData(this.setup.credentials), mode, activation);
	}

	private async run(context: IPollFunctions, workflow: Workflow): Promise<INodeExecutionData[] | null> {
		const nodeType = workflow.nodeTypes.getByNameAndVersion(TRIGGER_TYPE, 1) as INodeType;
		if (!nodeType.poll) throw new Error('the trigger has no poll()');
		const result = await nodeType.poll.call(context);
		return result === null ? null : result[0] ?? [];
	}

	/** Stores the static data if it changed (n8n's WorkflowStaticDataService.saveStaticData). */
	private save(): void {
		const data = this.workflow.staticData as IDataObject & { __dataChanged?: boolean };
		if (data.__dataChanged === true) {
			this.stored = serialize(this.workflow);
			data.__dataChanged = false;
		}
	}

	/** Activates the workflow (static data as stored): the first poll runs at once, its state is stored. */
	async activate(mode: WorkflowActivateMode = 'activate'): Promise<INodeExecutionData[] | null> {
		this.workflow = this.newWorkflow(JSON.parse(this.stored) as IDataObject);
		this.context = this.newContext(this.workflow, 'trigger', mode);
		const items = await this.poll();
		this.save();
		return items;
	}

	/** One scheduled poll; a poll that throws stores nothing (n8n reports it with __emitError). */
	async poll(): Promise<INodeExecutionData[] | null> {
		this.polls++;
		const items = await this.run(this.context, this.workflow);
		if (items !== null || this.setup.saving === 'every-poll') this.save();
		return items;
	}

	/** n8n restarted: the workflow comes back from the database and is activated in mode 'init'. */
	async restart(): Promise<INodeExecutionData[] | null> {
		return await this.activate('init');
	}

	/** The static data in memory now (JSON). */
	memory(): string {
		return serialize(this.workflow);
	}

	/** The editor's Fetch Test Event: a manual poll on a copy of the workflow; the static data must stay as it is. */
	async fetchTestEvent(): Promise<INodeExecutionData[] | null> {
		const workflow = this.newWorkflow(JSON.parse(this.stored) as IDataObject);
		const before = serialize(workflow);
		const items = await this.run(this.newContext(workflow, 'manual', 'manual'), workflow);
		if (serialize(workflow) !== before) throw new Error('Fetch Test Event changed the static data');
		return items;
	}
}
