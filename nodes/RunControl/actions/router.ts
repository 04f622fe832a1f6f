import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Operation } from '../normalize';
import { connection, readJob } from '../params';
import { providerNamed } from '../providers';
import { StoppedError, Transport } from '../transport';
import type { Job, OperationContext, OperationModule } from '../types';
import * as cancel from './cancel.operation';
import * as get from './get.operation';
import * as waitUntilFinished from './waitUntilFinished.operation';

export const OPERATIONS: Readonly<Record<Operation, OperationModule>> = { get, cancel, waitUntilFinished };

function stopped(ctx: IExecuteFunctions): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), 'The execution was stopped', {
		description: 'Every run being waited on was let go; nothing more is sent to the provider.',
	});
}

function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeOperationError || (error instanceof Error && error.name === 'NodeApiError')) return error;
	if (error instanceof StoppedError) return stopped(ctx);
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/**
 * The per-item loop. Every item is read and checked before any request; then all runs are acted
 * on at once (requests bounded by the Concurrency option), and the output keeps input order:
 * exactly one output item or one error per input item, each with its pairedItem.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const providerName = this.getNodeParameter('provider', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as Operation;
	const provider = providerNamed(providerName);
	const module = Object.prototype.hasOwnProperty.call(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
	if (!provider || !module) {
		throw new NodeOperationError(this.getNode(), `Unknown ${provider ? 'operation' : 'provider'} '${provider ? operation : providerName}'`);
	}
	const continueOnFail = this.continueOnFail();
	const outcomes: Array<IDataObject | Error | undefined> = new Array(items.length);
	const jobs: Array<Job | undefined> = items.map((_, index) => {
		try {
			return readJob(this, index, provider);
		} catch (error) {
			outcomes[index] = error as Error;
			return undefined;
		}
	});
	const firstBad = outcomes.findIndex((outcome) => outcome !== undefined);
	if (firstBad >= 0 && !continueOnFail) throw outcomes[firstBad] as Error;

	const pending = jobs.filter((job): job is Job => job !== undefined);
	if (pending.length > 0) {
		let ctx: OperationContext | undefined;
		const execution = this.getExecutionCancelSignal?.();
		const controller = new AbortController();
		const onStop = () => controller.abort();
		execution?.addEventListener('abort', onStop, { once: true });
		if (execution?.aborted) controller.abort();
		let setupError: Error | undefined;
		try {
			const credentials = await this.getCredentials(provider.credentialType);
			const conn = connection(this, provider, credentials);
			const transport = new Transport(this, pending[0].options.concurrency, controller.signal);
			ctx = { node: this.getNode(), provider, operation, conn, transport, signal: controller.signal };
		} catch (error) {
			setupError = error as Error;
		}
		if (setupError) {
			if (!continueOnFail) throw setupError;
			for (const job of pending) outcomes[job.itemIndex] = setupError;
		}
		if (ctx) {
			const shared = ctx;
			await Promise.all(
				pending.map(async (job) => {
					try {
						outcomes[job.itemIndex] = await module.execute(shared, job);
					} catch (error) {
						outcomes[job.itemIndex] = error as Error;
						// Without Continue On Fail the node fails on this item: let the other runs go.
						if (!continueOnFail) controller.abort();
					}
				}),
			);
		}
		execution?.removeEventListener('abort', onStop);
		// Stopped (n8n's Stop button or the workflow timeout): n8n ends the execution as canceled.
		if (execution?.aborted) return [[]];
	}

	if (!continueOnFail) {
		const failures = outcomes
			.map((outcome, index) => ({ outcome, index }))
			.filter((entry): entry is { outcome: Error; index: number } => entry.outcome instanceof Error);
		const cause = failures.find((entry) => !(entry.outcome instanceof StoppedError)) ?? failures[0];
		if (cause) throw asNodeError(this, cause.outcome, cause.index);
	}
	const output: INodeExecutionData[] = outcomes.map((outcome, index) => {
		if (outcome instanceof Error || outcome === undefined) {
			const error = asNodeError(this, outcome ?? new Error('No result'), index);
			return {
				json: {
					error: error.message,
					provider: provider.name,
					runId: jobs[index]?.ref.runId ?? String(this.getNodeParameter('runId', index, '') ?? ''),
					operation,
				},
				pairedItem: { item: index },
			};
		}
		return { json: outcome, pairedItem: { item: index } };
	});
	return [output];
}
