/** Indexes and foreign keys in migration SQL, read with PostgreSQL's own parser (libpg-query, WASM). */
import { loadModule, parseSync } from 'libpg-query';
import type { MigrationSchema } from './schema.ts';

// biome-ignore lint/suspicious/noExplicitAny: the parse tree is plain JSON, walked by node name
type PgNode = any;

let loaded: Promise<void> | undefined;
/** Loads the parser once (WASM). */
export const loadSqlParser = (): Promise<void> => (loaded ??= loadModule());

const names = (list: PgNode[] | undefined): string[] => (list ?? []).map((n: PgNode) => n?.String?.sval ?? '');

/** Whether a text is one SQL expression (a literal, a column, a function call), nothing more: `SELECT text` parses to one statement with one value. */
export async function isSqlExpression(text: string): Promise<boolean> {
  await loadSqlParser();
  try {
    const tree: PgNode = parseSync(`SELECT ${text}`);
    const stmts = tree.stmts ?? [];
    const select = stmts[0]?.stmt?.SelectStmt;
    const targets = select?.targetList ?? [];
    return (
      stmts.length === 1 &&
      targets.length === 1 &&
      !targets[0].ResTarget?.val?.RowExpr &&
      !select.fromClause &&
      !select.whereClause &&
      select.op === 'SETOP_NONE'
    );
  } catch {
    return false;
  }
}

/** Adds what one SQL text creates to the schema; text that does not parse adds nothing. */
export function readSql(sql: string, out: MigrationSchema): void {
  let tree: PgNode;
  try {
    tree = parseSync(sql);
  } catch {
    return;
  }
  for (const { stmt } of tree.stmts ?? []) {
    if (stmt.IndexStmt) {
      const s = stmt.IndexStmt;
      const columns = (s.indexParams ?? []).map(
        (p: PgNode) => p.IndexElem?.name ?? JSON.stringify(p.IndexElem?.expr ?? {}).match(/"sval":"([^"]+)"\}\]/)?.[1] ?? '',
      );
      out.indexes.push({ table: s.relation.relname, columns, unique: Boolean(s.unique) });
    }
    if (stmt.CreateStmt) {
      const table = stmt.CreateStmt.relation.relname;
      for (const elt of stmt.CreateStmt.tableElts ?? []) {
        if (elt.ColumnDef) for (const c of elt.ColumnDef.constraints ?? []) constraint(table, [elt.ColumnDef.colname], c.Constraint, out);
        if (elt.Constraint) constraint(table, [], elt.Constraint, out);
      }
    }
    if (stmt.AlterTableStmt) {
      const table = stmt.AlterTableStmt.relation.relname;
      for (const cmd of stmt.AlterTableStmt.cmds ?? []) {
        const c = cmd.AlterTableCmd;
        if (c?.subtype === 'AT_AddConstraint') constraint(table, [], c.def?.Constraint, out);
        if (c?.subtype === 'AT_AddColumn') for (const k of c.def?.ColumnDef?.constraints ?? []) constraint(table, [c.def.ColumnDef.colname], k.Constraint, out);
      }
    }
  }
}

/** The first column an index expression reads (lower(email) → email). */
function _firstColumn(node: PgNode): string {
  if (!node || typeof node !== 'object') return '';
  if (node.ColumnRef) return names(node.ColumnRef.fields).pop() ?? '';
  for (const value of Object.values(node)) {
    const found = Array.isArray(value) ? value.map(_firstColumn).find(Boolean) : _firstColumn(value);
    if (found) return found;
  }
  return '';
}

function constraint(table: string, columns: string[], c: PgNode, out: MigrationSchema): void {
  if (!c) return;
  if (c.contype === 'CONSTR_FOREIGN') {
    const cols = c.fk_attrs ? names(c.fk_attrs) : columns;
    // 'a' is NO ACTION, which is also what an absent ON DELETE parses to
    for (const column of cols) out.fks.push({ table, column, onDelete: c.fk_del_action !== undefined && c.fk_del_action !== 'a' });
  }
  if (c.contype === 'CONSTR_UNIQUE' || c.contype === 'CONSTR_PRIMARY') out.indexes.push({ table, columns: c.keys ? names(c.keys) : columns, unique: true });
}
