/** @type {import('jest').Config} */
const path = require('path');

// N8N_ENGINE=2: the second engine leg. Every require of n8n-core / n8n-workflow (the harness's,
// the built node's in dist/, n8n-core's own) resolves to the 2.x copies in tools/n8n2, which need
// Node 24. Default: the 1.x pair in the root node_modules (Node 20).
const engine2 = process.env.N8N_ENGINE === '2';
const n8n2 = (name) => path.join(__dirname, 'tools/n8n2/node_modules', name);

module.exports = {
	testEnvironment: 'node',
	// dev/ holds the provider simulator the tests run against (not published).
	roots: ['<rootDir>/test', '<rootDir>/dev'],
	testMatch: ['<rootDir>/test/**/*.test.ts'],
	// After each file: stop n8n-core's timers as n8n does on shutdown (else the worker cannot exit).
	setupFilesAfterEnv: ['<rootDir>/test/support/engine.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
	moduleNameMapper: engine2 ? { '^n8n-core$': n8n2('n8n-core'), '^n8n-workflow$': n8n2('n8n-workflow') } : {},
	testTimeout: 60000,
	maxWorkers: 2,
};
