import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import type { Provider, RequestAction } from '../providers';
import type { NetworkFailure, Reply } from '../transport';

/** What an error message may name: the provider, where its API is, and the secret to blank out. */
export interface Scope {
	node: INode;
	provider: Provider;
	baseUrl: string;
	host: string;
	/** The API key, known here only so that it can be blanked out of anything shown. */
	secret: string;
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

export interface Subject {
	runId: string;
	workflowId: string;
	itemIndex: number;
	/** What the request was about, when it is not one run (e.g. "tool 'x'"). */
	what?: string;
	/** What the request was for (default: a read). */
	action?: RequestAction;
}

export function apiError(
	scope: Scope,
	message: string,
	description: string,
	subject: Subject,
	httpCode?: number,
): NodeApiError {
	const safeMessage = redact(message, scope.secret);
	const safeDescription = redact(description, scope.secret);
	const response: JsonObject = { message: safeMessage, description: safeDescription };
	if (httpCode !== undefined) response.httpCode = String(httpCode);
	return new NodeApiError(scope.node, response, {
		message: safeMessage,
		description: safeDescription,
		httpCode: httpCode === undefined ? undefined : String(httpCode),
		itemIndex: subject.itemIndex,
	});
}

/**
 * What the provider said in an error answer, for a description: its message, and where its error
 * shape has them its own error code and the request ID (users quote it to the provider's support).
 */
export function providerSays(scope: Scope, reply: Reply): string {
	const name = scope.provider.displayName;
	const own = scope.provider.errorMessage(reply.body);
	const facts = scope.provider.errorFacts?.(reply.body, reply.headers) ?? {};
	const refs = [
		facts.code !== undefined && facts.code !== String(reply.statusCode) ? `code ${facts.code}` : undefined,
		facts.requestId ? `request ID ${facts.requestId}` : undefined,
	].filter((ref): ref is string => ref !== undefined);
	const tail = refs.length > 0 ? ` (${refs.join(', ')})` : '';
	const said = own
		? `${name} said: "${own}"${tail}.`
		: reply.text.trim() !== ''
			? `The answer began: ${snippet(reply.text, scope.secret)}${tail}`
			: `The answer had no body${tail}.`;
	return redact(said, scope.secret);
}

/** The HTTP status for a message, with the provider's own error code where it differs: "400, code 400079". */
export function statusText(scope: Scope, reply: Reply): string {
	const code = scope.provider.errorFacts?.(reply.body, reply.headers).code;
	return code !== undefined && code !== String(reply.statusCode) ? `${reply.statusCode}, code ${code}` : String(reply.statusCode);
}

/** A plain-words error for an HTTP answer that is not what the operation needed. */
export function httpError(scope: Scope, reply: Reply, subject: Subject): NodeApiError {
	const { provider } = scope;
	const name = provider.displayName;
	const code = reply.statusCode;
	const said = providerSays(scope, reply);
	const status = statusText(scope, reply);
	const run = subject.what ?? `run '${subject.runId}'${provider.needsWorkflowId ? ` of workflow '${subject.workflowId}'` : ''}`;
	const tries = reply.attempts > 1 ? ` after ${reply.attempts} tries` : '';
	const explained = provider.explainError?.({ action: subject.action ?? 'read', statusCode: code, message: provider.errorMessage(reply.body) });
	if (explained?.message !== undefined) return apiError(scope, `${name}: ${explained.message}`, `${said} ${explained.hint}`, subject, code);
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
		hint = subject.what
			? `Check the ${provider.workflowLabel} and the base URL (${scope.baseUrl}).`
			: `Check ${provider.notFoundCheck} and the base URL (${scope.baseUrl}).`;
	} else if (code === 409) {
		message = `${name}: ${run} is in a state that does not allow this (${status})`;
		hint = 'The run may have finished or changed state meanwhile.';
	} else if (code === 400 || code === 422) {
		message = `${name}: the request for ${run} was rejected (${status})`;
		hint = 'Check the run ID and the node parameters.';
	} else if (code === 429) {
		message = `${name}: rate limit still exceeded${tries} (429)`;
		hint = `${name} limits how many requests a key may send. Lower the node's Concurrency option, raise the Poll Interval, or try again later.`;
	} else if (code >= 300 && code < 400) {
		const location = String(reply.headers.location ?? '(no location)');
		message = `${name}: the API answered with a redirect (${code}) to ${redact(location, scope.secret)}`;
		hint = `Redirects are not followed, so the API key is never sent to another address. Set the base URL in the ${name} credential to the address the API answers on.`;
	} else if (code >= 500 || code === 408) {
		message = `${name}: the server failed (${code})${tries}`;
		hint = `${name} had a problem answering for ${run}; try again later.`;
	} else {
		message = `${name}: unexpected answer (HTTP ${status}) for ${run}`;
		hint = 'Check the base URL in the credential.';
	}
	if (explained) {
		if (explained.reason) message = `${message}: ${explained.reason}`;
		hint = explained.hint;
	}
	return apiError(scope, message, `${said} ${hint}`, subject, code);
}

/** A plain-words error for a request that got no answer. */
export function networkError(scope: Scope, failure: NetworkFailure, subject: Subject): NodeApiError {
	const name = scope.provider.displayName;
	const tries = failure.attempts > 1 ? ` (${failure.attempts} tries)` : '';
	return apiError(
		scope,
		`${name}: could not reach ${scope.host}: ${failure.words}${tries}`,
		`The request to ${scope.baseUrl} failed before ${name} answered${failure.code ? ` (${failure.code})` : ''}. Check the base URL in the ${name} credential, and that n8n can reach that host (proxy, firewall, certificate).`,
		subject,
	);
}
