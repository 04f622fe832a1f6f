import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { NormalizedRun, Provider, RunRef } from '../providers';

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/** Seconds-valued options say so in their display name; messages keep the unit. */
function labelOf(option: INodeProperties): { label: string; unit: string } {
	const seconds = /\s*\(Seconds\)$/;
	return seconds.test(option.displayName)
		? { label: option.displayName.replace(seconds, ''), unit: ' s' }
		: { label: option.displayName, unit: '' };
}

/**
 * Reads and checks one input item's parameters. Errors are NodeOperationErrors naming the field
 * and the item, raised before any request is sent.
 */
export class ItemReader {
	constructor(
		private readonly ctx: IExecuteFunctions,
		readonly itemIndex: number,
		readonly provider: Provider,
	) {}

	private get item(): string {
		return `item ${this.itemIndex + 1}`;
	}

	fail(message: string, description: string): NodeOperationError {
		return new NodeOperationError(this.ctx.getNode(), message, { itemIndex: this.itemIndex, description });
	}

	text(name: string): string {
		return text(this.ctx.getNodeParameter(name, this.itemIndex, ''));
	}

	/** The run the item names: its ID and, where the provider needs it, its workflow. */
	runRef(): RunRef {
		const { provider } = this;
		const runId = this.text('runId');
		if (runId === '') {
			throw this.fail(`Run ID is empty (${this.item})`, 'Enter the ID of the run, or an expression such as {{ $json.runId }} that gives one for every item.');
		}
		if (runId === '.' || runId === '..') {
			throw this.fail(`Run ID '${runId}' is not a valid run ID (${this.item})`, 'A run ID cannot be "." or "..".');
		}
		if (!provider.needsWorkflowId) return { runId, workflowId: '', workflowSource: 'own' };
		const workflowId = this.text('workflowId');
		if (workflowId === '' || workflowId === '.' || workflowId === '..') {
			throw this.fail(
				`Workflow ID is ${workflowId === '' ? 'missing' : `'${workflowId}', which is not valid`} (${this.item})`,
				`${provider.displayName} addresses a run by its workflow and its run ID: enter the ID of the workflow the run belongs to.`,
			);
		}
		const workflowSource = this.ctx.getNodeParameter('workflowSource', this.itemIndex, 'own') === 'discoverable' ? 'discoverable' : 'own';
		return { runId, workflowId, workflowSource };
	}

	/**
	 * The item's Options collection, with each option's default (from its description, written
	 * once) where it is not set; numbers are checked against their minimum.
	 */
	options(descriptions: INodeProperties[]): IDataObject {
		const raw = this.ctx.getNodeParameter('options', this.itemIndex, {}) as IDataObject;
		const out: IDataObject = {};
		for (const option of descriptions) {
			const given = raw[option.name];
			if (option.type !== 'number') {
				out[option.name] = given === undefined ? (option.default as IDataObject[string]) : given;
				continue;
			}
			const value = given === undefined || given === '' ? Number(option.default) : Number(given);
			const min = option.typeOptions?.minValue;
			if (!Number.isFinite(value) || (min !== undefined && value < min)) {
				const { label, unit } = labelOf(option);
				throw this.fail(
					`${label} must be at least ${min}${unit} (${this.item} has ${String(given)})`,
					`Set the ${label} option to ${min}${unit} or more.`,
				);
			}
			out[option.name] = option.typeOptions?.numberPrecision === 0 ? Math.floor(value) : value;
		}
		return out;
	}
}

/** The output item: the normalized run, then the operation's blocks, then `raw` when asked for. */
export function present(
	includeRaw: boolean,
	run: NormalizedRun,
	raw: IDataObject | undefined,
	blocks: IDataObject = {},
): IDataObject {
	const item: IDataObject = { ...run, ...blocks };
	if (includeRaw) item.raw = raw ?? null;
	return item;
}
