import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	IHttpRequestOptions,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { cortex } from './index';
import { apiKeyProperty, baseUrlProperty, testRequest } from '../credential';
import { testRules, withBearer } from '../bearer';

export class CortexApi implements ICredentialType {
	name = 'cortexApi';

	displayName = 'Cortex API';

	icon = { light: 'file:cortex.svg', dark: 'file:cortex.dark.svg' } as const;

	documentationUrl = 'https://docs.withcortex.ai/api-reference/introduction';

	properties: INodeProperties[] = [
		apiKeyProperty('An API key from the API Keys page in Cortex'),
		baseUrlProperty(cortex.defaultBaseUrl),
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: 'c',
			description: 'The app (workspace) the workflows belong to. "c" means the app the API key belongs to.',
		},
	];

	/** Bearer key, set in code: no expression is evaluated on every request. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return withBearer(credentials, requestOptions);
	}

	test: ICredentialTestRequest = {
		request: testRequest('={{"/apps/" + encodeURIComponent(($credentials.appId || "c").trim()) + "/workflows"}}', { take: 1 }),
		rules: testRules(
			cortex.displayName,
			'Cortex answered 404 Not Found for this app: check the App ID field (Cortex answers "App not found" for an app the key cannot see; "c" is the API key\'s own app). If the App ID is right, check that the Base URL field is the Cortex API address.',
		),
	};
}
