import type { IDataObject } from 'n8n-workflow';

import type { NormalizedRun } from '../providers';

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
