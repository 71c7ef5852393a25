import { createHash } from 'node:crypto';
import { ERD_FILE, erdDocument, isStrataErd } from '../erd.ts';
import { fail } from '../errors.ts';
import { MIGRATIONS_DIR } from '../project.ts';
import { renderFormatted } from '../render.ts';
import type { Tree } from '../tree.ts';
import type { Statement } from './diff.ts';
import { dataLoss, migrationSteps, type Step, stepText } from './sql.ts';
import { emptySnapshot, type MigrationRecord, type Snapshot, type Table } from './types.ts';

/** Where the snapshot lives: next to the migrations. */
export const SNAPSHOT_FILE = `${MIGRATIONS_DIR}/snapshot.json`;

/** sha256 of a text, in hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The project's snapshot, or an empty one before the first migration. */
export function readSnapshot(tree: Tree): Snapshot {
  const text = tree.read(SNAPSHOT_FILE);
  if (text === null) return emptySnapshot();
  try {
    const snapshot = JSON.parse(text) as Snapshot;
    if (snapshot.version !== 1 || !Array.isArray(snapshot.tables) || !Array.isArray(snapshot.migrations)) throw new Error('not a version 1 snapshot');
    return snapshot;
  } catch (error) {
    return fail('STRATA_SNAPSHOT', `${SNAPSHOT_FILE} cannot be read (${(error as Error).message}); restore it from version control`);
  }
}

/** Writes the snapshot in a stable form, so the same schema is always the same bytes, and the ER diagram drawn from it. */
export function writeSnapshot(tree: Tree, snapshot: Snapshot): void {
  const tables = [...snapshot.tables].sort((a, b) => a.name.localeCompare(b.name));
  tree.write(SNAPSHOT_FILE, `${JSON.stringify({ ...snapshot, tables }, null, 2)}\n`, 'edit');
  // A docs/erd.md of the user's own (a project older than strata's diagram) is left alone.
  if (isStrataErd(tree.read(ERD_FILE))) tree.write(ERD_FILE, erdDocument({ ...snapshot, tables }), 'edit');
}

/** Everything a migration file needs, and the record the snapshot keeps of it. */
export interface RenderedMigration {
  file: string;
  content: string;
  record: MigrationRecord;
  loss: string[];
}

/** A one-line description of each statement, for the migration's doc comment. */
export function describe(s: Statement): string {
  switch (s.kind) {
    case 'create_table':
      return `creates table ${s.table.name}`;
    case 'drop_table':
      return `drops table ${s.table.name}`;
    case 'add_column':
    case 'drop_column':
      return `${s.kind === 'add_column' ? 'adds' : 'drops'} ${s.table}.${s.column.name}`;
    case 'alter_column':
      return `changes ${s.table}.${s.to.name}`;
    case 'rename_table':
      return `renames table ${s.from} to ${s.to}`;
    case 'rename_column':
      return `renames ${s.table}.${s.from} to ${s.to}`;
    case 'create_index':
      return `creates index ${s.index.name}`;
    case 'drop_index':
      return `drops index ${s.index.name}`;
    case 'rename_index':
      return `renames index ${s.from} to ${s.to}`;
    case 'add_fk':
      return `adds foreign key ${s.fk.name}`;
    case 'drop_fk':
      return `drops foreign key ${s.fk.name}`;
    case 'rename_fk':
      return `renames foreign key ${s.from} to ${s.to}`;
    case 'create_enum':
      return `creates type ${s.type.name}`;
    case 'drop_enum':
      return `drops type ${s.type.name}`;
    case 'rename_enum':
      return `renames type ${s.from} to ${s.to}`;
    case 'alter_enum':
      return `changes the values of ${s.to.name}`;
    case 'raw':
      return s.what;
  }
}

/** A trigger that announces every change of a table on channel <table>_changes, as {"op", "id"}. */
export function notifyStatement(table: string): Statement {
  const fn = `notify_${table}_changes`;
  const trigger = `${table}_notify`;
  return {
    kind: 'raw',
    what: `announces changes of ${table} on channel ${table}_changes`,
    up: [
      `CREATE FUNCTION "${fn}"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('${table}_changes', json_build_object('op', TG_OP, 'id', CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END)::text);
  RETURN NULL;
END
$$`,
      `CREATE TRIGGER "${trigger}" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "${fn}"()`,
    ],
    down: [`DROP TRIGGER "${trigger}" ON "${table}"`, `DROP FUNCTION "${fn}"()`],
  };
}

const escapeTemplate = (sql: string): string => sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');

/**
 * Renders a migration from statements: up, down (up undone in reverse), a
 * header that names any data it can lose, its id (a hash of prevId and the
 * SQL, so the same change is the same bytes) and its checksum.
 */
export async function renderMigration(name: string, prevId: string, statements: Statement[]): Promise<RenderedMigration> {
  const { up, down, stepwise } = migrationSteps(statements);
  const id = sha256(`${prevId}\n${up.map(stepText).join(';\n')}`).slice(0, 16);
  const loss = statements.flatMap(dataLoss);
  const file = `${MIGRATIONS_DIR}/${name}.ts`;
  const summary = [...new Set(statements.map(describe))];
  const content = await renderFormatted('migration/migration.ts', file, {
    id,
    prevId,
    summary,
    loss,
    stepwise,
    up: { calls: up.map(callOf), uses: usesOf(up) },
    down: { calls: down.map(callOf), uses: usesOf(down) },
  });
  return { file, content, loss, record: { name, id, prevId, checksum: sha256(content) } };
}

const literal = (text: string): string => `\`${escapeTemplate(text)}\``;
const quoted = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * The call a step is in the migration file: the context function and its arguments, and whether
 * several of them span lines (prettier then puts each on a line of its own).
 */
function callOf(step: Step): { name: string; args: string[]; multilineArgs: boolean } {
  const [name, args] =
    step.call === 'sql'
      ? ['sql', [literal(step.sql)]]
      : step.call === 'concurrently'
        ? ['concurrently', [literal(step.sql), ...(step.index ? [quoted(step.index)] : [])]]
        : ['backfill', [quoted(step.table), quoted(step.column), literal(step.value)]];
  return { name, args, multilineArgs: args.length > 1 && args.some((a) => a.includes('\n')) };
}

/** The context functions a direction calls, for its parameter list. */
function usesOf(steps: Step[]): string {
  return [...new Set(steps.map((s) => s.call))].join(', ');
}

/** The snapshot after a migration: the new tables, the migration appended (or replaced when re-generated). */
export function advance(snapshot: Snapshot, record: MigrationRecord, tables: Table[]): Snapshot {
  const migrations = snapshot.migrations.filter((m) => m.name !== record.name);
  migrations.push(record);
  migrations.sort((a, b) => a.name.localeCompare(b.name));
  const last = migrations[migrations.length - 1]!;
  return { version: 1, id: last.id, prevId: last.prevId, migrations, tables };
}
