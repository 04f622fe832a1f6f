/**
 * Captures every line the node logs, at every level, whatever N8N_LOG_LEVEL says (tests run with
 * `silent`, which turns n8n's Logger methods into no-ops).
 *
 * In n8n-core, a node's `this.logger` is `Container.get(Logger)` (@n8n/di, @n8n/backend-common),
 * read once per execution context; n8n-workflow's `LoggerProxy` is the other way in. Both are
 * pointed at a capturing logger until `restore()`. The modules are resolved from the n8n-core that
 * the tests load (the 1.x copy, or the 2.x one of the N8N_ENGINE=2 leg), so that the Container is
 * the very one n8n-core reads.
 */
import path from 'node:path';

import { LoggerProxy } from 'n8n-workflow';

export interface LogLine {
	level: string;
	message: string;
}

export interface CapturedLogs {
	lines: LogLine[];
	/** Every line (with its metadata) as one text, to search. */
	text(): string;
	restore(): void;
}

type Di = { Container: { get(type: unknown): unknown; set(type: unknown, instance: unknown): void } };

const LEVELS = ['error', 'warn', 'info', 'debug', 'verbose'] as const;

export function captureNodeLogs(): CapturedLogs {
	const from = { paths: [path.dirname(require.resolve('n8n-core'))] };
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Container } = require(require.resolve('@n8n/di', from)) as Di;
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Logger } = require(require.resolve('@n8n/backend-common', from)) as { Logger: unknown };
	const original = Container.get(Logger);
	const lines: LogLine[] = [];
	const capturing: Record<string, unknown> = {};
	for (const level of LEVELS) {
		capturing[level] = (message: unknown, metadata?: unknown) =>
			void lines.push({ level, message: metadata === undefined ? String(message) : `${String(message)} ${JSON.stringify(metadata)}` });
	}
	capturing.scoped = () => capturing;
	Container.set(Logger, capturing);
	LoggerProxy.init(capturing as unknown as Parameters<typeof LoggerProxy.init>[0]);
	return {
		lines,
		text: () => lines.map((line) => `${line.level} ${line.message}`).join('\n'),
		restore: () => {
			Container.set(Logger, original);
			LoggerProxy.init(original as Parameters<typeof LoggerProxy.init>[0]);
		},
	};
}
