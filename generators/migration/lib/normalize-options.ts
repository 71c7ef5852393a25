import { fail, q } from '../../../src/errors.ts';
import { nextMigrationName } from '../../../src/migrations.ts';
import { assertProject } from '../../../src/project.ts';
import { diff, type Rename, type Statement } from '../../../src/snapshot/diff.ts';
import { ModelReadError, readModels } from '../../../src/snapshot/read-models.ts';
import { refuseDataLoss } from '../../../src/snapshot/sql.ts';
import { isSqlExpression } from '../../../src/check/analysis/sql.ts';
import { readSnapshot } from '../../../src/snapshot/store.ts';
import type { Snapshot, Table } from '../../../src/snapshot/types.ts';
import type { Tree } from '../../../src/tree.ts';

/** What the user gave `strata generate migration`. */
export interface MigrationArgs {
  name: string;
  rename?: string[];
  /** `table.column=<SQL>` (or just `<SQL>` when one column needs it): fills a NOT NULL column on a table with rows */
  backfill?: string[];
  allowDestructive?: boolean;
  now?: Date;
  /** Asks whether a dropped column or table is a rename of an added one (a terminal only). */
  ask?: (question: string) => Promise<boolean>;
}

/** The normalized options every step sees. */
export interface MigrationOptions {
  migrationName: string;
  snapshot: Snapshot;
  models: Table[];
  statements: Statement[];
  loss: string[];
}

/** Parses `table.old:new` (a column) or `old:new` (a table). */
export function parseRename(raw: string): Rename {
  const m = /^([a-z_][a-z0-9_]*)(\.([a-z_][a-z0-9_]*))?:([a-z_][a-z0-9_]*)$/.exec(raw);
  if (!m) fail('STRATA_RENAME', `--rename ${q(raw)} is not table.old_column:new_column or old_table:new_table`);
  return m[3] ? { kind: 'column', table: m[1]!, from: m[3], to: m[4]! } : { kind: 'table', from: m[1]!, to: m[4]! };
}

function checkRename(r: Rename, before: Table[], after: Table[], raw: string): void {
  if (r.kind === 'table') {
    if (!before.some((t) => t.name === r.from)) fail('STRATA_RENAME', `--rename ${q(raw)}: the snapshot has no table ${r.from}`);
    if (!after.some((t) => t.name === r.to)) fail('STRATA_RENAME', `--rename ${q(raw)}: no model has table ${r.to}`);
    return;
  }
  const t = before.find((x) => x.name === r.table);
  if (!t?.columns.some((c) => c.name === r.from)) fail('STRATA_RENAME', `--rename ${q(raw)}: the snapshot has no column ${r.table}.${r.from}`);
}

/** Drop/add pairs that could be renames: asked about in a terminal, never assumed. */
async function askRenames(before: Table[], after: Table[], renames: Rename[], ask: MigrationArgs['ask']): Promise<Rename[]> {
  if (!ask) return renames;
  const out = [...renames];
  const goneTables = before.filter((t) => !after.some((a) => a.name === t.name) && !out.some((r) => r.kind === 'table' && r.from === t.name));
  const newTables = after.filter((t) => !before.some((b) => b.name === t.name) && !out.some((r) => r.kind === 'table' && r.to === t.name));
  for (const gone of goneTables) {
    for (const added of newTables) {
      if (await ask(`Was table ${gone.name} renamed to ${added.name}?`)) {
        out.push({ kind: 'table', from: gone.name, to: added.name });
        newTables.splice(newTables.indexOf(added), 1);
        break;
      }
    }
  }
  for (const next of after) {
    const renamedFrom = out.find((r) => r.kind === 'table' && r.to === next.name)?.from ?? next.name;
    const prev = before.find((t) => t.name === renamedFrom);
    if (!prev) continue;
    const mapped = (c: string) => out.find((r) => r.kind === 'column' && r.table === next.name && r.from === c)?.to ?? c;
    const gone = prev.columns.filter((c) => !next.columns.some((n) => n.name === mapped(c.name)));
    const added = next.columns.filter((n) => !prev.columns.some((c) => mapped(c.name) === n.name));
    for (const g of gone) {
      for (const a of added) {
        if (await ask(`Was ${next.name}.${g.name} renamed to ${a.name}?`)) {
          out.push({ kind: 'column', table: next.name, from: g.name, to: a.name });
          added.splice(added.indexOf(a), 1);
          break;
        }
      }
    }
  }
  return out;
}

/** The statements that leave a column NOT NULL with no default on a table that has rows: they need a value for those rows. */
function needsBackfill(s: Statement): s is Extract<Statement, { kind: 'add_column' | 'alter_column' }> {
  if (s.kind === 'add_column') return !s.column.nullable && s.column.default === null && !s.column.primaryKey;
  return s.kind === 'alter_column' && s.from.nullable && !s.to.nullable && s.to.default === null;
}

/** Gives each --backfill to the column it names (or the only one that needs one), after checking it is one SQL expression. */
async function attachBackfills(statements: Statement[], given: string[]): Promise<void> {
  const needs = statements.filter(needsBackfill);
  const name = (s: (typeof needs)[number]) => `${s.table}.${s.kind === 'add_column' ? s.column.name : s.to.name}`;
  for (const raw of given) {
    const m = /^([a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*)=(.+)$/s.exec(raw);
    const [target, sql] = m ? [needs.find((s) => name(s) === m[1]), m[2] as string] : [needs.length === 1 ? needs[0] : undefined, raw];
    if (!target) {
      const which = needs.length ? `one of ${needs.map(name).join(', ')}` : 'none: no column in this migration becomes NOT NULL without a default';
      fail('STRATA_BACKFILL', `--backfill ${q(raw)} names no column that needs one; write it as table.column=<SQL>, for ${which}`);
    }
    if (!(await isSqlExpression(sql)))
      fail(
        'STRATA_BACKFILL',
        `--backfill ${q(raw)}: ${q(sql)} is not one SQL expression; give a literal ('none', 0), a column or a function call (lower(title))`,
      );
    target.backfill = sql;
  }
}

/** Reads models and snapshot, settles renames and refuses data loss unless allowed. */
export async function normalizeOptions(args: MigrationArgs, tree: Tree): Promise<MigrationOptions> {
  if (!/^[a-z][a-z0-9_]{0,60}$/.test(args.name))
    fail('STRATA_INVALID_NAME', `migration name ${q(args.name)} is not valid; use lower-case letters, digits and _, e.g. add_post_summary`);
  assertProject(tree);
  const snapshot = readSnapshot(tree);
  let models: Table[];
  try {
    models = readModels(tree);
  } catch (error) {
    if (error instanceof ModelReadError) fail('STRATA_SNAPSHOT', error.message);
    throw error;
  }
  const given = (args.rename ?? []).map((raw) => {
    const r = parseRename(raw);
    checkRename(r, snapshot.tables, models, raw);
    return r;
  });
  // Renames from flags first, so a column of a renamed table is found under its new name.
  const renames = await askRenames(snapshot.tables, models, given, args.ask);
  const statements = diff(snapshot.tables, models, renames);
  await attachBackfills(statements, args.backfill ?? []);
  const drops = statements.some((s) => s.kind === 'drop_column' || s.kind === 'drop_table');
  const loss = refuseDataLoss(
    statements,
    args.allowDestructive ?? false,
    'this migration',
    `${drops ? 'if a column or table was renamed, say so with --rename table.old:new; otherwise ' : ''}re-run with --allow-destructive to accept it`,
  );
  return { migrationName: nextMigrationName(tree, args.name, args.now ?? new Date()), snapshot, models, statements, loss };
}
