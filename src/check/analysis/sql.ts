/** Indexes and foreign keys in migration SQL, read with PostgreSQL's own parser (libpg-query, WASM). */
import { loadModule, parseSync } from 'libpg-query';
import type { MigrationSchema } from './schema.ts';
import { EXPAND_CONTRACT } from '../../snapshot/sql.ts';

// biome-ignore lint/suspicious/noExplicitAny: the parse tree is plain JSON, walked by node name
type PgNode = any;

let loaded: Promise<void> | undefined;
/** Loads the parser once (WASM). */
export const loadSqlParser = (): Promise<void> => (loaded ??= loadModule());

const names = (list: PgNode[] | undefined): string[] => (list ?? []).map((n: PgNode) => n?.String?.sval ?? '');

/** Whether SQL text changes the schema or a setting (leading comments aside): what a migration runs. */
export const isDdl = (text: string): boolean => /^\s*(?:--[^\n]*\n\s*)*(?:CREATE|ALTER|DROP|SET)\b/i.test(text);

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

/** The parse tree of SQL text, or an empty one when it does not parse (the reader then adds nothing). */
function parsed(sql: string): PgNode {
  try {
    return parseSync(sql);
  } catch {
    return { stmts: [] };
  }
}

/** Adds what one SQL text creates to the schema; text that does not parse adds nothing. */
export function readSql(sql: string, out: MigrationSchema): void {
  const tree = parsed(sql);
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

/**
 * What one migration's SQL does to tables, for the lock-safety rule: the tables it creates and alters, whether it
 * sets lock_timeout, and each statement that holds a long lock. (32-bit keys are left to the generator, which writes
 * bigint: flagging them would report every table an old migration created, and changing a key type is itself a rewrite.)
 */
export interface DdlFacts {
  created: string[];
  /** Tables it alters or indexes */
  altered: string[];
  setsLockTimeout: boolean;
  /** Tables with a constraint validated so far (SET NOT NULL after a validated CHECK is quick) */
  validated: string[];
  /** A statement that holds a long lock, with the fix */
  risks: Array<{ table: string; message: string }>;
}

const typeNameOf = (typeName: PgNode): string => (typeName?.names ?? []).map((n: PgNode) => n?.String?.sval ?? '').at(-1) ?? '';
const TEXT_TYPES = new Set(['varchar', 'text', 'bpchar']);
const contypes = (col: PgNode): string[] => (col?.constraints ?? []).map((c: PgNode) => c?.Constraint?.contype ?? '');

/**
 * Reads one SQL text of a migration (text that does not parse adds nothing). A statement after a
 * `-- squawk-ignore` comment was judged by hand (strata marks what --allow-destructive allowed): its
 * facts count, its risks are not reported.
 */
export function ddlFacts(sql: string, out: DdlFacts): void {
  const tree = parsed(sql);
  let end = 0;
  for (const { stmt, stmt_location: at = 0, stmt_len: length } of tree.stmts ?? []) {
    const judged = /--\s*squawk-ignore\b/.test(sql.slice(end, at));
    end = length ? at + length : sql.length;
    const risks = readDdl(stmt, out);
    if (!judged) out.risks.push(...risks);
  }
}

/** What one parsed statement does to tables (into out), and the risks it takes. */
function readDdl(stmt: PgNode, out: DdlFacts): DdlFacts['risks'] {
  const risks: DdlFacts['risks'] = [];
  if (stmt.VariableSetStmt?.name === 'lock_timeout') out.setsLockTimeout = true;
  if (stmt.CreateStmt) out.created.push(stmt.CreateStmt.relation.relname);
  if (stmt.IndexStmt) out.altered.push(stmt.IndexStmt.relation.relname);
  if (stmt.IndexStmt && !stmt.IndexStmt.concurrent)
    risks.push({
      table: stmt.IndexStmt.relation.relname,
      message: `CREATE INDEX without CONCURRENTLY blocks every write to ${stmt.IndexStmt.relation.relname} for the whole build; use CREATE INDEX CONCURRENTLY, outside a transaction`,
    });
  if (!stmt.AlterTableStmt) return risks;
  const table = stmt.AlterTableStmt.relation.relname;
  out.altered.push(table);
  for (const { AlterTableCmd: cmd } of stmt.AlterTableStmt.cmds ?? []) {
    const con = cmd?.def?.Constraint;
    if (cmd?.subtype === 'AT_AddConstraint' && (con?.contype === 'CONSTR_FOREIGN' || con?.contype === 'CONSTR_CHECK') && !con.skip_validation)
      risks.push({
        table,
        message: `adding ${con.conname ?? 'a constraint'} checks every row of ${table} while writes wait; add it NOT VALID, then VALIDATE CONSTRAINT in a separate transaction (which lets writes through)`,
      });
    if (cmd?.subtype === 'AT_AddConstraint' && (con?.contype === 'CONSTR_UNIQUE' || con?.contype === 'CONSTR_PRIMARY') && !con.indexname)
      risks.push({
        table,
        message: `adding ${con.conname ?? 'a unique constraint'} builds its index while every write to ${table} waits; build a unique index CONCURRENTLY first, then ADD CONSTRAINT ... UNIQUE USING INDEX it`,
      });
    const col = cmd?.def?.ColumnDef;
    if (cmd?.subtype === 'AT_AddColumn' && contypes(col).includes('CONSTR_NOTNULL') && !contypes(col).includes('CONSTR_DEFAULT'))
      risks.push({
        table,
        message: `ADD COLUMN ${col.colname} NOT NULL without a default fails once ${table} has rows; add it nullable, backfill in batches, then add CHECK (${col.colname} IS NOT NULL) NOT VALID, VALIDATE it and SET NOT NULL`,
      });
    if (cmd?.subtype === 'AT_ValidateConstraint') out.validated.push(table);
    if (cmd?.subtype === 'AT_SetNotNull' && !out.validated.includes(table))
      risks.push({
        table,
        message: `SET NOT NULL on ${cmd.name} scans ${table} while every query waits; first add CHECK (${cmd.name} IS NOT NULL) NOT VALID and VALIDATE it in its own transaction, then SET NOT NULL uses it and returns at once`,
      });
    // To varchar or text is usually a widening, which changes metadata only: silence rather than a guess.
    if (cmd?.subtype === 'AT_AlterColumnType' && !TEXT_TYPES.has(typeNameOf(col?.typeName)))
      risks.push({
        table,
        message: `changing the type of ${cmd.name} rewrites ${table} while every query waits; ${EXPAND_CONTRACT}`,
      });
  }
  return risks;
}
