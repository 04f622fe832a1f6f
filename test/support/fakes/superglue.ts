/**
 * superglue fake: reproduces the recorded responses of a real superglue server (release 1.4.0,
 * Fastify, REST API under /v1): bare run objects, `{"error":{"message"}}` from routes and
 * `{"success":false,"error":…}` from authentication, Fastify's body checks and 404s.
 */
import { randomUUID } from 'node:crypto';

import { FakeServer, NotFound, Refusal } from './common';
import type { Answer, RecordedRequest, Route, RunState, Words } from './common';

const NOT_FOUND: Answer = { status: 404, body: { error: { message: 'Run not found' } } };

export class SuperglueFake extends FakeServer {
	readonly name = 'superglue' as const;
	protected readonly basePath = '/v1';
	protected readonly words: Words = {
		running: 'running',
		success: 'success',
		cancelled: 'aborted',
		terminal: ['success', 'failed', 'aborted'],
		cancellable: ['running'],
	};

	protected extraHeaders(): Record<string, string> {
		return { 'x-trace-id': randomUUID() };
	}

	protected cancelMessage(): string {
		return 'Run cancelled by user';
	}

	protected checkAuth(req: RecordedRequest): Refusal | undefined {
		const token = this.bearer(req) ?? req.query.get('token') ?? undefined;
		if (token === undefined || token === '') {
			return new Refusal({ status: 401, body: { success: false, error: 'Authentication failed', message: 'No token provided' } }, 'no token');
		}
		if (token !== this.apiKey) {
			return new Refusal({ status: 401, body: { success: false, error: 'Authentication failed', message: 'Authentication failed' } }, 'wrong token');
		}
		return undefined;
	}

	protected noRoute(req: RecordedRequest): Answer {
		return { status: 404, body: { message: `Route ${req.method}:${req.path} not found`, error: 'Not Found', statusCode: 404 } };
	}

	/** Fastify's content-type parser. */
	protected checkBody(req: RecordedRequest): Refusal | undefined {
		if (req.method === 'GET' || req.method === 'HEAD') return undefined;
		const type = String(req.headers['content-type'] ?? '');
		if (type === '') return undefined;
		if (!type.startsWith('application/json')) {
			if (req.body === '') return undefined;
			return new Refusal(
				{ status: 415, body: { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', error: 'Unsupported Media Type', message: `Unsupported Media Type: ${type}` } },
				'unsupported content type',
			);
		}
		if (req.body === '') {
			return new Refusal(
				{
					status: 400,
					body: { statusCode: 400, code: 'FST_ERR_CTP_EMPTY_JSON_BODY', error: 'Bad Request', message: "Body cannot be empty when content-type is set to 'application/json'" },
				},
				'empty JSON body',
			);
		}
		try {
			JSON.parse(req.body);
		} catch (error) {
			return new Refusal(
				{ status: 400, body: { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY', error: 'Bad Request', message: `Body is not valid JSON but content-type is set to 'application/json'` } },
				'invalid JSON body',
			);
		}
		return undefined;
	}

	protected present(run: RunState): object {
		const tool = {
			id: run.workflowId,
			name: run.workflowId,
			instruction: 'fake tool',
			inputSchema: null,
			steps: [{ id: 'callPeer', config: { url: 'http://127.0.0.1:4599/fast', type: 'request', method: 'GET' } }],
			archived: false,
		};
		const terminal = this.isTerminal(run.status);
		const metadata: Record<string, unknown> = { startedAt: run.startedAt };
		if (terminal && run.finishedAt) {
			metadata.completedAt = run.finishedAt;
			metadata.durationMs = Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt));
		}
		const body: Record<string, unknown> = { runId: run.id, toolId: run.workflowId, tool, status: run.status, toolPayload: {} };
		if (run.spec.sync && terminal) {
			if (run.status === 'success') body.data = run.spec.output ?? null;
			body.stepResults = [{ stepId: 'callPeer', success: run.status === 'success', error: run.error ?? null }];
		}
		if (run.error !== undefined && (run.status === 'failed' || run.status === 'aborted')) body.error = run.error;
		body.options = {};
		body.requestSource = 'api';
		if (run.spec.sync) body.traceId = randomUUID();
		body.userId = 'oss-admin';
		body.executionMode = 'prod';
		body.metadata = metadata;
		return body;
	}

	protected routes(): Route[] {
		return [
			{
				method: 'GET',
				pattern: ['health'],
				auth: false,
				handle: () => ({ status: 200, body: { status: 'ok', timestamp: new Date().toISOString(), version: '1.4.0', minCliVersion: '1.0.0' } }),
			},
			{
				method: 'GET',
				pattern: ['runs', ':runId'],
				handle: ({ params }) => {
					const run = this.runOr404(params.runId, NOT_FOUND);
					this.advance(run, true);
					return { status: 200, body: this.present(run) };
				},
			},
			{
				method: 'POST',
				pattern: ['runs', ':runId', 'cancel'],
				handle: ({ params }) => {
					const run = this.runOr404(params.runId, NOT_FOUND);
					if (run.status === 'aborted') return { status: 200, body: this.present(run) };
					if (!this.acceptCancel(run)) {
						return { status: 400, body: { error: { message: `Run is not currently running (status: ${run.status.toUpperCase()})` } } };
					}
					return { status: 200, body: this.present(run) };
				},
			},
			{
				method: 'GET',
				pattern: ['runs'],
				query: ['toolId', 'status', 'limit', 'page', 'search', 'startedAfter', 'requestSources', 'includeTotal'],
				handle: ({ req }) => {
					const limit = Math.min(1000, Math.max(1, Number(req.query.get('limit') ?? 50) || 50));
					const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1);
					const all = [...this.runs.values()]
						.map((run) => (this.advance(run, false), run))
						.filter((run) => (!req.query.get('toolId') || run.workflowId === req.query.get('toolId')) && (!req.query.get('status') || run.status === req.query.get('status')));
					const data = all.slice((page - 1) * limit, page * limit).map((run) => this.present(run));
					return { status: 200, body: { data, page, limit, total: all.length, hasMore: page * limit < all.length } };
				},
			},
			{
				method: 'POST',
				pattern: ['tools', ':toolId', 'run'],
				handle: ({ req, params }) => {
					const body = (req.body ? JSON.parse(req.body) : {}) as { runId?: string; options?: { async?: boolean } };
					const id = body.runId ?? randomUUID();
					if (this.runs.has(id)) return { status: 409, body: { error: { message: `Run with id ${id} already exists` } } };
					const async = body.options?.async === true;
					this.addRun({ id, workflowId: params.toolId, sync: !async, finishAfterMs: async ? 5000 : undefined, status: async ? 'running' : 'success', output: { ok: true } });
					return { status: async ? 202 : 200, body: this.present(this.runs.get(id)!) };
				},
			},
		];
	}
}

export { NotFound };
