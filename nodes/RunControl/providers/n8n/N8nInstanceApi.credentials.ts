import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	IHttpRequestOptions,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { n8n } from './index';
import { apiKeyProperty, baseUrlProperty, testRequest } from '../credential';

/**
 * An n8n instance's public API (a community package may not reuse n8n's own `n8nApi`). The key
 * goes in the `X-N8N-API-KEY` header, never in the URL.
 */
export class N8nInstanceApi implements ICredentialType {
	name = 'n8nInstanceApi';

	// The brand is written lower-case (the contract's display name); title case would say "N8n".
	// eslint-disable-next-line n8n-nodes-base/cred-class-field-display-name-miscased
	displayName = 'n8n Instance API';

	icon = { light: 'file:n8n.svg', dark: 'file:n8n.dark.svg' } as const;

	documentationUrl = 'https://docs.n8n.io/api/authentication/';

	properties: INodeProperties[] = [
		apiKeyProperty(
			'An API key from Settings → n8n API in the instance. Give it the execution scopes (execution:list, execution:read, execution:stop, execution:retry) where scopes are offered.',
		),
		baseUrlProperty(n8n.defaultBaseUrl, 'The instance\'s API address, ending in /api/v1 (n8n Cloud: https://<name>.app.n8n.cloud/api/v1)'),
	];

	/** The key header, set in code: no expression is evaluated on every request. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return { ...requestOptions, headers: { ...requestOptions.headers, 'X-N8N-API-KEY': String(credentials.apiKey ?? '') } };
	}

	test: ICredentialTestRequest = {
		request: testRequest('/executions', { limit: 1 }),
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: 'n8n rejected the API key (401): check the API Key field.' } },
			{
				type: 'responseCode',
				properties: { value: 403, message: 'The API key may not list executions (403): give it the execution:list scope (and execution:read, execution:stop, execution:retry), or use another key.' },
			},
			{ type: 'responseCode', properties: { value: 404, message: 'Nothing answers at this address (404): the Base URL must be the instance address followed by /api/v1.' } },
		],
	};
}
