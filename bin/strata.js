#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm run build` at prepare) when it is newer than every
// source file; otherwise runs the TypeScript through tsx, so a checkout with edits never runs stale code.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// A closed pipe (strata ... | head) is not an error of strata's.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
});

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.stamp');

// `strata --version` is what scripts and tools probe most: answered from package.json (the one
// source the CLI's own --version reads too) before loading the CLI.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version}\n`);
  process.exit(0);
}

/** The newest modification time of the .ts files under a folder. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(abs));
    else if (entry.name.endsWith('.ts')) latest = Math.max(latest, statSync(abs).mtimeMs);
  }
  return latest;
}

// V8's code cache for CommonJS (TypeScript alone is 9 MB of it), kept in the OS temp dir between
// runs, spares generate and check most of compiling it; Node 22 has the same built in.
const nodeModule = await import('node:module');
if (typeof nodeModule.enableCompileCache === 'function') nodeModule.enableCompileCache();
else
  nodeModule
    .createRequire(import.meta.url)('v8-compile-cache-lib')
    .install({ prefix: 'strata' });

const built = existsSync(stamp) && process.env.STRATA_TSX !== '1';
const fresh =
  built && (!existsSync(path.join(root, 'src')) || statSync(stamp).mtimeMs >= Math.max(newest(path.join(root, 'src')), newest(path.join(root, 'generators'))));
let main;
if (fresh) ({ main } = await import('../dist/src/cli.js'));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli.ts'));
}
process.exitCode = await main(args);
