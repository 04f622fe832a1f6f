import { z } from 'zod';

import { ALL_PROVIDER_KEYS } from './providers';

const STATUSES = ['queued', 'running', 'waiting', 'succeeded', 'partial', 'failed', 'cancelled', 'skipped', 'unknown'] as const;
const FINISHED = new Set(['succeeded', 'partial', 'failed', 'cancelled', 'skipped']);
const isoUtc = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'ISO 8601 UTC')
	.nullable();

/** The normalized run item of interface.md: every item the node emits must satisfy it. */
export const normalizedRunSchema = z
	.object({
		provider: z.enum(ALL_PROVIDER_KEYS),
		operation: z.enum(['get', 'cancel', 'waitUntilFinished', 'start', 'getAll', 'retry']),
		runId: z.string().min(1),
		workflowId: z.string().min(1).nullable(),
		status: z.enum(STATUSES),
		providerStatus: z.string().nullable(),
		finished: z.boolean(),
		succeeded: z.boolean(),
		startedAt: isoUtc,
		finishedAt: isoUtc,
		durationMs: z.number().finite().nonnegative().nullable(),
		error: z.string().nullable(),
		output: z.unknown(),
		cost: z.number().finite().nullable(),
		cancel: z.object({ requested: z.literal(true), alreadyFinished: z.boolean() }).strict().optional(),
		wait: z
			.object({ polls: z.number().int().nonnegative(), waitedMs: z.number().nonnegative(), timedOut: z.boolean() })
			.strict()
			.optional(),
		start: z.object({ alreadyStarted: z.boolean() }).strict().optional(),
		retry: z.object({ of: z.string().min(1), retried: z.boolean() }).strict().optional(),
		outputNote: z.string().min(1).nullable().optional(),
		raw: z.unknown().optional(),
	})
	.strict()
	.superRefine((item, ctx) => {
		const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
		for (const key of ['output', 'error', 'cost', 'durationMs', 'startedAt', 'finishedAt', 'workflowId', 'providerStatus']) {
			if (!(key in item)) problem(`${key} must be present (null when unknown)`);
		}
		if (item.output === undefined) problem('output must be null, not undefined');
		if (item.finished !== FINISHED.has(item.status)) problem(`finished must be ${FINISHED.has(item.status)} for ${item.status}`);
		if (item.succeeded !== (item.status === 'succeeded')) problem('succeeded must equal status === succeeded');
		if (!item.finished && item.finishedAt !== null) problem('an unfinished run has no finishedAt');
		if ((item.operation === 'cancel') !== (item.cancel !== undefined)) problem('cancel block exactly on cancel');
		if (item.operation === 'waitUntilFinished' && item.wait === undefined) problem('wait block on waitUntilFinished');
		if (item.operation === 'get' && item.wait !== undefined) problem('no wait block on get');
		if (item.operation === 'getAll' && item.wait !== undefined) problem('no wait block on getAll');
		if ((item.operation === 'start') !== (item.start !== undefined)) problem('start block exactly on start');
		if ((item.operation === 'retry') !== (item.retry !== undefined)) problem('retry block exactly on retry');
		if (item.retry?.retried === false && item.wait !== undefined) problem('a run that was not retried is output at once, without waiting');
		if (item.outputNote !== undefined && item.outputNote !== null && item.output !== null) problem('an outputNote only says why output is null');
	});

export type NormalizedRunItem = z.infer<typeof normalizedRunSchema>;

export function expectNormalized(json: unknown): NormalizedRunItem {
	const result = normalizedRunSchema.safeParse(json);
	if (!result.success) {
		throw new Error(`not a normalized run item: ${JSON.stringify(result.error.issues)}\n${JSON.stringify(json)}`);
	}
	return result.data;
}
