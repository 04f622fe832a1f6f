// Part of `npm run build` (after tsc): writes each node's codex file (dist/nodes/…/<Node>.node.json)
// from its source in nodes/, with the providers of the registry filled in: their names where the
// source's "alias" says "<providers>", and their credentials' documentation links. So the source
// codex files name no provider. Plain Node; reads only the built package.
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const { PROVIDER_LIST } = require(path.join(root, 'dist/nodes/RunControl/providers'));
const credentials = pkg.n8n.credentials.flatMap((file) => Object.values(require(path.join(root, file))).map((Type) => new Type()));
const documentation = PROVIDER_LIST.map((provider) => {
	const credential = credentials.find((candidate) => candidate.name === provider.credentialType);
	if (!credential) throw new Error(`codex: no credential ${provider.credentialType} in package.json n8n.credentials`);
	return { url: credential.documentationUrl };
});
for (const file of pkg.n8n.nodes) {
	const built = path.join(root, file.replace(/\.js$/, '.json'));
	const source = path.join(root, path.relative('dist', file).replace(/\.js$/, '.json'));
	const codex = JSON.parse(fs.readFileSync(source, 'utf8'));
	codex.alias = codex.alias.flatMap((word) => (word === '<providers>' ? PROVIDER_LIST.map((provider) => provider.displayName) : [word]));
	codex.resources.credentialDocumentation = documentation;
	fs.writeFileSync(built, `${JSON.stringify(codex, null, '\t')}\n`);
}
