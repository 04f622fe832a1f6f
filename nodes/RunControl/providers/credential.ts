import type { ICredentialTestRequest, IDataObject, INodeProperties } from 'n8n-workflow';

/**
 * The parts every provider credential has alike: its API Key and Base URL fields and the shape of
 * its test request. Each credential keeps its own name, display name, documentation URL, icon,
 * other fields and the words of its fields' descriptions.
 */

/** The API key field: a required password string. */
export function apiKeyProperty(description: string, placeholder?: string): INodeProperties {
	return {
		displayName: 'API Key',
		name: 'apiKey',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		...(placeholder === undefined ? {} : { placeholder }),
		description,
	};
}

/** The Base URL field, defaulting to the provider's public API address. */
export function baseUrlProperty(defaultUrl: string, description?: string): INodeProperties {
	return {
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		required: true,
		default: defaultUrl,
		...(description === undefined ? {} : { description }),
	};
}

/** The Test button's request: `url` (and `qs`) on the Base URL without its trailing slashes. */
export function testRequest(url: string, qs?: IDataObject): ICredentialTestRequest['request'] {
	return {
		baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
		url,
		...(qs === undefined ? {} : { qs }),
	};
}
