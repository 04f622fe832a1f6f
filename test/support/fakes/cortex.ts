/**
 * Cortex fake (docs.withcortex.ai): every path under /apps/{app_id} (`c` = the key's app), bare
 * RunSchema objects, runs addressed by workflow and run; runs of discoverable workflows are cancelled
 * only through /workflows/discover/{workflow_id}/…, read through the ordinary path.
 */
import { FakeServer, NotFound, Refusal } from './common';
import type { Answer, RecordedRequest, Route, RunState, Words } from './common';

const fail = (status: number, message: string, errors?: unknown[]): Answer => ({ status, body: { status, message, ...(errors ? { errors } : {}) } });
const RUN_NOT_FOUND = fail(404, 'Run not found');

export class CortexFake extends FakeServer {
	readonly name = 'cortex' as const;
	protected readonly basePath = '';
	protected readonly words: Words = {
		running: 'RUNNING',
		success: 'COMPLETED',
		cancelled: 'CANCELLED',
		terminal: ['COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED'],
		cancellable: ['PENDING', 'RUNNING'],
	};

	constructor(
		apiKey: string,
		private readonly appId: string,
	) {
		super(apiKey);
	}

	protected checkAuth(req: RecordedRequest): Refusal | undefined {
		const token = this.bearer(req);
		if (!token || token !== this.apiKey) return new Refusal(fail(401, 'Unauthorized'), token ? 'wrong API key' : 'no API key');
		return undefined;
	}

	protected noRoute(req: RecordedRequest, pathKnown: boolean): Answer {
		return pathKnown ? fail(405, 'Method Not Allowed') : fail(404, `Cannot ${req.method} ${req.path}`);
	}

	protected checkBody(req: RecordedRequest): Refusal | undefined {
		return this.checkJsonBodyStrict(req);
	}

	protected present(run: RunState): object {
		const terminal = this.isTerminal(run.status);
		const now = new Date().toISOString();
		return {
			id: run.id,
			status: run.status,
			origin: 'WORKFLOW',
			...(run.error !== undefined && run.status !== 'COMPLETED' ? { error: run.error } : {}),
			result: run.status === 'COMPLETED' ? (run.spec.output ?? null) : null,
			input: {},
			output: {},
			started_at: run.startedAt,
			...(terminal && run.finishedAt ? { ended_at: run.finishedAt } : {}),
			app_id: this.appId,
			workflow_app_id: run.spec.discoverable ? 'app_publisher' : this.appId,
			workflow_id: run.workflowId,
			version: 1,
			usage: { total: run.spec.cost ?? 0, calls: [], steps: {} },
			created_at: run.startedAt,
			updated_at: run.finishedAt ?? now,
		};
	}

	private app(params: Record<string, string>): void {
		if (params.appId !== 'c' && params.appId !== this.appId) throw new Refusal(fail(404, 'App not found'), `unknown app ${params.appId}`);
	}

	private run(params: Record<string, string>): RunState {
		this.app(params);
		const run = this.runOr404(params.runId, RUN_NOT_FOUND);
		if (run.workflowId !== params.workflowId) throw new NotFound(RUN_NOT_FOUND);
		return run;
	}

	private verbose(req: RecordedRequest): void {
		for (const value of req.query.getAll('verbose')) {
			if (value !== 'all') {
				throw new Refusal(fail(400, 'Invalid query', [{ validation: 'enum', code: 'invalid_enum_value', message: "Expected 'all'", path: ['verbose'] }]), 'bad verbose value');
			}
		}
	}

	private cancel(params: Record<string, string>, discoverPath: boolean): Answer {
		const run = this.run(params);
		if (Boolean(run.spec.discoverable) !== discoverPath) return RUN_NOT_FOUND;
		if (!this.acceptCancel(run)) return fail(400, 'Run is not running');
		return { status: 200, body: this.present(run) };
	}

	protected routes(): Route[] {
		const runPath = ['apps', ':appId', 'workflows', ':workflowId', 'runs', ':runId'];
		return [
			{
				method: 'GET',
				pattern: runPath,
				query: ['verbose'],
				handle: ({ req, params }) => {
					this.verbose(req);
					const run = this.run(params);
					this.advance(run, true);
					return { status: 200, body: this.present(run) };
				},
			},
			{ method: 'POST', pattern: [...runPath, 'cancel'], query: ['verbose'], handle: ({ params }) => this.cancel(params, false) },
			{
				method: 'POST',
				pattern: ['apps', ':appId', 'workflows', 'discover', ':workflowId', 'runs', ':runId', 'cancel'],
				query: ['verbose'],
				handle: ({ params }) => this.cancel(params, true),
			},
			{
				method: 'GET',
				pattern: ['apps', ':appId', 'workflows'],
				query: ['take', 'page'],
				handle: ({ params }) => {
					this.app(params);
					const ids = [...new Set([...this.runs.values()].map((run) => run.workflowId))];
					return { status: 200, body: ids.map((id) => ({ id, key: id, app_id: this.appId })) };
				},
			},
			{
				method: 'GET',
				pattern: ['apps', ':appId', 'workflows', ':workflowId', 'runs'],
				query: ['status', 'origin', 'page', 'take', 'verbose'],
				handle: ({ req, params }) => {
					this.app(params);
					const take = Math.max(1, Number(req.query.get('take') ?? 20) || 20);
					const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1);
					const status = req.query.get('status');
					const all = [...this.runs.values()]
						.map((run) => (this.advance(run, false), run))
						.filter((run) => run.workflowId === params.workflowId && (!status || status === 'ALL' || run.status === status));
					return {
						status: 200,
						body: all.slice((page - 1) * take, page * take).map((run) => this.present(run)),
						headers: { 'pagination-page': String(page), 'pagination-take': String(take), 'pagination-count': String(all.length) },
					};
				},
			},
		];
	}
}
