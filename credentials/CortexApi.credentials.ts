import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	IHttpRequestOptions,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class CortexApi implements ICredentialType {
	name = 'cortexApi';

	displayName = 'Cortex API';

	icon = { light: 'file:cortex.svg', dark: 'file:cortex.dark.svg' } as const;

	documentationUrl = 'https://docs.withcortex.ai/api-reference/introduction';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'An API key from the API Keys page in Cortex',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: 'https://api.withcortex.ai',
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: 'c',
			description: 'The app (workspace) the workflows belong to. "c" means the app the API key belongs to.',
		},
	];

	/** Bearer key. A function, not an expression: no expression evaluation on every request. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.apiKey ?? '')}` },
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '={{"/apps/" + encodeURIComponent(($credentials.appId || "c").trim()) + "/workflows"}}',
			qs: { take: 1 },
		},
	};
}
