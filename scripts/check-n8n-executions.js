// Reads the executions of the example workflows from real n8n's SQLite database (execution data
// is stored in "flatted" form) and checks what each Run Control node emitted:
//   node scripts/check-n8n-executions.js <database.sqlite> <n8n's node_modules>
// The expectations are also used by the queue-mode test (scripts/queue-scenarios.js), on the
// executions of the same workflows behind a Webhook trigger, read from PostgreSQL.
const path = require('path');

const expectations = {
	RcExSgWaitBranch: (nodes) => {
		const [item] = nodes['Wait for the run'];
		check(item.provider === 'superglue' && item.status === 'succeeded' && item.finished === true && item.wait && item.wait.timedOut === false, 'superglue wait → succeeded', item);
		check((nodes['Use the result'] || []).length === 1, 'branched to "Use the result"', nodes['Use the result']);
	},
	RcExB3CancelLong: (nodes) => {
		const found = nodes['Runs going for more than 10 minutes'] || [];
		check(found.length === 2 && found.every((item) => item.operation === 'getAll' && item.status === 'running' && item.durationMs > 600000), 'B3OS Get Many: the two runs running for more than 10 minutes', found);
		check(found.map((item) => item.runId).join() === 'run_demo_long_2,run_demo_long_1', 'B3OS Get Many: newest first', found.map((item) => item.runId));
		const cancelled = nodes['Cancel the run'] || [];
		check(cancelled.length === 2 && cancelled.every((item) => item.status === 'cancelled' && item.cancel.requested && !item.cancel.alreadyFinished), 'B3OS: the two runs older than 10 minutes were cancelled', cancelled);
		check(cancelled.map((item) => item.runId).sort().join() === 'run_demo_long_1,run_demo_long_2', 'B3OS: the right runs', cancelled.map((item) => item.runId));
	},
	RcExN8nStopLong: (nodes) => {
		const found = nodes['Executions going for more than 10 minutes'] || [];
		check(found.length === 2 && found.every((item) => item.provider === 'n8n' && item.status === 'running' && item.durationMs > 600000), 'n8n Get Many: the two executions running for more than 10 minutes', found);
		check(found.map((item) => item.runId).join() === '9003,9002', 'n8n Get Many: newest first', found.map((item) => item.runId));
		const stopped = nodes['Stop the execution'] || [];
		check(stopped.length === 2 && stopped.every((item) => item.status === 'cancelled' && item.providerStatus === 'canceled' && !item.cancel.alreadyFinished), 'n8n: the two executions were stopped', stopped);
	},
	RcExCxStartOutpt: (nodes) => {
		const [item = {}] = nodes['Start and wait'] || [];
		check(item.provider === 'cortex' && item.operation === 'start' && item.status === 'succeeded' && item.start && item.start.alreadyStarted === false && item.wait && item.wait.timedOut === false, 'Cortex Start + Wait for Finish → succeeded', item);
		check(item.output && item.output.total === 1250.5 && item.outputNote === null, 'Cortex Start: Include Output gives the result', item.output);
		const [used = {}] = nodes['Use the output'] || [];
		check(used.invoice === 'INV-1042' && used.total === 1250.5 && used.run === item.runId, 'If sent the run to "Use the output", which read $json.output', used);
		check((nodes['Handle the failure'] || []).length === 0, 'nothing on the failure branch', nodes['Handle the failure']);
	},
	RcExSgLongWaitLp: (nodes) => {
		const [last = {}] = nodes['Wait up to 20 s'] || []; // the last round's item
		check(last.provider === 'superglue' && last.status === 'succeeded' && last.finished === true, 'superglue long-wait loop → succeeded', last);
		check((nodes['Use the result'] || []).length === 1, 'long-wait loop ended on "Use the result"', nodes['Use the result']);
	},
	RcExCxCancelDisc: (nodes) => {
		const [item] = nodes['Cancel the run'];
		check(item.provider === 'cortex' && item.status === 'cancelled' && item.cancel.alreadyFinished === false && item.wait.timedOut === false, 'Cortex: discoverable run cancelled and seen stopped', item);
	},
};

let failures = 0;
function check(ok, label, detail) {
	console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}`);
	if (!ok) {
		failures++;
		console.log(JSON.stringify(detail, null, 2));
	}
	return ok;
}

/** Items (json) of each node's last run, and how many times each node ran. */
function nodesOf(runData) {
	const nodes = {};
	const runs = {};
	for (const [name, list] of Object.entries(runData)) {
		const last = list[list.length - 1];
		nodes[name] = (last?.data?.main?.[0] || []).map((item) => item.json);
		runs[name] = list.length;
		for (const run of list) if (run?.error) console.log(`     ${name}: ${run.error.message}`);
	}
	return { nodes, runs };
}

/** Checks one execution of an example workflow (by the example's id); returns the failures it added. */
function checkExecution(exampleId, status, data, parse, label = exampleId) {
	const before = failures;
	check(status === 'success', `${label}: execution ${status}`, status);
	const { nodes } = nodesOf(parse(data).resultData.runData);
	try {
		expectations[exampleId](nodes);
	} catch (thrown) {
		check(false, `${label}: ${thrown.message}`, nodes);
	}
	return failures - before;
}

module.exports = { expectations, check, nodesOf, checkExecution, failures: () => failures };

if (require.main === module) {
	const [dbFile, n8nModules] = process.argv.slice(2);
	const sqlite3 = require(path.join(n8nModules, 'sqlite3'));
	const { parse } = require(path.join(n8nModules, 'flatted'));
	const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY);
	db.all(
		'SELECT e.id, e.workflowId, e.status, d.data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id ORDER BY e.id',
		(error, rows) => {
			if (error) throw error;
			for (const workflowId of Object.keys(expectations)) {
				const row = rows.find((entry) => entry.workflowId === workflowId);
				if (!row) {
					check(false, `an execution of ${workflowId}`, rows.map((entry) => entry.workflowId));
					continue;
				}
				checkExecution(workflowId, row.status, row.data, parse);
			}
			db.close();
			console.log(failures === 0 ? 'real n8n: all example workflows behaved' : `real n8n: ${failures} check(s) failed`);
			process.exitCode = failures === 0 ? 0 : 1;
		},
	);
}
