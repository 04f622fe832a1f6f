import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Provider } from './providers';
import { trimSlashes } from './providers/fields';
import type { Connection } from './transport';
import type { Job, RunOptions } from './types';

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/** Reads and checks one item's parameters; throws a NodeOperationError naming the field and item. */
export function readJob(ctx: IExecuteFunctions, itemIndex: number, provider: Provider): Job {
	const node = ctx.getNode();
	const fail = (message: string, description: string) =>
		new NodeOperationError(node, message, { itemIndex, description });
	const item = `item ${itemIndex + 1}`;

	const runId = text(ctx.getNodeParameter('runId', itemIndex, ''));
	if (runId === '') {
		throw fail(`Run ID is empty (${item})`, 'Enter the ID of the run, or an expression such as {{ $json.runId }} that gives one for every item.');
	}
	if (runId === '.' || runId === '..') {
		throw fail(`Run ID '${runId}' is not a valid run ID (${item})`, 'A run ID cannot be "." or "..".');
	}
	let workflowId = '';
	let workflowSource: 'own' | 'discoverable' = 'own';
	if (provider.needsWorkflowId) {
		workflowId = text(ctx.getNodeParameter('workflowId', itemIndex, ''));
		if (workflowId === '' || workflowId === '.' || workflowId === '..') {
			throw fail(
				`Workflow ID is ${workflowId === '' ? 'missing' : `'${workflowId}', which is not valid`} (${item})`,
				`${provider.displayName} addresses a run by its workflow and its run ID: enter the ID of the workflow the run belongs to.`,
			);
		}
		workflowSource = ctx.getNodeParameter('workflowSource', itemIndex, 'own') === 'discoverable' ? 'discoverable' : 'own';
	}

	const raw = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const number = (name: string, label: string, fallback: number, min: number, unit: string): number => {
		const value = raw[name] === undefined || raw[name] === '' ? fallback : Number(raw[name]);
		if (!Number.isFinite(value) || value < min) {
			throw fail(`${label} must be at least ${min}${unit} (${item} has ${String(raw[name])})`, `Set the ${label} option to ${min}${unit} or more.`);
		}
		return value;
	};
	const options: RunOptions = {
		includeRaw: raw.includeRaw === true,
		pollIntervalMs: number('pollInterval', 'Poll Interval', 5, 1, ' s') * 1000,
		timeoutMs: number('timeout', 'Timeout', 600, 0, ' s') * 1000,
		onTimeout: raw.onTimeout === 'output' ? 'output' : 'error',
		errorIfNotSucceeded: raw.errorIfNotSucceeded === true,
		stopAtWaiting: raw.stopAtWaiting === true,
		ifAlreadyFinished: raw.ifAlreadyFinished === 'error' ? 'error' : 'output',
		waitForCancellation: raw.waitForCancellation === true,
		concurrency: Math.floor(number('concurrency', 'Concurrency', 10, 1, '')),
	};
	return { itemIndex, ref: { runId, workflowId, workflowSource }, options };
}

/** The provider connection from its credential; the base URL is checked before any request. */
export function connection(
	ctx: IExecuteFunctions,
	provider: Provider,
	credentials: ICredentialDataDecryptedObject,
): Connection {
	const name = provider.displayName;
	const baseUrl = trimSlashes(text(credentials.baseUrl));
	let url: URL | undefined;
	try {
		url = new URL(baseUrl);
	} catch {
		url = undefined;
	}
	const problem =
		url === undefined
			? 'it is not a URL'
			: url.protocol !== 'http:' && url.protocol !== 'https:'
				? `it must start with http:// or https://, not ${url.protocol}//`
				: url.username !== '' || url.password !== ''
					? 'it must not contain a user name or password (the API key goes in its own field)'
					: url.search !== '' || url.hash !== ''
						? 'it must not contain a query (?) or fragment (#)'
						: undefined;
	if (problem !== undefined || url === undefined) {
		throw new NodeOperationError(ctx.getNode(), `The Base URL in the ${name} credential is not valid: ${problem}`, {
			description: `Set the Base URL field of the ${name} credential to the API address, e.g. ${provider.defaultBaseUrl}.`,
			itemIndex: 0,
		});
	}
	return {
		provider,
		baseUrl,
		host: url.host,
		secret: text(credentials.apiKey),
		credentials,
	};
}
