import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	IHttpRequestOptions,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { superglue } from './index';
import { apiKeyProperty, baseUrlProperty, testRequest } from '../credential';
import { testRules, withBearer } from '../bearer';

export class SuperglueApi implements ICredentialType {
	name = 'superglueApi';

	displayName = 'Superglue API';

	icon = { light: 'file:superglue.svg', dark: 'file:superglue.dark.svg' } as const;

	documentationUrl = 'https://docs.superglue.cloud/api-reference/introduction';

	properties: INodeProperties[] = [
		apiKeyProperty('An API key from the superglue dashboard; for a self-hosted server, its AUTH_TOKEN'),
		baseUrlProperty(superglue.defaultBaseUrl, 'The REST API address, ending in /v1. Self-hosted: http://your-host:3002/v1.'),
	];

	/** Bearer key, set in code: no expression is evaluated on every request. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return withBearer(credentials, requestOptions);
	}

	test: ICredentialTestRequest = {
		request: testRequest('/runs', { limit: 1 }),
		rules: testRules(superglue.displayName),
	};
}
