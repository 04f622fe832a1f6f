import type { IAuthenticateRuleResponseCode, ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

/**
 * Adds `Authorization: Bearer <apiKey>` (and any extra headers) to a request. The credentials call
 * it from their `authenticate` function: plain code, so no expression is evaluated per request.
 */
export function withBearer(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
	extraHeaders: Record<string, string> = {},
): IHttpRequestOptions {
	return {
		...requestOptions,
		headers: {
			...requestOptions.headers,
			Authorization: `Bearer ${String(credentials.apiKey ?? '')}`,
			...extraHeaders,
		},
	};
}

/**
 * What the credential dialog's Test button says for the answers a wrong field gives, in plain
 * words naming the field to fix (instead of n8n's bare "Unauthorized" or "Not Found").
 */
export function testRules(name: string): IAuthenticateRuleResponseCode[] {
	const rule = (value: number, message: string): IAuthenticateRuleResponseCode => ({
		type: 'responseCode',
		properties: { value, message },
	});
	return [
		rule(401, `${name} rejected the API key (401): check the API Key field.`),
		rule(403, `The API key is valid but may not list runs (403): give it read access in ${name}, or use another key.`),
		rule(404, `Nothing answers at this address (404): check that the Base URL field is the ${name} API address.`),
		rule(405, `This address is not the ${name} API (405): check the Base URL field.`),
	];
}
