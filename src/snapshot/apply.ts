import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { MIGRATION_FILE, MIGRATIONS_DIR } from '../project.ts';
import { sha256 } from './store.ts';

const META = 'strata_migrations';

interface MigrationModule {
  up: (p: { name: string; path: string; context: unknown }) => Promise<void>;
  down: (p: { name: string; path: string; context: unknown }) => Promise<void>;
}

/** A project's migration files, in order. */
export function migrationFiles(projectRoot: string): Array<{ name: string; file: string }> {
  const dir = path.join(projectRoot, MIGRATIONS_DIR);
  return readdirSync(dir)
    .filter((f) => MIGRATION_FILE.test(f))
    .sort()
    .map((f) => ({ name: f.slice(0, -3), file: path.join(dir, f) }));
}

/**
 * Applies (up) pending migrations, or reverts (down) the last `steps`, the way
 * the generated runner does: each in a transaction with its bookkeeping row in
 * strata_migrations. Used by `check --drift --database` and by tests.
 */
export async function runMigrations(projectRoot: string, databaseUrl: string, direction: 'up' | 'down', steps = Infinity): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const context = { client, sql: async (text: string, values?: unknown[]) => void (await client.query(text, values)) };
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS ${META} (name text PRIMARY KEY, checksum char(64) NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = new Set((await client.query<{ name: string }>(`SELECT name FROM ${META}`)).rows.map((r) => r.name));
    const all = migrationFiles(projectRoot);
    const todo = direction === 'up' ? all.filter((m) => !applied.has(m.name)) : all.filter((m) => applied.has(m.name)).reverse();
    const done: string[] = [];
    for (const m of todo.slice(0, steps)) {
      const mod = (await import(`${pathToFileURL(m.file).href}?v=${sha256(readFileSync(m.file, 'utf8'))}`)) as MigrationModule;
      await client.query('BEGIN');
      try {
        await mod[direction]({ name: m.name, path: m.file, context });
        if (direction === 'up') await client.query(`INSERT INTO ${META} (name, checksum) VALUES ($1, $2)`, [m.name, sha256(readFileSync(m.file, 'utf8'))]);
        else await client.query(`DELETE FROM ${META} WHERE name = $1`, [m.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.name} ${direction} failed: ${(error as Error).message}`);
      }
      done.push(m.name);
    }
    return done;
  } finally {
    await client.end();
  }
}
