#!/usr/bin/env node
/**
 * CI: what a release needs, checked before a tag is pushed (plain Node, run after the build).
 * 1. package.json has the fields npm, n8n's Community Nodes and `npm publish --provenance` need:
 *    name, version, license, keywords (n8n-community-node-package), repository (git, a GitHub URL:
 *    provenance is refused without it), bugs, homepage, the n8n section, no runtime dependencies;
 *    package-lock.json names the same version.
 * 2. The packed tarball holds what n8n loads (every file the n8n section names, the icons the
 *    descriptions name), README.md, LICENSE and CHANGELOG.md (with a section for this version),
 *    and nothing else: no source map (their .ts sources are not shipped), no tests, no simulator.
 * 3. `npm publish --dry-run` of that tarball passes without credentials. It can never publish: the
 *    tarball is published with --dry-run, to a registry on a closed loopback port, with an empty
 *    user config and no token in the environment.
 * Prints the tarball's size and file count. Exit code 1 on any problem.
 */
'use strict';

const { execFileSync } = require('node:child_process');
const { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const problems = [];
const problem = (text) => problems.push(text);

// ----- 1. package.json -------------------------------------------------------------------------
const GITHUB = /^(?:git\+)?https:\/\/github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?$/;
if (!/^n8n-nodes-[a-z0-9-]+$/.test(pkg.name ?? '')) problem(`name '${pkg.name}' must start with n8n-nodes-`);
if (!/^\d+\.\d+\.\d+(?:-[\w.]+)?$/.test(pkg.version ?? '')) problem(`version '${pkg.version}' is not a semantic version`);
if (!pkg.license) problem('license is missing');
// The lockfile names the same version (npm install would rewrite it, leaving a clone unclean).
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
if (lock.version !== pkg.version || lock.packages?.['']?.version !== pkg.version) problem(`package-lock.json says version '${lock.version}', package.json '${pkg.version}': run npm install and commit the lockfile`);
if (!(pkg.keywords ?? []).includes('n8n-community-node-package')) problem('keywords must include n8n-community-node-package');
const repository = typeof pkg.repository === 'object' ? pkg.repository : {};
const repo = GITHUB.exec(repository.url ?? '');
if (repository.type !== 'git' || !repo) {
	problem('repository must be { "type": "git", "url": "https://github.com/<owner>/<name>.git" } (npm publish --provenance needs it)');
}
const repoWeb = repo ? `https://github.com/${repo[1]}/${repo[2]}` : undefined;
if (!pkg.bugs || typeof pkg.bugs.url !== 'string' || (repoWeb && pkg.bugs.url !== `${repoWeb}/issues`)) {
	problem(`bugs.url must be the repository's issues (${repoWeb ?? 'https://github.com/<owner>/<name>'}/issues)`);
}
if (typeof pkg.homepage !== 'string' || (repoWeb && !pkg.homepage.startsWith(repoWeb))) problem(`homepage must be on the repository (${repoWeb ?? 'GitHub'})`);
if (Object.keys(pkg.dependencies ?? {}).length > 0) problem(`dependencies must stay empty: ${Object.keys(pkg.dependencies).join(', ')}`);
if (!pkg.peerDependencies || !('n8n-workflow' in pkg.peerDependencies)) problem('peerDependencies must name n8n-workflow');
const n8nFiles = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
if (!pkg.n8n || pkg.n8n.n8nNodesApiVersion !== 1 || (pkg.n8n.nodes ?? []).length === 0) problem('the n8n section must name n8nNodesApiVersion 1 and the nodes');
if (!pkg.main) problem('main is missing');

// ----- 2. the packed tarball -------------------------------------------------------------------
const work = mkdtempSync(path.join(tmpdir(), 'run-control-release-'));
// No token may reach npm: the environment is stripped, the user config is empty.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_config_|NPM_TOKEN|NODE_AUTH_TOKEN)/i.test(key)));
const userconfig = path.join(work, 'empty.npmrc');
writeFileSync(userconfig, '');
const npm = (args) => execFileSync('npm', [...args, '--userconfig', userconfig], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

try {
	const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work]));
	const files = packed.files.map((file) => file.path);
	const has = new Set(files);
	for (const required of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', pkg.main, ...n8nFiles]) {
		if (!has.has(required)) problem(`the tarball lacks ${required}`);
	}
	for (const file of files) {
		if (file.endsWith('.map')) {
			const source = JSON.parse(readFileSync(path.join(root, file), 'utf8')).sources ?? [];
			const missing = source.map((entry) => path.posix.join(path.posix.dirname(file), entry)).filter((entry) => !has.has(entry));
			if (missing.length > 0) problem(`${file} points at sources the tarball lacks (${missing.join(', ')})`);
		}
		if (!/^(dist\/|package\.json$|README\.md$|LICENSE$|CHANGELOG\.md$)/.test(file)) problem(`the tarball holds ${file}, which n8n does not load`);
	}
	// Every icon a node or credential names is in the tarball (n8n resolves "file:" beside the file).
	for (const file of n8nFiles) {
		const text = readFileSync(path.join(root, file), 'utf8');
		for (const [, icon] of text.matchAll(/file:([\w.-]+\.(?:svg|png))/g)) {
			const iconPath = path.posix.join(path.posix.dirname(file), icon);
			if (!has.has(iconPath)) problem(`${file} names the icon ${icon}, which the tarball lacks (${iconPath})`);
		}
	}
	const changelog = existsSync(path.join(root, 'CHANGELOG.md')) ? readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8') : '';
	if (!new RegExp(`^## \\[?${pkg.version.replace(/\./g, '\\.')}\\]?`, 'm').test(changelog)) problem(`CHANGELOG.md has no section "## ${pkg.version}"`);
	console.log(`${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${packed.entryCount} files`);

	// ----- 3. npm publish --dry-run, of that tarball -------------------------------------------------
	const tarball = path.join(work, packed.filename);
	let output;
	try {
		output = execFileSync('npm', ['publish', tarball, '--dry-run', '--registry', 'http://127.0.0.1:9/', '--userconfig', userconfig, '--loglevel', 'notice'], {
			cwd: work,
			env,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		});
	} catch (error) {
		problem(`npm publish --dry-run failed:\n${error.stderr || error.message}`);
	}
	if (output !== undefined) {
		const said = output.trim().split('\n').pop();
		if (said !== `+ ${pkg.name}@${pkg.version}`) problem(`npm publish --dry-run said '${said}', not '+ ${pkg.name}@${pkg.version}'`);
		else console.log(`npm publish --dry-run: ${said} (nothing published)`);
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}

if (problems.length > 0) {
	for (const text of problems) console.error(`release check: ${text}`);
	process.exit(1);
}
console.log(`release check: ${pkg.name}@${pkg.version} is ready to publish from ${repoWeb}`);
