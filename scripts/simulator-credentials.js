// Prints n8n credentials (import:credentials format) for the simulator on SIM_PORT_BASE (default
// 4100), one per provider of the registry (dev/providers), with the ids the examples/ workflows use.
const base = Number(process.env.SIM_PORT_BASE || 4100);
const { DEV_PROVIDER_LIST } = require('../build/dev/providers');
const { simulatorPorts } = require('../build/dev/simulator');
const ports = simulatorPorts(base);
console.log(
	JSON.stringify(
		DEV_PROVIDER_LIST.map((row) => {
			// The credential of a fake that listens on the simulator's port (nothing is started here).
			const fake = { apiKey: row.defaultKey, port: ports[row.name], url: `http://127.0.0.1:${ports[row.name]}${row.basePath}` };
			return { ...row.simulator.credential, type: row.credential, data: row.credentials(fake) };
		}),
	),
);
