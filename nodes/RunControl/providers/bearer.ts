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
 * words naming the field to fix (instead of n8n's bare "Unauthorized" or "Not Found"). n8n matches
 * these rules on the status code only (it does not read the body of an error answer), so the 404
 * message names the field a 404 to this credential's test request points at: `notFound` where
 * the request path carries a field of its own (Cortex: the App ID), else the Base URL. An address
 * where nothing answers never reaches these rules: n8n reports it itself (e.g. ECONNREFUSED).
 */
export function testRules(name: string, notFound?: string): IAuthenticateRuleResponseCode[] {
	const rule = (value: number, message: string): IAuthenticateRuleResponseCode => ({
		type: 'responseCode',
		properties: { value, message },
	});
	return [
		rule(401, `${name} rejected the API key (401): check the API Key field.`),
		rule(403, `The API key is valid but may not list runs (403): give it read access in ${name}, or use another key.`),
		rule(404, notFound ?? `The server at the Base URL answered 404 Not Found: it does not serve the ${name} API there. Check the Base URL field.`),
		rule(405, `This address is not the ${name} API (405): check the Base URL field.`),
	];
}
