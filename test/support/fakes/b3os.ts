/**
 * B3OS fake (docs.b3os.org): paths under /v1, `{code, data, message, requestId}` envelope, errors as
 * `{code, message, requestId}`, `summary=true` drops executionState and workflowDefinition,
 * cancel of a run that is not running or waiting answers 409, optional X-Org-ID must match.
 */
import { FakeServer, Refusal, requestId } from './common';
import type { Answer, RecordedRequest, Route, RunState, Words } from './common';

const fail = (status: number, message: string): Answer => ({ status, body: { code: status, message, requestId: requestId() } });
const ok = (data: unknown): Answer => ({ status: 200, body: { code: 200, data, message: 'success', requestId: requestId() } });

export class B3osFake extends FakeServer {
	readonly name = 'b3os' as const;
	protected readonly basePath = '';
	protected readonly words: Words = {
		running: 'running',
		success: 'success',
		cancelled: 'cancelled',
		terminal: ['success', 'failure', 'cancelled', 'partial'],
		cancellable: ['running', 'waiting'],
	};

	constructor(
		apiKey: string,
		private readonly orgId: string,
	) {
		super(apiKey);
	}

	protected checkAuth(req: RecordedRequest): Refusal | undefined {
		const token = this.bearer(req);
		if (!token || token !== this.apiKey) return new Refusal(fail(401, 'invalid or missing API key'), token ? 'wrong API key' : 'no API key');
		const org = req.headers['x-org-id'];
		if (org !== undefined) {
			if (String(org).trim() === '') return new Refusal(fail(400, 'X-Org-ID header is empty'), 'empty X-Org-ID');
			if (org !== this.orgId) return new Refusal(fail(403, 'organization mismatch'), 'X-Org-ID of another organization');
		}
		return undefined;
	}

	protected noRoute(req: RecordedRequest, pathKnown: boolean): Answer {
		return pathKnown ? fail(405, 'method not allowed') : fail(404, `no route for ${req.method} ${req.path}`);
	}

	protected checkBody(req: RecordedRequest): Refusal | undefined {
		return this.checkJsonBodyStrict(req);
	}

	protected present(run: RunState, summary: boolean): object {
		const terminal = this.isTerminal(run.status);
		const body: Record<string, unknown> = {
			id: run.id,
			organizationId: this.orgId,
			workflowId: run.workflowId,
			workflowVersion: 1,
			status: run.status,
			startedAt: run.startedAt,
		};
		if (terminal && run.finishedAt) body.finishedAt = run.finishedAt;
		Object.assign(body, {
			triggerSource: 'manual',
			triggeredBy: 'user_test',
			totalCu: run.spec.cost ?? 0,
			isDustTest: false,
			isSimulation: false,
			simulationMode: '',
			simulationForks: [],
			sourceRunId: '',
			propValues: {},
		});
		if (run.status === 'failure' && run.error) body.summary = `Node http_1 failed: ${run.error}`;
		if (!summary) {
			body.executionState = {
				root: { type: 'manual', status: 'success', input: {}, result: {}, startedAt: run.startedAt, finishedAt: run.startedAt },
				http_1: {
					type: 'http',
					status: run.status === 'failure' ? 'failure' : terminal ? 'success' : 'running',
					input: {},
					result: run.status === 'failure' ? { error: run.error ?? 'failed' } : {},
					startedAt: run.startedAt,
					finishedAt: run.finishedAt ?? null,
				},
			};
			body.workflowDefinition = { nodes: { root: { type: 'manual', children: ['http_1'] }, http_1: { type: 'http', children: [] } } };
		}
		return body;
	}

	protected routes(): Route[] {
		return [
			{
				method: 'GET',
				pattern: ['v1', 'runs', ':runId'],
				query: ['summary', 'nodeIds'],
				handle: ({ req, params }) => {
					const run = this.runOr404(params.runId, fail(404, 'run not found'));
					this.advance(run, true);
					return ok(this.present(run, req.query.get('summary') === 'true'));
				},
			},
			{
				method: 'POST',
				pattern: ['v1', 'runs', ':runId', 'cancel'],
				handle: ({ params }) => {
					const run = this.runOr404(params.runId, fail(404, 'run not found'));
					if (!this.acceptCancel(run)) return fail(409, `run is not running or waiting (status: ${run.status})`);
					return ok(this.present(run, false));
				},
			},
			{
				method: 'GET',
				pattern: ['v1', 'organizations'],
				handle: () => ok([{ id: this.orgId, name: 'Test organization' }]),
			},
			{
				method: 'GET',
				pattern: ['v1', 'workflows', ':workflowId', 'runs'],
				query: ['limit', 'offset', 'status'],
				handle: ({ req, params }) => {
					const limit = Math.min(100, Math.max(1, Number(req.query.get('limit') ?? 20) || 20));
					const offset = Math.max(0, Number(req.query.get('offset') ?? 0) || 0);
					const all = [...this.runs.values()]
						.map((run) => (this.advance(run, false), run))
						.filter((run) => run.workflowId === params.workflowId && (!req.query.get('status') || run.status === req.query.get('status')));
					return ok({ items: all.slice(offset, offset + limit).map((run) => this.present(run, true)), limit, offset, hasMore: offset + limit < all.length });
				},
			},
		];
	}
}
