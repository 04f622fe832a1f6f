/**
 * Runs workflow JSON through n8n-core's WorkflowExecute (the idea of n8n's NodeTestHarness) with the
 * BUILT package from dist/, and a credentials helper that authenticates requests the way n8n does
 * (generic `authenticate` expressions, or the credential's own function).
 */
import './env';

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import * as workflowLib from 'n8n-workflow';
import { ICredentialsHelper, Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IVersionedNodeType,
} from 'n8n-workflow';

import { BASE_NODES } from './base-nodes';

export const ROOT = (() => {
	let dir = __dirname;
	while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
	return dir;
})();

interface PackageJson {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
}

/** Loads the built node and credentials exactly as n8n does: from the package.json "n8n" section. */
export function loadPackage(root = ROOT) {
	const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
	const instances = (files: string[]) =>
		files.flatMap((file) => {
			const exported = require(path.join(root, file)) as Record<string, new () => unknown>;
			return Object.values(exported).map((Class) => new Class());
		});
	const nodeTypes: Record<string, INodeType> = {};
	for (const node of instances(pkg.n8n.nodes) as INodeType[]) {
		nodeTypes[`${pkg.name}.${node.description.name}`] = node;
	}
	const credentialTypes: Record<string, ICredentialType> = {};
	for (const credential of instances(pkg.n8n.credentials) as ICredentialType[]) {
		credentialTypes[credential.name] = credential;
	}
	return { nodeTypes, credentialTypes };
}

const PACKAGE = loadPackage();
export const NODE_TYPE = 'n8n-nodes-run-control.runControl';
export const credentialTypes = PACKAGE.credentialTypes;

/** The node types a test workflow may use: n8n's base nodes and this package's built nodes. */
export class NodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType> = { ...BASE_NODES, ...PACKAGE.nodeTypes };

	getByName(type: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(type);
	}

	getByNameAndVersion(type: string): INodeType {
		const node = this.types[type];
		if (!node) throw new Error(`Unknown node type ${type}`);
		return node;
	}

	getKnownTypes() {
		return {};
	}
}

/** Resolves `={{ … }}` values with $credentials, as n8n's own CredentialsHelper does. */
function resolve(value: unknown, credentials: ICredentialDataDecryptedObject, workflow: Workflow, node: INode): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '');
}

export async function authenticateRequest(
	type: string,
	credentials: ICredentialDataDecryptedObject,
	request: IHttpRequestOptions,
	workflow: Workflow,
	node: INode,
): Promise<IHttpRequestOptions> {
	const credentialType = credentialTypes[type];
	if (!credentialType) throw new Error(`Unknown credential type ${type}`);
	const { authenticate } = credentialType;
	if (typeof authenticate === 'function') return await authenticate(credentials, request);
	if (authenticate && authenticate.type === 'generic') {
		const options = request as unknown as Record<string, Record<string, unknown>>;
		for (const [outer, entries] of Object.entries(authenticate.properties)) {
			options[outer] = { ...(options[outer] ?? {}) };
			for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
				const resolvedKey = String(resolve(key, credentials, workflow, node));
				const resolved = resolve(value, credentials, workflow, node);
				options[outer][resolvedKey] = resolved === undefined || resolved === null ? '' : String(resolved);
			}
		}
	}
	return request;
}

export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		return await authenticateRequest(typeName, credentials, requestOptions, workflow, node);
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	getCredentialsProperties(type: string) {
		return credentialTypes[type]?.properties ?? [];
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return { ...data };
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used');
	}

	async updateCredentials(): Promise<void> {}

	/** n8n 2.x asks whether a credential may be used by the node (restrictToSupportedNodes). */
	isCredentialUsableByNode(): boolean {
		return true;
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}

export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IWorkflowBase['connections'];
	settings?: IWorkflowBase['settings'];
}

export interface RunResult {
	run: IRun;
	status: IRun['status'];
	/** Items of a node's output (default: first output), in order. */
	items(nodeName: string, output?: number): INodeExecutionData[];
	/** The error a node ended with, if any. */
	nodeError(nodeName: string): (Error & { description?: string; context?: Record<string, unknown> }) | undefined;
	/** When the run's promise settled (ms epoch). */
	endedAt: number;
}

export interface RunWorkflowOptions {
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** Called once the execution started, with a function that stops it like n8n's Stop button. */
	onStarted?: (stop: () => void) => void;
}

let executionCounter = 0;

/** n8n-workflow's factory where it has one (1.12x, 2.x), else the plain shape older versions take. */
function newRunExecutionData(nodeExecutionStack: unknown[]): IRunExecutionData {
	const factory = (workflowLib as { createRunExecutionData?: (options: unknown) => IRunExecutionData })
		.createRunExecutionData;
	const executionData = { contextData: {}, metadata: {}, waitingExecution: {}, waitingExecutionSource: null, nodeExecutionStack };
	if (factory) return factory({ executionData });
	return { startData: {}, resultData: { runData: {} }, executionData } as unknown as IRunExecutionData;
}

/** What n8n hands a node context besides the workflow: test credentials and fixed URLs. */
export function testAdditionalData(credentials: Record<string, ICredentialDataDecryptedObject>): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new TestCredentialsHelper(credentials),
		currentNodeParameters: undefined,
		variables: {},
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		setExecutionStatus: () => undefined,
		sendDataToUI: () => undefined,
		logAiEvent: () => undefined,
		executeWorkflow: async () => {
			throw new Error('not supported in tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export async function runWorkflow(workflowJson: WorkflowJson, options: RunWorkflowOptions): Promise<RunResult> {
	const nodeTypes = new NodeTypes();
	const nodes = JSON.parse(JSON.stringify(workflowJson.nodes)) as INode[];
	const workflow = new Workflow({
		id: 'test',
		name: workflowJson.name ?? 'test',
		nodes,
		connections: workflowJson.connections,
		nodeTypes,
		settings: workflowJson.settings,
		active: false,
	});
	const executionId = `test-${++executionCounter}`;
	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowJson as unknown as IWorkflowBase);
	let settle: (run: IRun) => void = () => undefined;
	const done = new Promise<IRun>((resolve) => (settle = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData: IRun) => settle(fullRunData));
	const additionalData = { ...testAdditionalData(options.credentials), hooks, executionId } as IWorkflowExecuteAdditionalData;

	const trigger = workflow.getStartNode();
	if (!trigger) throw new Error('The workflow has no start node');
	const stack = [{ node: trigger, data: { main: [[{ json: {} }]] }, source: null }];
	const runExecutionData = newRunExecutionData(stack);
	const execute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	const running = execute.processRunExecutionData(workflow);
	options.onStarted?.(() => running.cancel());
	const finished = await running;
	const endedAt = Date.now();
	const run = finished ?? (await done);
	const runData = run.data.resultData.runData;
	return {
		run,
		status: run.status,
		endedAt,
		items: (nodeName, output = 0) => runData[nodeName]?.[0]?.data?.main?.[output] ?? [],
		nodeError: (nodeName) => runData[nodeName]?.[0]?.error as RunResult['nodeError'] extends (n: string) => infer E ? E : never,
	};
}

/**
 * Stops what n8n-core starts in the process and n8n stops when it shuts down. Every node execution
 * context offers SSH tunnel helpers, so the first one builds n8n-core's SSH client manager (one per
 * DI container), whose constructor starts a clean-up `setInterval` of 60 s that only its
 * `onShutdown()` clears; n8n calls that on process exit. n8n-core 1.x does not unref the interval,
 * so a process that ran a node never ends by itself: a jest worker is force-exited, an in-band run
 * hangs. The tests call this after each file (test/support/engine.ts); scripts end with process.exit.
 */
export function stopEngine(): void {
	// The n8n-core in use (jest maps it to the 2.x copy on the second engine leg) and its own DI container.
	const dist = path.dirname(require.resolve('n8n-core'));
	const { Container } = require(require.resolve('@n8n/di', { paths: [dist] })) as {
		Container: { get<T>(type: new (...args: never[]) => T): T };
	};
	const { SSHClientsManager } = require(path.join(dist, 'execution-engine/ssh-clients-manager')) as {
		SSHClientsManager: new (...args: never[]) => { onShutdown(): void };
	};
	Container.get(SSHClientsManager).onShutdown();
}

/** A Manual Trigger → Run Control workflow, with items made by an Edit Fields node in raw mode. */
export function runControlWorkflow(
	parameters: Record<string, unknown>,
	inputItems: Array<Record<string, unknown>>,
	credentials: Record<string, { id: string; name: string }>,
	nodeSettings: Partial<INode> = {},
): WorkflowJson {
	return {
		nodes: [
			{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'i',
				name: 'Items',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ items: inputItems }) },
			},
			{
				id: 's',
				name: 'Split',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [400, 0],
				parameters: { fieldToSplitOut: 'items' },
			},
			{
				id: 'r',
				name: 'Run Control',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [600, 0],
				parameters,
				credentials,
				...nodeSettings,
			} as INode,
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
			Split: { main: [[{ node: 'Run Control', type: 'main', index: 0 }]] },
		},
	};
}
