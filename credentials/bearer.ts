import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

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
