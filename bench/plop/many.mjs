// node-plop, in one process, running bench/plop's generator once per entity: the peer of
// `strata apply` for bench/apply.ts. Usage: node bench/plop/many.mjs <dest> <count>
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodePlop from 'node-plop';

const [dest, count = '100'] = process.argv.slice(2);
const plop = await nodePlop(path.join(path.dirname(fileURLToPath(import.meta.url)), 'plopfile.js'), { destBasePath: dest, force: false });
const generator = plop.getGenerator('model');
for (let i = 0; i < Number(count); i++) {
  const { failures } = await generator.runActions({ name: `Item${i}` });
  if (failures.length > 0) throw new Error(JSON.stringify(failures[0]));
}
