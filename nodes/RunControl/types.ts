import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import type { Provider, RunRef } from './providers';
import type { NormalizedRun, Operation } from './normalize';
import type { Connection, Transport } from './transport';

export interface RunOptions {
	includeRaw: boolean;
	pollIntervalMs: number;
	/** 0 = no limit. */
	timeoutMs: number;
	onTimeout: 'error' | 'output';
	errorIfNotSucceeded: boolean;
	stopAtWaiting: boolean;
	ifAlreadyFinished: 'output' | 'error';
	waitForCancellation: boolean;
	concurrency: number;
}

/** One input item, read and checked, ready to be acted on. */
export interface Job {
	itemIndex: number;
	ref: RunRef;
	options: RunOptions;
}

/** What every operation shares within one execution of the node. */
export interface OperationContext {
	node: INode;
	provider: Provider;
	operation: Operation;
	conn: Connection;
	transport: Transport;
	signal?: AbortSignal;
}

export interface OperationModule {
	/** The operation's own parameters (its Options collection), shown only for it. */
	description: INodeProperties[];
	execute(ctx: OperationContext, job: Job): Promise<IDataObject>;
}

export type { NormalizedRun, Operation };
