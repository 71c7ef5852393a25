#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so strata needs no build step.
import { register } from 'tsx/esm/api';

// A closed pipe (strata ... | head) is not an error of strata's.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
});
register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
