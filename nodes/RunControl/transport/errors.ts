import { NodeApiError } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, INode, JsonObject } from 'n8n-workflow';

import type { Provider } from '../providers';
import { isObject, messageOf } from '../providers/fields';

/** What the transport knows of one provider connection. */
export interface Connection {
	provider: Provider;
	/** Base URL from the credential, without trailing slash. */
	baseUrl: string;
	host: string;
	/** The API key, known here only so that it can be blanked out of anything shown. */
	secret: string;
	credentials: ICredentialDataDecryptedObject;
}

export interface Reply {
	statusCode: number;
	headers: Record<string, unknown>;
	/** Parsed JSON, or undefined when the body is empty or not JSON. */
	body: unknown;
	text: string;
	isJson: boolean;
	attempts: number;
}

/** Blanks out the API key and any bearer token from text that may be shown or stored. */
export function redact(text: string, secret: string): string {
	let out = secret.length >= 4 ? text.split(secret).join('***') : text;
	out = out.replace(/(bearer\s+)[^\s"',;]+/gi, '$1***');
	return out;
}

export function snippet(text: string, secret: string, max = 200): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return redact(flat.length > max ? `${flat.slice(0, max)}…` : flat, secret);
}

/** The provider's own error message from an error body, in any of the shapes the three use. */
export function providerMessage(body: unknown): string | undefined {
	if (!isObject(body)) return undefined;
	const parts = [messageOf(body.error), messageOf(body.message), messageOf(body.errors)].filter(
		(part): part is string => part !== undefined,
	);
	const unique = parts.filter((part, index) => parts.indexOf(part) === index);
	return unique.length > 0 ? unique.join(': ') : undefined;
}

export interface Subject {
	runId: string;
	workflowId: string;
	itemIndex: number;
}

export function apiError(
	node: INode,
	conn: Connection,
	message: string,
	description: string,
	subject: Subject,
	httpCode?: number,
): NodeApiError {
	const safeMessage = redact(message, conn.secret);
	const safeDescription = redact(description, conn.secret);
	const response: JsonObject = { message: safeMessage, description: safeDescription };
	if (httpCode !== undefined) response.httpCode = String(httpCode);
	return new NodeApiError(node, response, {
		message: safeMessage,
		description: safeDescription,
		httpCode: httpCode === undefined ? undefined : String(httpCode),
		itemIndex: subject.itemIndex,
	});
}

/** A plain-words error for an HTTP answer that is not what the operation needed. */
export function httpError(node: INode, conn: Connection, reply: Reply, subject: Subject): NodeApiError {
	const name = conn.provider.displayName;
	const code = reply.statusCode;
	const own = providerMessage(reply.body);
	const said = own
		? `${name} said: "${own}".`
		: reply.text.trim() !== ''
			? `The answer began: ${snippet(reply.text, conn.secret)}`
			: 'The answer had no body.';
	const run = `run '${subject.runId}'${conn.provider.needsWorkflowId ? ` of workflow '${subject.workflowId}'` : ''}`;
	const tries = reply.attempts > 1 ? ` after ${reply.attempts} tries` : '';
	let message: string;
	let hint: string;
	if (code === 401) {
		message = `${name}: the API key was rejected (401)`;
		hint = `Check the API key in the ${name} credential.`;
	} else if (code === 403) {
		message = `${name}: access to ${run} was refused (403)`;
		hint = `The API key is valid but may not act on this run; check its scope or permissions in ${name}.`;
	} else if (code === 404) {
		message = `${name}: ${run} was not found`;
		hint = `Check the run ID${conn.provider.needsWorkflowId ? ', the workflow ID, the workflow source' : ''} and the base URL (${conn.baseUrl}).`;
	} else if (code === 409) {
		message = `${name}: ${run} is in a state that does not allow this (409)`;
		hint = 'The run may have finished or changed state meanwhile.';
	} else if (code === 400 || code === 422) {
		message = `${name}: the request for ${run} was rejected (${code})`;
		hint = 'Check the run ID and the node parameters.';
	} else if (code === 429) {
		message = `${name}: rate limit still exceeded${tries} (429)`;
		hint = `${name} limits how many requests a key may send. Lower the node's Concurrency option, raise the Poll Interval, or try again later.`;
	} else if (code >= 300 && code < 400) {
		const location = String(reply.headers.location ?? '(no location)');
		message = `${name}: the API answered with a redirect (${code}) to ${redact(location, conn.secret)}`;
		hint = `Redirects are not followed, so the API key is never sent to another address. Set the base URL in the ${name} credential to the address the API answers on.`;
	} else if (code >= 500 || code === 408) {
		message = `${name}: the server failed (${code})${tries}`;
		hint = `${name} had a problem answering for ${run}; try again later.`;
	} else {
		message = `${name}: unexpected answer (HTTP ${code}) for ${run}`;
		hint = 'Check the base URL in the credential.';
	}
	return apiError(node, conn, message, `${said} ${hint}`, subject, code);
}
