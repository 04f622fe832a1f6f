import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class SuperglueApi implements ICredentialType {
	name = 'superglueApi';

	displayName = 'superglue API';

	icon = { light: 'file:superglue.svg', dark: 'file:superglue.dark.svg' } as const;

	documentationUrl = 'https://docs.superglue.cloud/api-reference/introduction';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'An API key from the superglue dashboard; for a self-hosted server, its AUTH_TOKEN',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: 'https://api.superglue.ai/v1',
			description: 'The REST API address, ending in /v1. Self-hosted: http://your-host:3002/v1.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.apiKey}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/runs',
			qs: { limit: 1 },
		},
	};
}
