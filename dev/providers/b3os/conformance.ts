/**
 * B3OS's run-related answers, written from its OpenAPI definition: the file
 * `openapi/b3-b3os-workflow-openapi.json` of the public repository api-evangelist/b3 (generated from
 * B3's own service code; schema names `github_com_b3-fun_b3-mono_services_b3os-workflow_internal_…`).
 * The definition marks no property required; the service is written in Go, whose JSON encoder
 * writes every field it has, so the objects here take exactly the properties the definition lists
 * (strict: a simulator may not invent one) and the envelopes take all of theirs.
 * Go writes a nil map as `null`: map-valued properties (`result`, `input`, `propValues`) may be null.
 */
import { z } from 'zod';

/** entity.RunStatus. */
export const runStatus = z.enum(['running', 'waiting', 'success', 'partial', 'failure', 'cancelled']);

/** entity.ExecutionNodeStatus. */
const nodeStatus = z.enum(['pending', 'running', 'success', 'partial', 'failure', 'skipped', 'waiting', 'scheduled', 'cancelled', 'auto_swapping']);

const goMap = z.record(z.string(), z.unknown()).nullable();

/** entity.ExecutionNode (for-each `iterations` and `context` not simulated: left open). */
const executionNode = z
	.object({
		connector: goMap.optional(),
		context: z.unknown().optional(),
		finishedAt: z.string().optional(),
		input: goMap.optional(),
		iterations: z.array(z.unknown()).optional(),
		result: goMap.optional(),
		secretKeys: z.array(z.string()).optional(),
		startedAt: z.string().optional(),
		status: nodeStatus.optional(),
		type: z.string().optional(),
	})
	.strict();

/** entity.WorkflowDefinition (its nodes are left open). */
const workflowDefinition = z
	.object({
		blockExpansions: z.unknown().optional(),
		inputSchema: z.unknown().optional(),
		nodes: z.record(z.string(), z.unknown()).optional(),
		sensitivePropKeys: z.unknown().optional(),
		triggerNodeIds: z.unknown().optional(),
		variableDefs: z.unknown().optional(),
	})
	.strict();

/** entity.Run (GET /v1/runs/{id}, POST /v1/runs/{id}/cancel, POST /v1/runs/{id}/retry). */
export const run = z
	.object({
		executionState: z.record(z.string(), executionNode).optional(),
		finishedAt: z.string().optional(),
		id: z.string(),
		isDustTest: z.boolean().optional(),
		isSimulation: z.boolean().optional(),
		organizationId: z.string().optional(),
		propValues: goMap.optional(),
		simulationForks: z.array(z.object({ chainId: z.number().int().optional(), forkId: z.string().optional(), rpcUrl: z.string().optional() }).strict()).optional(),
		simulationMode: z.string().optional(),
		sourceRunId: z.string().optional(),
		startedAt: z.string().optional(),
		status: runStatus,
		summary: z.string().optional(),
		totalCu: z.number().optional(),
		triggerNodeId: z.string().optional(),
		triggerSource: z.string().optional(),
		triggeredBy: z.string().optional(),
		workflowDefinition: workflowDefinition.optional(),
		workflowId: z.string().optional(),
		workflowOwnerUserId: z.string().optional(),
		workflowVersion: z.number().int().optional(),
	})
	.strict();

/** entity.RunListItem: a list entry, smaller than a run. */
export const runListItem = z
	.object({
		finishedAt: z.string().optional(),
		id: z.string(),
		isDustTest: z.boolean().optional(),
		isSimulation: z.boolean().optional(),
		sourceRunId: z.string().optional(),
		startedAt: z.string().optional(),
		status: runStatus,
		summary: z.string().optional(),
		totalCu: z.number().optional(),
		triggerNodeId: z.string().optional(),
		triggerSource: z.string().optional(),
		triggeredBy: z.string().optional(),
		workflowId: z.string().optional(),
		workflowName: z.string().optional(),
		workflowVersion: z.number().int().optional(),
	})
	.strict();

/** entity.Organization. */
const organization = z
	.object({
		createdAt: z.string().optional(),
		createdBy: z.string().optional(),
		cuMinThreshold: z.number().optional(),
		deletedAt: z.string().optional(),
		deletedBy: z.string().optional(),
		description: z.string().optional(),
		id: z.string(),
		name: z.string().optional(),
		photo: z.string().optional(),
		slug: z.string().optional(),
		tier: z.string().optional(),
		updatedAt: z.string().optional(),
	})
	.strict();

/** The `{code, data, message, requestId}` envelope of every success answer (…SuccessResponse). */
const envelope = <T extends z.ZodTypeAny>(data: T) => z.object({ code: z.number().int(), data, message: z.string(), requestId: z.string() }).strict();

/** PaginatedData-…. */
const paginated = <T extends z.ZodTypeAny>(item: T) => z.object({ hasMore: z.boolean(), items: z.array(item), limit: z.number().int(), offset: z.number().int() }).strict();

/** internal_app_api_http.ErrorResponse: `code` is a business code (e.g. 400079) or the HTTP status. */
export const errorResponse = z.object({ code: z.number().int(), details: z.array(z.unknown()), message: z.string(), requestId: z.string() }).strict();

/** GetRunSuccessResponse. */
export const getRunSuccess = envelope(run);
/** ListRunsSuccessResponse. */
export const listRunsSuccess = envelope(paginated(runListItem));
/** RunSuccessResponse (`data: RunResponse`). */
export const runSuccess = envelope(z.object({ runId: z.string() }).strict());
/** ListOrganizationsSuccessResponse. */
export const listOrganizationsSuccess = envelope(paginated(organization));

/** The answer each simulator route must give, by route and status class. */
export const B3OS_ANSWERS: Record<string, { ok: z.ZodTypeAny; error: z.ZodTypeAny }> = {
	'GET /v1/runs/:runId': { ok: getRunSuccess, error: errorResponse },
	'POST /v1/runs/:runId/cancel': { ok: getRunSuccess, error: errorResponse },
	'POST /v1/runs/:runId/retry': { ok: getRunSuccess, error: errorResponse },
	'GET /v1/runs': { ok: listRunsSuccess, error: errorResponse },
	'GET /v1/workflows/:workflowId/runs': { ok: listRunsSuccess, error: errorResponse },
	'POST /v1/workflows/:workflowId/run': { ok: runSuccess, error: errorResponse },
	'GET /v1/organizations': { ok: listOrganizationsSuccess, error: errorResponse },
};
