/**
 * The credentials: Bearer auth through `authenticate`, and the `test` request that the credential
 * dialog's Test button sends, resolved the way n8n resolves it and sent to the strict fakes.
 */
import { request } from 'undici';
import { Workflow } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INode, INodeTypes } from 'n8n-workflow';

import { authenticateRequest, credentialTypes, NODE_TYPE, loadPackage } from '../dev/engine/harness';
import { credentialsFor, PROVIDER_KEYS, useFakes, WORDS } from './support/world';
import type { ProviderKey } from './support/world';

const fakes = useFakes();

const node: INode = { id: 'n', name: 'Run Control', type: NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} };
const { nodeTypes } = loadPackage();
const types: INodeTypes = {
	getByName: (type) => nodeTypes[type],
	getByNameAndVersion: (type) => nodeTypes[type],
	getKnownTypes: () => ({}),
};
const workflow = new Workflow({ id: 'cred-test', nodes: [node], connections: {}, active: false, nodeTypes: types });

function resolve(value: unknown, credentials: ICredentialDataDecryptedObject): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '');
}

/** Sends a credential's test request as the credential dialog would, returns the HTTP status. */
async function testCredential(type: string, credentials: ICredentialDataDecryptedObject) {
	const test = credentialTypes[type].test!;
	const spec = test.request as IHttpRequestOptions & { baseURL?: string };
	const base = String(resolve(spec.baseURL, credentials));
	const url = new URL(`${base}${String(resolve(spec.url, credentials))}`);
	for (const [key, value] of Object.entries(spec.qs ?? {})) url.searchParams.set(key, String(resolve(value, credentials)));
	const authed = await authenticateRequest(type, credentials, { url: url.toString(), method: spec.method ?? 'GET', headers: {} }, workflow, node);
	const response = await request(authed.url, { method: 'GET', headers: authed.headers as Record<string, string> });
	await response.body.text();
	return response.statusCode;
}

describe.each(PROVIDER_KEYS)('%s credential', (provider: ProviderKey) => {
	const type = WORDS[provider].credential;

	test('has the contract fields, a password key, an icon and a documentation URL', () => {
		const credential = credentialTypes[type];
		expect(credential.name).toBe(type);
		const names = credential.properties.map((property) => property.name);
		expect(names).toEqual(expect.arrayContaining(['apiKey', 'baseUrl']));
		expect(credential.properties.find((property) => property.name === 'apiKey')?.typeOptions?.password).toBe(true);
		expect(credential.documentationUrl).toMatch(/^https:\/\//);
		expect(credential.icon).toBeDefined();
		expect(credential.authenticate).toBeDefined();
	});

	test('Test button: right key and base URL pass, a wrong key or base URL fails', async () => {
		const good = credentialsFor(fakes)[type as keyof ReturnType<typeof credentialsFor>] as ICredentialDataDecryptedObject;
		expect(await testCredential(type, good)).toBe(200);
		expect(await testCredential(type, { ...good, baseUrl: `${String(good.baseUrl)}/` })).toBe(200);
		expect(await testCredential(type, { ...good, apiKey: 'wrong-key' })).toBe(401);
		const auth = WORDS[provider].expect.credential;
		expect(await testCredential(type, { ...good, baseUrl: auth.wrongBaseUrl(String(good.baseUrl)) })).toBe(404);
		expect(fakes[provider].requests.every((entry) => [auth.value(String(good.apiKey)), auth.value('wrong-key')].includes(String(entry.headers[auth.header])))).toBe(true);
		expect(fakes[provider].requests.some((entry) => entry.rawPath.includes(String(good.apiKey)))).toBe(false);
	});
});

