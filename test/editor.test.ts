/**
 * What the editor shows, decided by n8n-workflow's own display rules (the ones the editor and the
 * backend apply) on the built node descriptions: the Provider field, options only where they act,
 * provider-only fields where they act, per-provider statuses, the canvas subtitle in display words.
 * `npm run ui:screenshots` shows the same in a real browser.
 */
import { NodeHelpers, Workflow } from 'n8n-workflow';
import type { INode, INodeParameters, INodeProperties, INodeType, INodeTypes } from 'n8n-workflow';

import { loadPackage, NODE_TYPE } from '../dev/engine/harness';
import { ALL_PROVIDER_KEYS as PROVIDER_KEYS, WORDS } from './support/providers';

const { nodeTypes } = loadPackage();
const node = nodeTypes[NODE_TYPE];
const trigger = nodeTypes['n8n-nodes-run-control.runControlTrigger'];
/** Every provider of the registry. */
const PROVIDERS = PROVIDER_KEYS;

/** The top-level parameters shown for these values (duplicates by name: the shown one). */
function shown(type: INodeType, parameters: INodeParameters): INodeProperties[] {
	return type.description.properties.filter((property) => NodeHelpers.displayParameterPath(parameters, property, '', null, type.description));
}

/** The entries of a collection the "Add" list offers for these values. */
function offered(type: INodeType, parameters: INodeParameters, collection: string): string[] {
	const property = shown(type, parameters).find((entry) => entry.name === collection);
	if (!property) throw new Error(`${collection} is not shown`);
	return (property.options as INodeProperties[])
		.filter((option) => NodeHelpers.displayParameterPath(parameters, option, collection, null, type.description))
		.map((option) => option.name);
}

describe.each([
	['Run Control', node],
	['Run Control Trigger', trigger],
])('%s: Provider and credentials', (_label, type) => {
	test('Provider is a field of the panel, first; each provider value shows exactly its own credential', () => {
		expect(type.description.properties[0].name).toBe('provider');
		// n8n's editor moves a parameter into the credential dialog (and hides it from the panel) when
		// credentials are shown for its values (displayOptions.show): credentials use hide instead.
		for (const credential of type.description.credentials ?? []) expect(credential.displayOptions?.show).toBeUndefined();
		for (const provider of PROVIDERS) {
			const credentials = (type.description.credentials ?? []).filter((credential) =>
				NodeHelpers.displayParameter({ provider }, credential, null, type.description),
			);
			expect(credentials.map((credential) => credential.name)).toEqual([WORDS[provider].credential]);
		}
	});
});

describe('Run Control: options only where they act', () => {
	const WAIT = ['pollInterval', 'timeout', 'onTimeout', 'errorIfNotSucceeded'];

	test('Start: the wait options only with Wait for Finish on', () => {
		const off = offered(node, { provider: 'superglue', operation: 'start', options: {} }, 'options');
		expect(off).toEqual(expect.arrayContaining(['waitForFinish', 'includeOutput', 'newRunId']));
		for (const name of WAIT) expect(off).not.toContain(name);
		expect(offered(node, { provider: 'superglue', operation: 'start', options: { waitForFinish: false } }, 'options')).not.toContain('timeout');
		const on = offered(node, { provider: 'superglue', operation: 'start', options: { waitForFinish: true } }, 'options');
		expect(on).toEqual(expect.arrayContaining(WAIT));
		expect(on).not.toContain('stopAtWaiting');
		expect(offered(node, { provider: 'b3os', operation: 'start', options: { waitForFinish: true } }, 'options')).toContain('stopAtWaiting');
		expect(offered(node, { provider: 'b3os', operation: 'start', options: {} }, 'options')).not.toContain('stopAtWaiting');
	});

	test('Retry: the wait options only with Wait for Finish on', () => {
		const off = offered(node, { provider: 'b3os', operation: 'retry', options: {} }, 'options');
		expect(off).toContain('waitForFinish');
		for (const name of [...WAIT, 'stopAtWaiting']) expect(off).not.toContain(name);
		expect(offered(node, { provider: 'b3os', operation: 'retry', options: { waitForFinish: true } }, 'options')).toEqual(expect.arrayContaining([...WAIT, 'stopAtWaiting']));
	});

	test('Cancel: Poll Interval and Timeout only with Wait for Cancellation on', () => {
		const off = offered(node, { provider: 'b3os', operation: 'cancel', options: {} }, 'options');
		expect(off).toEqual(expect.arrayContaining(['waitForCancellation', 'ifAlreadyFinished']));
		expect(off).not.toContain('pollInterval');
		expect(off).not.toContain('timeout');
		const on = offered(node, { provider: 'b3os', operation: 'cancel', options: { waitForCancellation: true } }, 'options');
		expect(on).toEqual(expect.arrayContaining(['pollInterval', 'timeout']));
	});

	test('Wait Until Finished offers its wait options without a switch', () => {
		expect(offered(node, { provider: 'cortex', operation: 'waitUntilFinished', options: {} }, 'options')).toEqual(expect.arrayContaining(WAIT));
	});

	test('the backend keeps a wait option only where it acts (a saved Timeout without Wait for Finish is dropped)', () => {
		const values = (options: INodeParameters) =>
			NodeHelpers.getNodeParameters(node.description.properties, { provider: 'superglue', operation: 'start', workflowId: 't', options }, false, false, null, node.description)?.options;
		expect(values({ timeout: 30 })).toEqual({});
		expect(values({ waitForFinish: true, timeout: 30 })).toEqual({ waitForFinish: true, timeout: 30 });
	});

	test('labels limited to a provider by their display condition name no provider', () => {
		const labels = node.description.properties.flatMap((property) => [
			property.displayName,
			...((property.type === 'collection' ? property.options : []) as INodeProperties[]).map((option) => option.displayName),
		]);
		expect(labels).toEqual(expect.arrayContaining(['New Run ID', 'Stop at Waiting']));
		expect(labels.filter((label) => /\((superglue|B3OS|Cortex)/i.test(label))).toEqual([]);
	});
});

describe('Run Control: provider-only fields where they act, in one place', () => {
	const names = (parameters: INodeParameters) => shown(node, parameters).map((property) => property.name);

	test('Cortex Workflow Source: on Start and Cancel only, right below Workflow ID', () => {
		for (const operation of ['start', 'cancel']) {
			const list = names({ provider: 'cortex', operation });
			expect(list.indexOf('workflowSource')).toBe(list.indexOf('workflowId') + 1);
		}
		for (const operation of ['get', 'getAll', 'waitUntilFinished', 'retry']) expect(names({ provider: 'cortex', operation })).not.toContain('workflowSource');
		expect(names({ provider: 'b3os', operation: 'start' })).not.toContain('workflowSource');
	});

	test('the superglue output notice on Get, Wait Until Finished, and Start with Wait for Finish', () => {
		const notice = (parameters: INodeParameters) => names({ provider: 'superglue', ...parameters }).includes('superglueOutputNotice');
		expect(notice({ operation: 'get' })).toBe(true);
		expect(notice({ operation: 'waitUntilFinished' })).toBe(true);
		expect(notice({ operation: 'start', options: { waitForFinish: true } })).toBe(true);
		expect(notice({ operation: 'start', options: {} })).toBe(false);
		expect(notice({ operation: 'cancel' })).toBe(false);
		expect(names({ provider: 'b3os', operation: 'start', options: { waitForFinish: true } })).not.toContain('superglueOutputNotice');
	});

	test("the Status filter lists the chosen provider's statuses", () => {
		const statuses = (provider: string) => {
			const parameters = { provider, operation: 'getAll', filters: {} };
			const filters = shown(node, parameters).find((property) => property.name === 'filters')!;
			const status = (filters.options as INodeProperties[]).filter(
				(option) => option.name === 'status' && NodeHelpers.displayParameterPath(parameters, option, 'filters', null, node.description),
			);
			expect(status).toHaveLength(1);
			return (status[0].options as Array<{ value: string }>).map((option) => option.value);
		};
		expect(statuses('superglue')).toEqual(['cancelled', 'failed', 'running', 'succeeded']);
		expect(statuses('b3os')).toEqual(['cancelled', 'failed', 'partial', 'running', 'succeeded', 'waiting']);
		expect(statuses('cortex')).toEqual(['cancelled', 'failed', 'queued', 'running', 'skipped', 'succeeded']);
	});
});

describe('canvas subtitle in display words', () => {
	const types: INodeTypes = {
		getByName: (type) => nodeTypes[type],
		getByNameAndVersion: (type) => nodeTypes[type],
		getKnownTypes: () => ({}),
	};
	const subtitle = (type: string, parameters: INodeParameters) => {
		const subject: INode = { id: 's', name: 'Subject', type, typeVersion: 1, position: [0, 0], parameters };
		const workflow = new Workflow({ id: 'subtitle', nodes: [subject], connections: {}, active: false, nodeTypes: types });
		const expression = nodeTypes[type].description.subtitle as string;
		return workflow.expression.getSimpleParameterValue(subject, expression, 'internal', {}, undefined, '');
	};

	test('operation and provider by their labels', () => {
		expect(subtitle(NODE_TYPE, { provider: 'b3os', operation: 'getAll' })).toBe('Get Many: B3OS');
		expect(subtitle(NODE_TYPE, { provider: 'superglue', operation: 'cancel' })).toBe('Cancel: superglue');
		expect(subtitle(NODE_TYPE, { provider: 'cortex', operation: 'waitUntilFinished' })).toBe('Wait Until Finished: Cortex');
		expect(subtitle('n8n-nodes-run-control.runControlTrigger', { provider: 'cortex', event: 'failed' })).toBe('Run Failed: Cortex');
	});
});
