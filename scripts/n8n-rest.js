'use strict';
/**
 * n8n's internal REST API (`/rest`) as the owner's browser session, for the real-n8n scenarios: JSON
 * in and out, the `n8n-auth` cookie kept from the answer that sets it (owner set-up or login), the
 * `browser-id` header n8n ties that cookie to. Returns the answer's `data`; throws on a non-2xx.
 */
function restSession(main, browserId) {
	let cookie = '';
	return async function rest(method, route, body) {
		const response = await fetch(`${main}/rest${route}`, {
			method,
			headers: { 'content-type': 'application/json', 'browser-id': browserId, cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest${route}: HTTP ${response.status} ${text.slice(0, 300)}`);
		const setCookie = response.headers.get('set-cookie');
		if (setCookie && setCookie.includes('n8n-auth=')) cookie = setCookie.split(';')[0];
		return text ? JSON.parse(text).data : undefined;
	};
}

module.exports = { restSession };
