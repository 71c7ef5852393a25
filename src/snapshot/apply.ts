import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where a project's own migration runner lives (umzug, the advisory lock, one transaction per migration). */
const RUNNER = 'scripts/migrate.ts';

/**
 * Runs the project's own migrator (`scripts/migrate.ts`, as `npm run db:migrate`
 * does) against a database: `up` applies what is pending, `down` reverts the last
 * one. Returns the names it applied or reverted. strata keeps no runner of its
 * own, so `check --drift --database` proves exactly what users run.
 */
export async function runMigrations(projectRoot: string, databaseUrl: string, direction: 'up' | 'down'): Promise<string[]> {
  const tsx = path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  if (!existsSync(tsx)) throw new Error(`${projectRoot} has no node_modules/tsx; run npm install there so strata can run its migrator`);
  const child = spawn(process.execPath, [tsx, RUNNER, direction], {
    cwd: projectRoot,
    // The project's own tsconfig applies: a TSX_TSCONFIG_PATH of strata's caller (tsx --tsconfig) would point elsewhere.
    env: { ...process.env, TSX_TSCONFIG_PATH: undefined, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(err.trim().split('\n').at(-1) || `${RUNNER} ${direction} exited with ${code}`);
  return out
    .split('\n')
    .map((line) => /^(?:applied|reverted) +(\S+)$/.exec(line.trim())?.[1])
    .filter((name): name is string => name !== undefined);
}
