/**
 * Cortex's run-related answers, written from the official SDK trycortexai/cortex-node (v0.7.4):
 * `src/openapi.ts` (generated from Cortex's OpenAPI definition: `RunSchema`, `RunStep…OutputSchema`,
 * `WorkflowSchema`, the `Paths` of the run routes) and `src/types.ts` (`ErrorResponse`, `ErrorItem`).
 * Required and optional properties as the SDK types say; strict, so a simulator may not invent one.
 * Step outputs and workflow definitions (`steps`, `input`) are left open.
 */
import { z } from 'zod';

const runStatus = z.enum(['PENDING', 'RUNNING', 'CANCELLED', 'COMPLETED', 'SKIPPED', 'FAILED']);
const origin = z.enum(['WORKFLOW', 'TRIGGER', 'RECORD', 'TEST', 'ENDPOINT', 'WEBHOOK']);
const date = z.string().nullable();
const inputValues = z.record(z.string(), z.unknown()).nullable();

const creditsUsage: z.ZodTypeAny = z.lazy(() => z.object({ total: z.number(), calls: z.array(z.object({ id: z.string(), total: z.number(), calls: z.array(creditsUsage).optional() }).strict()).optional() }).strict());
/** CreditsRunUsageSchema. */
const runUsage = z.object({ total: z.number(), calls: z.array(z.unknown()).optional(), steps: z.record(z.string(), z.unknown()) }).strict();

/** RunStep{Running,Cancelled,Skipped,Completed,Failed}OutputSchema. */
const stepOutput = z
	.object({
		status: z.enum(['RUNNING', 'CANCELLED', 'SKIPPED', 'COMPLETED', 'FAILED']),
		type: z.enum(['note', 'branch', 'code', 'model', 'http_request', 'browser', 'workflow', 'service', 'input']).optional(),
		key: z.string(),
		output: z.unknown().optional(),
		logs: z.unknown().optional(),
		calls: z.array(z.unknown()).optional(),
		start: z.number(),
		end: z.number().optional(),
		error: z.string().optional(),
	})
	.strict()
	.superRefine((step, ctx) => {
		if (step.status === 'RUNNING' && (step.end !== undefined || step.error !== undefined)) ctx.addIssue({ code: 'custom', message: 'a RUNNING step has no end or error' });
		if ((step.status === 'SKIPPED' || step.status === 'COMPLETED') && step.error !== undefined) ctx.addIssue({ code: 'custom', message: `a ${step.status} step has no error` });
	});

const versionShape = {
	key: z.string(),
	input: z.unknown(),
	input_default: inputValues,
	input_options: z.record(z.string(), z.unknown()),
	steps: z.array(z.unknown()),
};

/** RunSchema.workflow_version (and WorkflowSchema.version). */
const workflowVersion = z
	.object({
		id: z.string(),
		app_id: z.string(),
		workflow_id: z.string(),
		description: z.string().nullable(),
		version: z.number(),
		rollback_version: z.number().optional(),
		notes: z.string().nullable(),
		created_by: z.object({ id: z.string(), name: z.string().nullable() }).strict().optional(),
		created_at: date,
		...versionShape,
	})
	.strict();

/** RunDataRetentionConfigSchema. */
const retention = z.object({ max_age_in_seconds: z.number(), preserve_on_failure: z.boolean().optional() }).strict().nullable();

/** RunSchema: what every run route answers. */
export const runSchema = z
	.object({
		id: z.string(),
		result: z.unknown().optional(),
		input: inputValues,
		output: z.record(z.string(), stepOutput),
		status: runStatus,
		origin,
		error: z.string().optional(),
		started_at: date,
		ended_at: date,
		app_id: z.string(),
		workflow_app_id: z.string(),
		workflow_id: z.string(),
		workflow_version_draft: z.object(versionShape).strict().nullable(),
		workflow_version: workflowVersion.nullable(),
		collection_id: z.string().optional(),
		record_id: z.string().optional(),
		version: z.number().optional(),
		usage: runUsage.optional(),
		retention: retention.optional(),
		retention_due_at: date.optional(),
		created_at: date,
		updated_at: date,
	})
	.strict();

/** WorkflowSchema (GET /apps/{app_id}/workflows, the credential test). */
export const workflowSchema = z
	.object({
		id: z.string(),
		name: z.string(),
		description: z.string().nullable(),
		app: z.object({ id: z.string(), name: z.string(), verified: z.boolean() }).strict(),
		version: workflowVersion.nullable(),
		tags: z.array(z.unknown()),
		tests_stats: z.unknown().optional(),
		template_id: z.string().nullable(),
		runs_count: z.number(),
		retention: retention,
		enabled: z.boolean(),
		deleted: z.boolean(),
		created_at: date,
		updated_at: date,
		...versionShape,
	})
	.strict();

/** src/types.ts ErrorResponse with its ErrorItem. */
export const errorResponse = z
	.object({
		status: z.number().int(),
		message: z.string(),
		errors: z.array(z.object({ validation: z.string(), code: z.string(), message: z.string(), path: z.array(z.string()) }).strict()).optional(),
	})
	.strict();

/** The answer each simulator route must give, by route and status class. */
export const CORTEX_ANSWERS: Record<string, { ok: z.ZodTypeAny; error: z.ZodTypeAny }> = {
	'GET /apps/:appId/workflows': { ok: z.array(workflowSchema), error: errorResponse },
	'GET /apps/:appId/workflows/:workflowId/runs': { ok: z.array(runSchema), error: errorResponse },
	'POST /apps/:appId/workflows/:workflowId/runs': { ok: runSchema, error: errorResponse },
	'POST /apps/:appId/workflows/discover/:workflowId/runs': { ok: runSchema, error: errorResponse },
	'GET /apps/:appId/workflows/:workflowId/runs/:runId': { ok: runSchema, error: errorResponse },
	'POST /apps/:appId/workflows/:workflowId/runs/:runId/cancel': { ok: runSchema, error: errorResponse },
	'POST /apps/:appId/workflows/discover/:workflowId/runs/:runId/cancel': { ok: runSchema, error: errorResponse },
	'POST /apps/:appId/workflows/:workflowId/runs/:runId/replay': { ok: runSchema, error: errorResponse },
};

/** The pagination headers of a list answer (SDK `GETPaged`, src/fetch.ts). */
export const paginationHeaders = z.object({ 'pagination-page': z.string().regex(/^\d+$/), 'pagination-take': z.string().regex(/^\d+$/), 'pagination-count': z.string().regex(/^\d+$/) });
