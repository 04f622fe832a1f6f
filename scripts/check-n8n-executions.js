// Reads the executions of the example workflows from real n8n's SQLite database (execution data
// is stored in "flatted" form) and checks what each Run Control node emitted.
const path = require('path');
const [dbFile, n8nModules] = process.argv.slice(2);
const sqlite3 = require(path.join(n8nModules, 'sqlite3'));
const { parse } = require(path.join(n8nModules, 'flatted'));

const expectations = {
	RcExSgWaitBranch: (nodes) => {
		const [item] = nodes['Wait for the run'];
		check(item.provider === 'superglue' && item.status === 'succeeded' && item.finished === true && item.wait && item.wait.timedOut === false, 'superglue wait → succeeded', item);
		check((nodes['Use the result'] || []).length === 1, 'branched to "Use the result"', nodes['Use the result']);
	},
	RcExB3CancelLong: (nodes) => {
		const cancelled = nodes['Cancel the run'] || [];
		check(cancelled.length === 2 && cancelled.every((item) => item.status === 'cancelled' && item.cancel.requested && !item.cancel.alreadyFinished), 'B3OS: the two runs older than 10 minutes were cancelled', cancelled);
		check(cancelled.map((item) => item.runId).sort().join() === 'run_demo_long_1,run_demo_long_2', 'B3OS: the right runs', cancelled.map((item) => item.runId));
		check((nodes['Leave it running'] || []).length === 2, 'B3OS: two runs left alone', nodes['Leave it running']);
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
}

const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY);
db.all(
	'SELECT e.id, e.workflowId, e.status, d.data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id ORDER BY e.id',
	(error, rows) => {
		if (error) throw error;
		for (const [workflowId, expect] of Object.entries(expectations)) {
			const row = rows.find((entry) => entry.workflowId === workflowId);
			if (!row) {
				check(false, `an execution of ${workflowId}`, rows.map((entry) => entry.workflowId));
				continue;
			}
			check(row.status === 'success', `${workflowId}: execution ${row.status}`, row.status);
			const runData = parse(row.data).resultData.runData;
			const nodes = {};
			for (const [name, runs] of Object.entries(runData)) {
				nodes[name] = (runs[0]?.data?.main?.[0] || []).map((item) => item.json);
				if (runs[0]?.error) console.log(`     ${name}: ${runs[0].error.message}`);
			}
			try {
				expect(nodes);
			} catch (thrown) {
				check(false, `${workflowId}: ${thrown.message}`, nodes);
			}
		}
		db.close();
		console.log(failures === 0 ? 'real n8n: all example workflows behaved' : `real n8n: ${failures} check(s) failed`);
		process.exitCode = failures === 0 ? 0 : 1;
	},
);
