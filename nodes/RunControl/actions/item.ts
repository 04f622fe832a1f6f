import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Provider, RunRef } from '../providers';

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

	/** A raw parameter value (collections, JSON). */
	value(name: string, fallback: unknown): unknown {
		return this.ctx.getNodeParameter(name, this.itemIndex, fallback as never) as unknown;
	}

	/** The workflow (or tool) ID, required. */
	workflowId(): string {
		const workflowId = this.text('workflowId');
		const label = this.provider.workflowLabel;
		if (workflowId === '' || workflowId === '.' || workflowId === '..') {
			throw this.fail(
				`${label} is ${workflowId === '' ? 'missing' : `'${workflowId}', which is not valid`} (${this.item})`,
				`Enter the ${label} of the ${this.provider.displayName} ${this.provider.workflowNoun}, or an expression that gives one for every item.`,
			);
		}
		return workflowId;
	}

	/** A JSON object parameter: an object, or text holding one; anything else is refused. */
	jsonObject(name: string, label: string): IDataObject {
		const given = this.value(name, '{}');
		let value: unknown = given;
		if (typeof given === 'string') {
			if (given.trim() === '') return {};
			try {
				value = JSON.parse(given);
			} catch {
				throw this.fail(`${label} is not valid JSON (${this.item})`, `${label} must be a JSON object, e.g. {"customerId": 42}.`);
			}
		}
		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
			throw this.fail(`${label} must be a JSON object (${this.item} has ${kind})`, `Give ${label} as a JSON object, e.g. {"customerId": 42}; the run receives its fields.`);
		}
		return value as IDataObject;
	}

	/** A date filter as epoch ms, or undefined; an unreadable date is refused. */
	date(value: unknown, label: string): number | undefined {
		const ms = toEpochMs(value);
		if (ms !== undefined && Number.isNaN(ms)) {
			throw this.fail(`${label} is not a date (${this.item} has ${String(value)})`, `Give ${label} as a date and time, e.g. 2026-11-24T10:00:00Z or {{ $now.minus(10, 'minutes') }}.`);
		}
		return ms;
	}

	/** The provider's own fields of this item (RunRef.fields), as the provider reads them. */
	providerFields(): IDataObject {
		return this.provider.readFields?.((name, fallback) => this.value(name, fallback)) ?? {};
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
		if (!provider.needsWorkflowId) return { runId, workflowId: '', fields: this.providerFields() };
		const workflowId = this.text('workflowId');
		if (workflowId === '' || workflowId === '.' || workflowId === '..') {
			throw this.fail(
				`Workflow ID is ${workflowId === '' ? 'missing' : `'${workflowId}', which is not valid`} (${this.item})`,
				`${provider.displayName} addresses a run by its workflow and its run ID: enter the ID of the workflow the run belongs to.`,
			);
		}
		return { runId, workflowId, fields: this.providerFields() };
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

/** Date filters: an ISO string, a date, or a Luxon DateTime from an expression such as {{ $now.minus(10, 'minutes') }}. */
function toEpochMs(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (value instanceof Date) return value.getTime();
	if (typeof value === 'object' && typeof (value as { toMillis?: unknown }).toMillis === 'function') {
		return (value as { toMillis(): number }).toMillis();
	}
	if (typeof value === 'number') return value;
	const parsed = Date.parse(String(value));
	return Number.isNaN(parsed) ? Number.NaN : parsed;
}

export { toEpochMs };
