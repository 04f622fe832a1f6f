// n8n's community-node lint rules in strict mode (n8n Cloud support): the config that
// @n8n/node-cli ships, installed in tools/lint (it needs Node 24). Run: npm run lint
import { config } from './tools/lint/node_modules/@n8n/node-cli/dist/configs/eslint.js';

export default config;
