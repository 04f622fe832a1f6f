#!/usr/bin/env node
// Installs the dev dependencies from the lockfile when they are missing or older than it, so that
// `npm start` and `npm test` work on a fresh clone. Plain Node, no dependencies.
// --no-save: installing from the lockfile must never rewrite the tracked lockfile (a fresh clone
// stays clean); `npm install` run by hand is the way to change it.
const { execSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const marker = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');
const stale = !fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync(lock).mtimeMs;
if (stale) {
	console.log('Installing dev dependencies from package-lock.json…');
	execSync('npm install --no-save --no-audit --no-fund --loglevel=error', { cwd: root, stdio: 'inherit' });
}
