import ts from 'typescript';
import type { Analysis, ProjectFile } from '../analysis/index.ts';
import { sqlText } from '../analysis/db.ts';
import { isFalse, isTrue } from '../analysis/schema.ts';
import { type DdlFacts, ddlFacts, isDdl } from '../analysis/sql.ts';
import { calledName, forEachDescendant, objectOf, propValue, unwrap } from '../analysis/syntax.ts';
import type { RawFinding, Rule } from './helpers.ts';
import { EXPAND_CONTRACT } from '../../snapshot/sql.ts';

/** A risk found in a migration: the call it is in, the table it is on, and the fix. */
interface Risk {
  node: ts.Node;
  table: string;
  message: string;
}

const QUERY_INTERFACE = new Set(['createTable', 'addIndex', 'addColumn', 'changeColumn', 'addConstraint']);

const stringOf = (e: ts.Expression | undefined): string | undefined =>
  e && ts.isStringLiteralLike(unwrap(e)) ? (unwrap(e) as ts.StringLiteral).text : undefined;
/** `Sequelize.STRING(40)`, `DataTypes.TEXT`: the DataType member a column names. */
const typeMember = (e: ts.Expression | undefined): string => (e ? (/\.([A-Z]+)\b/.exec(e.getText())?.[1] ?? '') : '');

/** The risks of one queryInterface call (createTable adds its table to `created`). */
function queryInterfaceRisks(call: ts.CallExpression, a: Analysis, created: Set<string>): Risk[] {
  const method = calledName(call) ?? '';
  const table = stringOf(call.arguments[0]);
  if (!table) return [];
  if (method === 'createTable') {
    created.add(table);
    return [];
  }
  // addConstraint(table, options); addIndex(table, fields, options), addColumn and changeColumn(table, column, options).
  const options = objectOf(call.arguments[method === 'addConstraint' ? 1 : 2], a.checker);
  if (method === 'addIndex' && !isTrue(propValue(options, 'concurrently')))
    return [
      {
        node: call,
        table,
        message: `addIndex without { concurrently: true } blocks every write to ${table} for the whole build; pass concurrently: true and run it outside a transaction`,
      },
    ];
  if (method === 'addColumn' && isFalse(propValue(options, 'allowNull')) && !propValue(options, 'defaultValue'))
    return [
      {
        node: call,
        table,
        message: `addColumn with allowNull: false and no defaultValue fails once ${table} has rows; add it nullable, backfill in batches, then add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it and SET NOT NULL`,
      },
    ];
  if (method === 'changeColumn' && !['STRING', 'TEXT', 'CITEXT'].includes(typeMember(propValue(options, 'type'))))
    return [
      {
        node: call,
        table,
        message: `changeColumn rewrites ${table} while every query waits (unless it only widens a string); ${EXPAND_CONTRACT}`,
      },
    ];
  const kind = stringOf(propValue(options, 'type'))?.toLowerCase();
  if (method === 'addConstraint' && (kind === 'foreign key' || kind === 'check'))
    return [
      {
        node: call,
        table,
        message: `addConstraint checks every row of ${table} while writes wait, and cannot add it NOT VALID; write ALTER TABLE ... ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a separate transaction`,
      },
    ];
  return [];
}

/** The risks of a migration's up, on tables it does not create itself (those are empty), and whether it sets lock_timeout. */
function risksOf(file: ProjectFile, a: Analysis): { risks: Risk[]; ddl: DdlFacts; up?: ts.Node } {
  const ddl: DdlFacts = { created: [], altered: [], setsLockTimeout: false, validated: [], risks: [] };
  const up = a.exportedFn(file, 'up');
  if (!up) return { risks: [], ddl };
  const created = new Set<string>();
  const risks: Risk[] = [];
  forEachDescendant(up, (n) => {
    if (!ts.isCallExpression(n)) return;
    if (QUERY_INTERFACE.has(calledName(n) ?? '')) {
      risks.push(...queryInterfaceRisks(n, a, created));
      const table = stringOf(n.arguments[0]);
      if (table && calledName(n) !== 'createTable') ddl.altered.push(table);
      return;
    }
    const text = sqlText(n.arguments[0], a.checker, 'x');
    if (!text || !isDdl(text)) return;
    const before = ddl.risks.length;
    ddlFacts(text, ddl);
    for (const r of ddl.risks.slice(before)) risks.push({ node: n, ...r });
  });
  for (const t of ddl.created) created.add(t);
  return { risks: risks.filter((r) => !created.has(r.table)), ddl: { ...ddl, altered: ddl.altered.filter((t) => !created.has(t)) }, up };
}

/** migration-lock-safety: A migration on a table in use takes no long lock (squawk's rules, with the fix). */
export const migrationLockSafety: Rule = {
  id: 'migration-lock-safety',
  title: 'Migrations on tables in use take no long locks',
  // Migrations already applied cannot change: run it as an error on what a pull request adds (--changed).
  severity: 'warn',
  check: (a) => {
    const out: RawFinding[] = [];
    const migrations = a.files.filter((f) => f.role === 'migration');
    if (!migrations.length) return out;
    // A runner that sets lock_timeout for every migration (strata's does) covers them all.
    const runnerSetsTimeout = a.files.some((f) => f.role !== 'migration' && /\block_timeout\b/.test(f.text));
    for (const file of migrations) {
      const { risks, ddl, up } = risksOf(file, a);
      for (const r of risks) out.push({ node: r.node, message: r.message });
      if (up && ddl.altered.length && !ddl.setsLockTimeout && !runnerSetsTimeout)
        out.push({
          node: up,
          message: `this migration changes ${[...new Set(ddl.altered)].join(', ')} with no lock_timeout: an ALTER queued behind a long transaction holds up every query on the table while it waits; run SET lock_timeout = '5s' first (and retry on timeout)`,
        });
    }
    return out;
  },
};
