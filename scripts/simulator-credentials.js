// Prints n8n credentials (import:credentials format) for the simulator on SIM_PORT_BASE (default
// 4100), with the ids the examples/ workflows use.
const base = Number(process.env.SIM_PORT_BASE || 4100);
const { DEFAULT_KEYS } = require('../build/dev/simulator');
console.log(
	JSON.stringify([
		{ id: 'simSuperglue01', name: 'superglue (local simulator)', type: 'superglueApi', data: { apiKey: DEFAULT_KEYS.superglue, baseUrl: `http://127.0.0.1:${base + 1}/v1` } },
		{ id: 'simB3os0000001', name: 'B3OS (local simulator)', type: 'b3osApi', data: { apiKey: DEFAULT_KEYS.b3os, baseUrl: `http://127.0.0.1:${base + 2}`, organizationId: '' } },
		{ id: 'simCortex00001', name: 'Cortex (local simulator)', type: 'cortexApi', data: { apiKey: DEFAULT_KEYS.cortex, baseUrl: `http://127.0.0.1:${base + 3}`, appId: 'c' } },
	]),
);
