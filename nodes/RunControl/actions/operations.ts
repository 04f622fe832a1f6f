import { cancel } from './cancel.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { retry } from './retry.operation';
import { start } from './start.operation';
import type { Job, OperationModule } from './types';
import { waitUntilFinished } from './waitUntilFinished.operation';

/** The one list of operations: it drives the Operation parameter and the router. */
export const OPERATIONS: ReadonlyArray<OperationModule<Job>> = [
	cancel,
	get,
	getAll,
	retry,
	start,
	waitUntilFinished,
] as unknown as ReadonlyArray<OperationModule<Job>>;

export function operationNamed(value: string): OperationModule<Job> | undefined {
	return OPERATIONS.find((operation) => operation.option.value === value);
}
