// The editor as a new user sees it, in screenshots (npm run ui:screenshots runs this through
// scripts/ui-screenshots.sh, which starts n8n and the simulator first).
//
//   node scripts/editor-screenshots.js prepare <folder>
//       reads <folder>/credentials.json (the simulator's), writes <folder>/extra-credentials.json and <folder>/workflows/*.json for n8n's import commands
//   node scripts/editor-screenshots.js <n8n URL> <output folder>
//       sets up the owner, then drives the editor in Chromium and writes one PNG per view
//
// Each view is a node of the tour workflow opened in the node panel (or a credential dialog, the
// canvas, an open dropdown); the file names say what each one shows.
'use strict';
const fs = require('fs');
const path = require('path');

const TOUR_ID = 'RcUiTourWorkflow';
const TRIGGER_ID = 'RcUiTourTrigger1';
const OWNER = { email: 'owner@example.com', firstName: 'Ui', lastName: 'Tour', password: 'Screenshots-2026' };
const NODE = 'n8n-nodes-run-control.runControl';
const TRIGGER = 'n8n-nodes-run-control.runControlTrigger';
/** The simulator's credentials by provider ({ <type>: { id, name } }), from the import file. */
let CREDENTIALS = {};
/** The tour: one node per view, laid out on a grid so the canvas shows every subtitle. */
const TOUR = [
	['New node', {}, null],
	['superglue Start', { operation: 'start', workflowId: 'crm-export', options: { waitForFinish: false } }, 'superglue'],
	['superglue Start and wait', { operation: 'start', workflowId: 'crm-export', options: { waitForFinish: true, newRunId: '' } }, 'superglue'],
	['B3OS Cancel', { provider: 'b3os', operation: 'cancel', runId: 'run_demo_long_1', options: { waitForCancellation: false } }, 'b3os'],
	['B3OS Cancel and wait', { provider: 'b3os', operation: 'cancel', runId: 'run_demo_long_1', options: { waitForCancellation: true } }, 'b3os'],
	['Cortex Get', { provider: 'cortex', operation: 'get', runId: 'run_demo_discover', workflowId: 'wf_shared_invoices' }, 'cortex'],
	['Cortex Wait', { provider: 'cortex', operation: 'waitUntilFinished', runId: 'run_demo_discover', workflowId: 'wf_shared_invoices' }, 'cortex'],
	['Cortex Start', { provider: 'cortex', operation: 'start', workflowId: 'wf_shared_invoices', workflowSource: 'discoverable' }, 'cortex'],
	['Cortex Cancel', { provider: 'cortex', operation: 'cancel', runId: 'run_demo_discover', workflowId: 'wf_shared_invoices', workflowSource: 'discoverable' }, 'cortex'],
	['superglue Get Many', { operation: 'getAll', filters: { status: [] } }, 'superglue'],
	['B3OS Get Many', { provider: 'b3os', operation: 'getAll', filters: { status: [] } }, 'b3os'],
	['Cortex Get Many', { provider: 'cortex', operation: 'getAll', workflowId: 'wf_shared_invoices', filters: { status: [] } }, 'cortex'],
];

function tourWorkflow() {
	const nodes = TOUR.map(([name, parameters, provider], index) => ({
		id: `e0000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
		name,
		type: NODE,
		typeVersion: 1,
		position: [(index % 4) * 320, Math.floor(index / 4) * 220],
		parameters,
		...(provider ? { credentials: CREDENTIALS[provider] } : {}),
	}));
	return { id: TOUR_ID, name: 'Run Control editor tour', active: false, nodes, connections: {}, settings: { executionOrder: 'v1' } };
}

function triggerWorkflow() {
	return {
		id: TRIGGER_ID,
		name: 'Run Control trigger tour',
		active: false,
		nodes: [
			{ id: 'f0000000-0000-4000-8000-000000000001', name: 'New trigger', type: TRIGGER, typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'f0000000-0000-4000-8000-000000000002',
				name: 'Cortex trigger, nothing yet',
				type: TRIGGER,
				typeVersion: 1,
				position: [0, 240],
				// The simulator's one run of this workflow keeps running: Fetch Test Event finds nothing.
				parameters: { provider: 'cortex', event: 'cancelled', workflowId: 'wf_shared_invoices' },
				credentials: CREDENTIALS.cortex,
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

function prepare(folder) {
	// The simulator's credentials (scripts/simulator-credentials.js wrote them for the import).
	const simulator = JSON.parse(fs.readFileSync(path.join(folder, 'credentials.json'), 'utf8'));
	const byType = (type) => simulator.find((credential) => credential.type === type);
	CREDENTIALS = Object.fromEntries(simulator.map((credential) => [credential.type.replace(/Api$/, ''), { [credential.type]: { id: credential.id, name: credential.name } }]));
	fs.mkdirSync(path.join(folder, 'workflows'), { recursive: true });
	fs.writeFileSync(path.join(folder, 'workflows', 'tour.json'), JSON.stringify(tourWorkflow()));
	fs.writeFileSync(path.join(folder, 'workflows', 'trigger.json'), JSON.stringify(triggerWorkflow()));
	// Two that fail the credential test: an App ID Cortex does not know, a Base URL with no API at it.
	const cortex = byType('cortexApi');
	const superglue = byType('superglueApi');
	fs.writeFileSync(
		path.join(folder, 'extra-credentials.json'),
		JSON.stringify([
			{ id: 'uiCortexWrongApp', name: 'Cortex, wrong App ID', type: 'cortexApi', data: { ...cortex.data, appId: 'nope' } },
			{ id: 'uiSuperglueWrongUrl', name: 'superglue, wrong Base URL', type: 'superglueApi', data: { ...superglue.data, baseUrl: superglue.data.baseUrl.replace(/\/v1\/?$/, '/v2') } },
		]),
	);
}

function chromiumPath() {
	const candidates = [process.env.CHROMIUM, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];
	const found = candidates.find((candidate) => candidate && fs.existsSync(candidate));
	if (!found) throw new Error('No Chromium found: apt-get install -y chromium, or set CHROMIUM=/path/to/chrome');
	return found;
}

async function waitForN8n(base) {
	const deadline = Date.now() + 120_000;
	for (;;) {
		try {
			const response = await fetch(`${base}/healthz/readiness`);
			if (response.ok) return;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`n8n did not become ready at ${base}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** Sets up the owner account; returns the session cookie's value. */
async function ownerCookie(base) {
	const response = await fetch(`${base}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	if (!response.ok) throw new Error(`owner setup: ${response.status} ${await response.text()}`);
	const cookie = (response.headers.getSetCookie?.() ?? [response.headers.get('set-cookie') ?? '']).find((entry) => entry.startsWith('n8n-auth='));
	if (!cookie) throw new Error('owner setup: no n8n-auth cookie');
	return cookie.split(';')[0].slice('n8n-auth='.length);
}

async function run(base, out) {
	const { chromium } = require(path.join(__dirname, '..', 'tools', 'ui', 'node_modules', 'playwright-core'));
	fs.mkdirSync(out, { recursive: true });
	for (const file of fs.readdirSync(out)) if (file.endsWith('.png')) fs.rmSync(path.join(out, file));
	await waitForN8n(base);
	const auth = await ownerCookie(base);
	const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox'] });
	const written = [];
	try {
		const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
		await context.addCookies([{ name: 'n8n-auth', value: auth, url: base }]);
		const page = await context.newPage();
		const shot = async (name, target = page) => {
			await page.waitForTimeout(400);
			await target.screenshot({ path: path.join(out, `${name}.png`) });
			written.push(`${name}.png`);
		};
		const openWorkflow = async (id) => {
			current = id;
			await page.goto(`${base}/workflow/${id}`);
			await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
			await page.waitForTimeout(800);
		};
		let current = '';
		/** Opens a node's panel from a freshly loaded canvas (no dropdown or panel left over). */
		const openNode = async (name) => {
			await openWorkflow(current);
			await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
			await page.locator('[data-test-id="ndv"]').first().waitFor();
			await page.waitForTimeout(600);
		};
		/** Opens the "Add Option" (or "Add Filter") dropdown of a collection and shoots the panel with it. */
		const openAdd = async (label) => {
			// n8n draws the collection's "Add …" control as a select whose placeholder is the label.
			const control = page.getByPlaceholder(label).or(page.getByText(label, { exact: true }));
			await control.filter({ visible: true }).last().click({ timeout: 10_000 });
			await page.waitForTimeout(500);
		};
		const failed = [];
		/** One view: on a failure, a screenshot of where it got stuck (FAILED-<file>), and the next view. */
		const view = async (file, steps) => {
			try {
				await steps();
				await shot(file);
			} catch (error) {
				failed.push(`${file}: ${String(error.message).split('\n')[0]}`);
				await page.screenshot({ path: path.join(out, `FAILED-${file}.png`) }).catch(() => undefined);
			}
		};

		await openWorkflow(TOUR_ID);
		await view('10-canvas-subtitles', async () => {
			await page.keyboard.press('Shift+1'); // zoom to fit
		});
		await view('01-new-node-provider-field', async () => openNode('New node'));
		await view('02-new-node-provider-choices', async () => {
			await openNode('New node');
			await page.locator('[data-test-id="parameter-input-provider"]').first().click();
		});
		// Options: what "Add Option" offers with the wait switch off and on.
		await view('20-start-wait-off-options', async () => {
			await openNode('superglue Start');
			await openAdd('Add Option');
		});
		await view('21-start-wait-on-notice', async () => openNode('superglue Start and wait'));
		await view('22-start-wait-on-options', async () => {
			await openNode('superglue Start and wait');
			await openAdd('Add Option');
		});
		await view('23-cancel-wait-off-options', async () => {
			await openNode('B3OS Cancel');
			await openAdd('Add Option');
		});
		await view('24-cancel-wait-on-options', async () => {
			await openNode('B3OS Cancel and wait');
			await openAdd('Add Option');
		});
		// Cortex Workflow Source: on Start and Cancel only, below Workflow ID.
		for (const [name, file] of [
			['Cortex Get', '30-cortex-get'],
			['Cortex Wait', '31-cortex-wait'],
			['Cortex Start', '32-cortex-start'],
			['Cortex Cancel', '33-cortex-cancel'],
		]) {
			await view(file, async () => openNode(name));
		}
		// The Status filter of Get Many, per provider.
		for (const [name, file] of [
			['superglue Get Many', '40-status-filter-superglue'],
			['B3OS Get Many', '41-status-filter-b3os'],
			['Cortex Get Many', '42-status-filter-cortex'],
		]) {
			await view(file, async () => {
				// The tour's Get Many nodes carry an empty Status filter: open its list.
				await openNode(name);
				await page.locator('[data-test-id="parameter-input-status"]').filter({ visible: true }).last().click({ timeout: 10_000 });
			});
		}
		// Credential dialogs, from the node panel's credential field (the pencil edits the selected one).
		for (const [name, file] of [
			['superglue Start', '50-credential-superglue'],
			['B3OS Cancel', '51-credential-b3os'],
			['Cortex Get', '52-credential-cortex'],
		]) {
			await view(file, async () => {
				await openNode(name);
				await page.locator('[data-test-id="credential-edit-button"]').first().click();
				await page.locator('[data-test-id="editCredential-modal"]').waitFor();
				await page.waitForTimeout(1500);
			});
		}
		// Credential tests that fail: the message names the field to fix.
		for (const [id, file] of [
			['uiCortexWrongApp', '53-credential-cortex-wrong-app-id'],
			['uiSuperglueWrongUrl', '54-credential-superglue-wrong-base-url'],
		]) {
			await view(file, async () => {
				await page.goto(`${base}/home/credentials/${id}`);
				const modal = page.locator('[data-test-id="editCredential-modal"]');
				await modal.waitFor({ timeout: 30_000 });
				await page.waitForTimeout(1500);
				const retry = modal.getByRole('button', { name: /retry|test/i });
				if (await retry.count()) await retry.first().click();
				await page.waitForTimeout(2500);
				const details = modal.getByText('More details');
				if (await details.count()) await details.first().click();
				await page.waitForTimeout(500);
			});
		}
		await openWorkflow(TRIGGER_ID);
		await view('60-trigger-new-provider-field', async () => openNode('New trigger'));
		await view('61-trigger-fetch-test-event-no-match', async () => {
			await openNode('Cortex trigger, nothing yet');
			await page.getByRole('button', { name: /fetch test event/i }).first().click();
			await page.waitForTimeout(5000);
		});
		await view('62-trigger-canvas-subtitles', async () => {
			await openWorkflow(TRIGGER_ID);
			await page.keyboard.press('Shift+1');
		});
		if (failed.length > 0) throw new Error(`views that failed (see FAILED-*.png):\n  ${failed.join('\n  ')}`);
	} finally {
		await browser.close();
	}
	console.log(`${written.length} screenshots in ${out}:\n${written.map((file) => `  ${file}`).join('\n')}`);
}

const [mode, ...rest] = process.argv.slice(2);
const main = mode === 'prepare' ? async () => prepare(rest[0]) : async () => await run(mode, rest[0]);
main().catch((error) => {
	console.error(error);
	process.exit(1);
});
