// n8n's community-node lint rules in strict mode (n8n Cloud support): the config that
// @n8n/node-cli ships, installed in tools/lint (it needs Node 24). Run: npm run lint
//
// That config picks a rule set by folder: the credential rules for credentials/, the node rules for
// nodes/. Here a credential lives beside its provider (nodes/RunControl/providers/<name>/
// <Name>Api.credentials.ts), so those files get the credential rule set instead of the node one.
import { config } from './tools/lint/node_modules/@n8n/node-cli/dist/configs/eslint.js';

const CREDENTIALS_FOLDER = './credentials/**/*.ts';
const NODES_FOLDER = './nodes/**/*.ts';
const CREDENTIAL_FILES = './nodes/**/*.credentials.ts';

export default config.map((block) => {
	if (block.files?.includes(CREDENTIALS_FOLDER)) return { ...block, files: [...block.files, CREDENTIAL_FILES] };
	if (block.files?.includes(NODES_FOLDER)) return { ...block, ignores: [...(block.ignores ?? []), CREDENTIAL_FILES] };
	return block;
});
