// n8n loads the node and credentials from the paths in package.json's "n8n" section.
export {};
