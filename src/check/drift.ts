import { randomBytes } from 'node:crypto';
import { Node, Project } from '../ts-morph.ts';
import pg from 'pg';
import { MIGRATION_FILE, MIGRATIONS_DIR } from '../project.ts';
import { runMigrations } from '../snapshot/apply.ts';
import { readCatalog } from '../snapshot/catalog.ts';
import { diff } from '../snapshot/diff.ts';
import { ModelReadError, readModels } from '../snapshot/read-models.ts';
import { describe, readSnapshot, sha256, SNAPSHOT_FILE } from '../snapshot/store.ts';
import type { Table } from '../snapshot/types.ts';
import type { Tree } from '../tree.ts';
import type { Finding } from './index.ts';

/** A drift problem: a finding before `check` gives it a severity (drift/models, drift/database, ...), on a line when there is one. */
export type DriftFinding = Omit<Finding, 'severity' | 'line'> & { line?: number };

/** The `id` and `prevId` a migration file exports, if it does. */
function chainOf(text: string): { id?: string; prevId?: string } {
  const source = new Project({ useInMemoryFileSystem: true }).createSourceFile('m.ts', text);
  const read = (name: string): string | undefined => {
    const init = source.getVariableDeclaration(name)?.getInitializer();
    return init && Node.isStringLiteral(init) ? init.getLiteralValue() : undefined;
  };
  return { id: read('id'), prevId: read('prevId') };
}

/**
 * Drift between models, snapshot, migrations and (optionally) a live database:
 * models changed with no migration, a migration edited after it was recorded,
 * two migrations on one prevId (a branch), a live schema unlike the models.
 */
export async function checkDrift(tree: Tree, options: { databaseUrl?: string; catalog?: Table[] } = {}): Promise<DriftFinding[]> {
  const findings: DriftFinding[] = [];
  const snapshot = readSnapshot(tree);
  let models: ReturnType<typeof readModels>;
  try {
    models = readModels(tree);
  } catch (error) {
    if (!(error instanceof ModelReadError)) throw error;
    return [{ rule: 'drift/models', file: 'src/db/models', message: error.message }];
  }
  const pending = diff(snapshot.tables, models);
  if (pending.length) {
    findings.push({
      rule: 'drift/models',
      file: SNAPSHOT_FILE,
      message: `the models differ from the last migration (${[...new Set(pending.map(describe))].join('; ')}); run strata generate migration <name>`,
    });
  }
  const files = tree.list(MIGRATIONS_DIR).filter((f) => MIGRATION_FILE.test(f.slice(MIGRATIONS_DIR.length + 1)));
  const byPrev = new Map<string, string[]>();
  for (const file of files) {
    const name = file.slice(MIGRATIONS_DIR.length + 1, -'.ts'.length);
    const text = tree.read(file) ?? '';
    const record = snapshot.migrations.find((m) => m.name === name);
    if (record && record.checksum !== sha256(text)) {
      findings.push({
        rule: 'drift/checksum',
        file,
        message: `${name} changed after it was recorded (checksum ${sha256(text).slice(0, 12)}, recorded ${record.checksum.slice(0, 12)}); restore it and write a new migration instead`,
      });
    }
    const prevId = record?.prevId ?? chainOf(text).prevId;
    if (prevId !== undefined) byPrev.set(prevId, [...(byPrev.get(prevId) ?? []), name]);
  }
  for (const record of snapshot.migrations) {
    if (!files.some((f) => f.endsWith(`/${record.name}.ts`))) {
      findings.push({
        rule: 'drift/checksum',
        file: `${MIGRATIONS_DIR}/${record.name}.ts`,
        message: `${record.name} is recorded in the snapshot but its file is missing`,
      });
    }
  }
  for (const [prevId, names] of byPrev) {
    if (names.length > 1) {
      findings.push({
        rule: 'drift/branch',
        file: `${MIGRATIONS_DIR}/${names[1]}.ts`,
        message: `${names.join(' and ')} both follow ${prevId || 'the start'} (a branch); regenerate the later one on top of the other`,
      });
    }
  }
  if (options.databaseUrl) findings.push(...(await liveDrift(tree.root, options.databaseUrl, models, options.catalog)));
  return findings;
}

/** The catalog a scratch database on the given server has after every migration (the database is dropped after). */
export async function migratedCatalog(root: string, databaseUrl: string): Promise<Table[]> {
  const name = `strata_drift_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    // strata-ignore query-raw-interpolation: a database name cannot be a parameter; it is random hex made here
    await admin.query(`CREATE DATABASE "${name}"`);
  } catch (error) {
    await admin.end();
    throw error;
  }
  const scratch = new URL(databaseUrl);
  scratch.pathname = `/${name}`;
  try {
    await runMigrations(root, scratch.href, 'up');
    return await readCatalog(scratch.href);
  } finally {
    // strata-ignore query-raw-interpolation: a database name cannot be a parameter; it is random hex made here
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

/** Compares the migrated catalog (read here, or already read by check) with the models. */
async function liveDrift(root: string, databaseUrl: string, models: ReturnType<typeof readModels>, catalog?: Table[]): Promise<DriftFinding[]> {
  try {
    const live = catalog ?? (await migratedCatalog(root, databaseUrl));
    const statements = diff(live, models);
    return statements.length
      ? [
          {
            rule: 'drift/database',
            file: MIGRATIONS_DIR,
            message: `after every migration the database still differs from the models: ${[...new Set(statements.map(describe))].join('; ')}`,
          },
        ]
      : [];
  } catch (error) {
    return [{ rule: 'drift/database', file: MIGRATIONS_DIR, message: (error as Error).message }];
  }
}
