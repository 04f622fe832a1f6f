/**
 * superglue's run-related answers, written from the answers of a real superglue 1.4.0 server recorded
 * in `dev/providers/superglue/recorded/` (superglue publishes no machine-readable specification of
 * its REST API; the recordings are the reference, and every one of them conforms to these schemas:
 * test/conformance.test.ts checks it). The results route of hosted superglue has no recording: its
 * answer follows superglue's documentation (https://docs.superglue.cloud), `{ success, data, message? }`.
 */
import { z } from 'zod';

const status = z.enum(['running', 'success', 'failed', 'aborted']);

/** The tool as a run carries it (compact or expanded; its step configs are left open). */
const tool = z.object({ id: z.string(), name: z.string(), steps: z.array(z.record(z.string(), z.unknown())), archived: z.boolean() }).passthrough();

const metadata = z.object({ startedAt: z.string(), completedAt: z.string().optional(), durationMs: z.number().optional() }).strict();
const stepResults = z.array(z.object({ stepId: z.string(), success: z.boolean(), error: z.string().nullable() }).strict());

/** A run as GET /v1/runs/{id}, a cancel and the list give it (recordings 07, 10-13, 15, 19, 22, 38, 39, 60, 62, 63, orphan-*, race-3/4). */
export const run = z
	.object({
		runId: z.string(),
		toolId: z.string(),
		tool,
		status,
		toolPayload: z.unknown().optional(),
		error: z.string().optional(),
		data: z.unknown().optional(),
		stepResults: stepResults.optional(),
		options: z.record(z.string(), z.unknown()),
		requestSource: z.string(),
		traceId: z.string().optional(),
		userId: z.string(),
		executionMode: z.string(),
		metadata,
	})
	.strict();

/** The answer to a start: 202 async (06, 14, 17, 30, 32, 34, 37) or 200 sync (20, 21, 35, 36). */
export const started = z
	.object({
		runId: z.string(),
		tool,
		toolId: z.string(),
		status,
		toolPayload: z.unknown().optional(),
		data: z.unknown().optional(),
		error: z.string().optional(),
		stepResults: stepResults.optional(),
		options: z.record(z.string(), z.unknown()),
		requestSource: z.string(),
		traceId: z.string(),
		metadata,
	})
	.strict();

/** GET /v1/runs (08, 28, 40-54, 61, 64, 65). */
export const list = z.object({ data: z.array(run), page: z.number().int(), limit: z.number().int(), total: z.number().int(), hasMore: z.boolean() }).strict();

/** Route errors `{ error: { message } }` (16, 18, 23-25, 27, 31, 33). */
const routeError = z.object({ error: z.object({ message: z.string() }).strict() }).strict();
/** The auth hook's 401 (02, 26, 57) and a handler's 500 (49). */
const hookError = z.object({ success: z.literal(false), error: z.string(), message: z.string().optional() }).strict();
/** Fastify's own answers: unknown route (55, 56), validation. */
const fastifyError = z.object({ message: z.string(), error: z.string(), statusCode: z.number().int(), code: z.string().optional() }).strict();
export const error = z.union([routeError, hookError, fastifyError]);

/** GET /v1/health (01). */
const health = z.object({ status: z.string(), timestamp: z.string(), version: z.string(), minCliVersion: z.string() }).strict();

/** Hosted result storage (no recording: superglue's documentation). */
const results = z
	.object({
		success: z.boolean(),
		data: z
			.object({
				runId: z.string(),
				success: z.boolean(),
				data: z.unknown(),
				stepResults,
				toolPayload: z.unknown(),
				error: z.string().nullable(),
				storedAt: z.string(),
			})
			.strict()
			.nullable(),
		message: z.string().optional(),
	})
	.strict();

/** The answer each simulator route must give, by route and status class. */
export const SUPERGLUE_ANSWERS: Record<string, { ok: z.ZodTypeAny; error: z.ZodTypeAny }> = {
	'GET /v1/health': { ok: health, error },
	'GET /v1/runs/:runId': { ok: run, error },
	'POST /v1/runs/:runId/cancel': { ok: run, error },
	'GET /v1/runs/:runId/results': { ok: results, error },
	'GET /v1/runs': { ok: list, error },
	'POST /v1/tools/:toolId/run': { ok: started, error },
};

/** The route of a recorded request (the recordings' paths), or undefined for tool creation (not a run route). */
export function routeOf(method: string, path: string): string | undefined {
	const bare = path.split('?')[0];
	if (method === 'GET' && bare === '/v1/health') return 'GET /v1/health';
	if (method === 'GET' && bare === '/v1/runs') return 'GET /v1/runs';
	if (method === 'GET' && /^\/v1\/runs\/[^/]+\/results$/.test(bare)) return 'GET /v1/runs/:runId/results';
	if (method === 'GET' && /^\/v1\/runs\/[^/]+$/.test(bare)) return 'GET /v1/runs/:runId';
	if (method === 'POST' && /^\/v1\/runs\/[^/]+\/cancel$/.test(bare)) return 'POST /v1/runs/:runId/cancel';
	if (method === 'POST' && /^\/v1\/tools\/[^/]+\/run$/.test(bare)) return 'POST /v1/tools/:toolId/run';
	return undefined;
}
