/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['<rootDir>/test/**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
	testTimeout: 60000,
	maxWorkers: 2,
	// n8n-core's keep-alive HTTP agent holds idle sockets after the last test; they are not ours to close.
	forceExit: true,
};
