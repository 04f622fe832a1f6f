import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { b3os } from './index';
import { apiKeyProperty, baseUrlProperty, testRequest } from '../credential';
import { testRules, withBearer } from '../bearer';

export class B3osApi implements ICredentialType {
	name = 'b3osApi';

	displayName = 'B3OS API';

	icon = { light: 'file:b3os.svg', dark: 'file:b3os.dark.svg' } as const;

	documentationUrl = 'https://docs.b3os.org/api/authentication';

	properties: INodeProperties[] = [
		apiKeyProperty('An API key from Settings > API Keys in B3OS. Cancelling runs needs a read-write key.', 'b3sk_…'),
		baseUrlProperty(b3os.defaultBaseUrl),
		{
			displayName: 'Organization ID',
			name: 'organizationId',
			type: 'string',
			default: '',
			placeholder: 'org_…',
			description: 'Optional. Sent as the X-Org-ID header when set; API keys already belong to one organization.',
		},
	];

	/** Bearer key, plus X-Org-ID only when an organization is set (an empty header is refused). */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const organizationId = String(credentials.organizationId ?? '').trim();
		return withBearer(credentials, requestOptions, organizationId ? { 'X-Org-ID': organizationId } : {});
	}

	test: ICredentialTestRequest = {
		request: testRequest('/v1/organizations'),
		rules: testRules(b3os.displayName),
	};
}
