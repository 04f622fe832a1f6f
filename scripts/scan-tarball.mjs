// npm run scan: what n8n's @n8n/scan-community-package applies to a published package, on our own
// tarball: `npm pack`, unpack, lint its JS and package.json with the scanner's own rules.
// Runs under Node 24 (scripts/scan.sh). Exit code 1 on any finding.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { analyzePackage } = await import(
	path.join(root, 'tools/lint/node_modules/@n8n/scan-community-package/scanner/scanner.mjs')
);

const work = mkdtempSync(path.join(tmpdir(), 'run-control-scan-'));
try {
	execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
	const unpacked = path.join(work, 'package');
	mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', unpacked, '--strip-components=1']);
	const files = execFileSync('find', ['.', '-type', 'f'], { cwd: unpacked, encoding: 'utf8' }).trim().split('\n');
	console.log(`${tarball}: ${files.length} files`);
	const result = await analyzePackage(unpacked);
	if (!result.passed) {
		console.log(result.message);
		if (result.details) console.log(result.details);
		process.exitCode = 1;
	} else {
		console.log('Scanner rules: no findings in the packed package.');
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}
