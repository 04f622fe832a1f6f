import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { RunClient } from '../client';
import { providerNamed } from '../providers';
import type { Provider } from '../providers';
import { StoppedError, Stopper } from '../transport';
import { ItemReader } from './item';
import { operationNamed } from './operations';
import type { Job, OperationModule } from './types';

type Outcome = IDataObject | IDataObject[] | Error | undefined;

/**
 * The per-item loop. Every item is read and checked before any request; then all are acted on at
 * once (requests bounded by the Concurrency option), and the output keeps input order: each input
 * item gives its output item(s) or one error, with pairedItem pointing at it.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const providerName = this.getNodeParameter('provider', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const provider = providerNamed(providerName);
	const operation = operationNamed(operationName);
	if (!provider || !operation) {
		throw new NodeOperationError(this.getNode(), `Unknown ${provider ? 'operation' : 'provider'} '${provider ? operationName : providerName}'`);
	}
	const continueOnFail = this.continueOnFail();
	const outcomes: Outcome[] = new Array(items.length);
	const advice = provider.notOffered?.[operationName];
	const jobs = items.map((_, index) => {
		try {
			if (advice !== undefined) {
				throw new NodeOperationError(this.getNode(), `${provider.displayName} has no ${operation.option.name} operation`, { itemIndex: index, description: advice });
			}
			return operation.read(new ItemReader(this, index, provider));
		} catch (error) {
			outcomes[index] = error as Error;
			return undefined;
		}
	});
	const firstBad = outcomes.findIndex((outcome) => outcome !== undefined);
	if (firstBad >= 0 && !continueOnFail) throw outcomes[firstBad] as Error;

	const pending = jobs.filter((job): job is Job => job !== undefined);
	if (pending.length > 0) {
		const stoppedByUser = await runAll(this, provider, operation, pending, outcomes, continueOnFail);
		// Stopped (n8n's Stop button or the workflow timeout): n8n ends the execution as canceled.
		if (stoppedByUser) return [[]];
	}
	if (!continueOnFail) {
		const failures = outcomes
			.map((outcome, index) => ({ outcome, index }))
			.filter((entry): entry is { outcome: Error; index: number } => entry.outcome instanceof Error);
		const cause = failures.find((entry) => !(entry.outcome instanceof StoppedError)) ?? failures[0];
		if (cause) throw asNodeError(this, cause.outcome, cause.index);
	}
	return [
		outcomes.flatMap((outcome, index): INodeExecutionData[] => {
			const pairedItem = { item: index };
			if (outcome instanceof Error || outcome === undefined) {
				const error = asNodeError(this, outcome ?? new Error('No result'), index);
				const runId = jobs[index]?.runId ?? String(this.getNodeParameter('runId', index, '') ?? '');
				return [{ json: { error: error.message, provider: provider.name, runId, operation: operationName }, pairedItem }];
			}
			return (Array.isArray(outcome) ? outcome : [outcome]).map((json) => ({ json, pairedItem }));
		}),
	];
}

/**
 * Acts on every job at once with one run client. Without Continue On Fail the first failed item
 * stops the others. Returns true when the execution itself was stopped.
 */
async function runAll(
	ctx: IExecuteFunctions,
	provider: Provider,
	operation: OperationModule<Job>,
	jobs: Job[],
	outcomes: Outcome[],
	continueOnFail: boolean,
): Promise<boolean> {
	const execution = ctx.getExecutionCancelSignal?.();
	const controller = new AbortController();
	const onStop = () => controller.abort();
	execution?.addEventListener('abort', onStop, { once: true });
	if (execution?.aborted) controller.abort();
	try {
		let client: RunClient | undefined;
		let setupError: Error | undefined;
		try {
			const credentials = await ctx.getCredentials(provider.credentialType);
			client = RunClient.open(ctx, ctx.getNode(), provider, credentials, {
				operation: operation.option.value,
				// One client serves every item: the smallest Concurrency any item asks for bounds them all.
				concurrency: Math.min(...jobs.map((job) => job.concurrency)),
				stopper: new Stopper(controller.signal),
				self: { executionId: String(ctx.getExecutionId() ?? ''), workflowId: String(ctx.getWorkflow().id ?? '') },
			});
		} catch (error) {
			setupError = error as Error;
		}
		if (setupError || !client) {
			if (!continueOnFail) throw setupError;
			for (const job of jobs) outcomes[job.itemIndex] = setupError as Error;
			return false;
		}
		const ready = client;
		await Promise.all(
			jobs.map(async (job) => {
				try {
					outcomes[job.itemIndex] = await operation.execute(ready, job, ctx.getNode());
				} catch (error) {
					outcomes[job.itemIndex] = error as Error;
					// Without Continue On Fail the node fails on this item: let the other runs go.
					if (!continueOnFail) controller.abort();
				}
			}),
		);
	} finally {
		execution?.removeEventListener('abort', onStop);
	}
	return execution?.aborted === true;
}

function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeOperationError || (error instanceof Error && error.name === 'NodeApiError')) return error;
	if (error instanceof StoppedError) {
		return new NodeOperationError(ctx.getNode(), 'The execution was stopped', {
			description: 'Every run being waited on was let go; nothing more is sent to the provider.',
		});
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}
