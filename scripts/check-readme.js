#!/usr/bin/env node
/**
 * CI: the README works on the npm page and says what the editor shows (plain Node, after the build).
 * 1. Every link and image points into this repository absolutely (npm renders the README without
 *    the repository around it): https://github.com/<repo>/blob/main/<file> or /tree/main/<folder>
 *    for links, https://raw.githubusercontent.com/<repo>/main/<file> for images, and the file or
 *    folder exists in the repository. Links to other sites are left alone; links within the README
 *    (#section) must name one of its headings.
 * 2. Every UI label the README quotes in bold (**Label**) is a label of the built package: the
 *    display name of a node, credential, parameter, option or option value in dist/ (as n8n shows
 *    them). n8n's own labels (Schedule Trigger, Continue On Fail, …) are written in italics.
 * `node scripts/check-readme.js [file.md …]` checks other Markdown files the same way (default:
 * README.md). Exit code 1 on any problem, each printed with its line.
 */
'use strict';

const { existsSync, readFileSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const repo = /github\.com\/([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(pkg.repository?.url ?? '')?.[1];
if (!repo) {
	console.error('check-readme: package.json has no GitHub repository.url');
	process.exit(1);
}
const BLOB = `https://github.com/${repo}/blob/main/`;
const TREE = `https://github.com/${repo}/tree/main/`;
const RAW = `https://raw.githubusercontent.com/${repo}/main/`;

/** Every label n8n shows for the built nodes and credentials. */
function uiLabels() {
	const labels = new Set();
	const walk = (value) => {
		if (Array.isArray(value)) return value.forEach(walk);
		if (!value || typeof value !== 'object') return;
		if (typeof value.displayName === 'string') labels.add(value.displayName);
		// An option of an options/multiOptions parameter: `name` is its label.
		if (typeof value.name === 'string' && 'value' in value && !('type' in value)) labels.add(value.name);
		for (const key of ['properties', 'options', 'values', 'credentials']) if (key in value) walk(value[key]);
	};
	const files = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	for (const file of files) {
		const full = path.join(root, file);
		if (!existsSync(full)) throw new Error(`${file} is not built: run npm run build first`);
		for (const Class of Object.values(require(full))) {
			const instance = new Class();
			walk(instance.description ?? instance);
		}
	}
	return labels;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading) =>
	heading
		.trim()
		.toLowerCase()
		.replace(/[`*_]/g, '')
		.replace(/[^\p{L}\p{N}\s-]/gu, '')
		.replace(/\s/g, '-');

function check(file, labels) {
	const text = readFileSync(path.join(root, file), 'utf8');
	const lines = text.split('\n');
	const problems = [];
	const anchors = new Set();
	let fenced = false;
	for (const line of lines) {
		if (/^\s*```/.test(line)) fenced = !fenced;
		const heading = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
		if (heading) anchors.add(slug(heading[1]));
	}
	const exists = (relative, folder) => {
		const target = path.join(root, decodeURIComponent(relative));
		if (!target.startsWith(root + path.sep) || !existsSync(target)) return false;
		return folder ? statSync(target).isDirectory() : statSync(target).isFile();
	};
	let links = 0;
	let bold = 0;
	fenced = false;
	lines.forEach((line, index) => {
		const where = `${file}:${index + 1}`;
		if (/^\s*```/.test(line)) {
			fenced = !fenced;
			return;
		}
		if (fenced) return;
		const code = line.replace(/`[^`]*`/g, (span) => ' '.repeat(span.length)); // inline code is not markup
		const targets = [];
		for (const match of code.matchAll(/(!?)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push({ image: match[1] === '!', url: match[2] });
		for (const match of code.matchAll(/<img\b[^>]*\bsrc="([^"]+)"/g)) targets.push({ image: true, url: match[1] });
		for (const match of code.matchAll(/<a\b[^>]*\bhref="([^"]+)"/g)) targets.push({ image: false, url: match[1] });
		for (const match of code.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/g)) targets.push({ image: false, url: match[1] });
		for (const { image, url } of targets) {
			links++;
			const bare = url.split('#')[0];
			if (url.startsWith('#')) {
				if (!anchors.has(url.slice(1))) problems.push(`${where}: link ${url} names no heading of ${file}`);
			} else if (image) {
				if (!url.startsWith(RAW)) problems.push(`${where}: image ${url} is not absolute to the repository (${RAW}<file>)`);
				else if (!exists(bare.slice(RAW.length), false)) problems.push(`${where}: image ${url}: no such file in the repository`);
			} else if (url.startsWith(BLOB)) {
				if (!exists(bare.slice(BLOB.length), false)) problems.push(`${where}: link ${url}: no such file in the repository`);
			} else if (url.startsWith(TREE)) {
				if (!exists(bare.slice(TREE.length).replace(/\/$/, ''), true)) problems.push(`${where}: link ${url}: no such folder in the repository`);
			} else if (url.startsWith(`https://github.com/${repo}`) || url.startsWith(RAW)) {
				if (!/^https:\/\/github\.com\/[^/]+\/[^/]+\/?(?:issues|releases|pulls)?\/?$/.test(bare)) problems.push(`${where}: link ${url} is not a blob/main or tree/main address`);
			} else if (!/^(https?|mailto):/.test(url)) {
				problems.push(`${where}: link ${url} is relative; npm shows the README without the repository (use ${BLOB}…)`);
			}
		}
		if (/\[[^\]]*$/.test(code) && /^[^[]*\]\(/.test(lines[index + 1] ?? '')) problems.push(`${where}: a link split across lines (keep [text](address) on one line, so it can be checked)`);
		if ((code.match(/\*\*/g) ?? []).length % 2 === 1) problems.push(`${where}: bold that spans lines (keep each **Label** on one line, so it can be checked)`);
		for (const match of code.matchAll(/\*\*([^*]+)\*\*/g)) {
			bold++;
			const label = match[1].trim();
			if (!labels.has(label)) problems.push(`${where}: **${label}** is no label of the node or its credentials (bold is for UI labels; write other emphasis in italics)`);
		}
	});
	return { problems, links, bold };
}

let labels;
try {
	labels = uiLabels();
} catch (error) {
	console.error(`check-readme: ${error.message}`);
	process.exit(1);
}
const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['README.md'];
let failed = false;
for (const file of files) {
	const { problems, links, bold } = check(file, labels);
	for (const text of problems) console.error(text);
	if (problems.length > 0) failed = true;
	else console.log(`${file}: ${links} links and images absolute and present, ${bold} bold labels as the editor shows them`);
}
process.exit(failed ? 1 : 0);
