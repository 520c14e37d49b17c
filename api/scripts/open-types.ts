import { readFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';

// `node --import tsx api/scripts/open-types.ts <openapi.json>`: generate the TypeScript client types
// an integrator would (openapi-typescript) and fail on any open `[key: string]: unknown` among them.
const file = process.argv[2];
if (!file) {
  console.error('Usage: open-types <openapi.json>');
  process.exit(2);
}
const types = astToString(await openapiTS(JSON.parse(readFileSync(file, 'utf8'))));
const open = types.split('\n').filter((line) => line.includes('[key: string]: unknown'));
if (open.length) {
  console.error(`${open.length} open types in the generated client:\n${open.join('\n')}`);
  process.exit(1);
}
console.log(`Generated client types: ${types.split('\n').length} lines, no open type.`);
