import { parseArgs } from 'node:util';
import { migrateDown, migrateUp, migrationScripts, migrationStatus } from '../src/db/migrator.ts';
import { localDatabase } from './local-db.ts';

const USAGE =
  'usage: migrate.ts up | down [--to <name>|--all] | status | sql [up|down] (prints the SQL each migration runs, for squawk)';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { to: { type: 'string' }, all: { type: 'boolean' } },
  });
  const command = positionals[0];
  if (!command || !['up', 'down', 'status', 'sql'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  if (command === 'sql') {
    // No database: the migrations' SQL as the runner would send it.
    const direction = positionals[1] ?? 'up';
    if (direction !== 'up' && direction !== 'down') {
      console.error(USAGE);
      return 2;
    }
    for (const { name, sql } of await migrationScripts(direction)) console.log(`-- ${name}\n${sql}`);
    return 0;
  }
  const db = await localDatabase();
  // Migrations hold a session (an advisory lock, SET for a step): PostgreSQL itself, never a pooler.
  const url = process.env.DATABASE_DIRECT_URL ?? db.url;
  try {
    if (command === 'up') {
      const applied = await migrateUp(url);
      console.log(applied.length ? applied.map((n) => `applied   ${n}`).join('\n') : 'no pending migrations');
    } else if (command === 'down') {
      const reverted = await migrateDown(url, values.all ? 0 : values.to);
      console.log(reverted.length ? reverted.map((n) => `reverted  ${n}`).join('\n') : 'nothing to revert');
    } else {
      const { executed, pending, partial } = await migrationStatus(url);
      for (const name of executed) console.log(`up        ${name}`);
      // A stepwise migration a failed run left partly done: the retry resumes after its finished steps.
      for (const name of pending)
        console.log(partial[name] ? `partial   ${name} (${partial[name]} steps done)` : `pending   ${name}`);
    }
    return 0;
  } finally {
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`migration failed: ${error.message}`);
    process.exit(1);
  },
);
