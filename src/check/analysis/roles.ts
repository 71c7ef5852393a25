/** What a file is, judged by what its code does: folder names only break ties, and config can map them. */
import ts from 'typescript';
import type { Analysis, ProjectFile } from './index.ts';
import { calledName, enclosingFn, prop, unwrap } from './syntax.ts';
import { sqlText } from './db.ts';
import { isDdl } from './sql.ts';

/** The roles a file can have (strata.config.json "roles" takes these). */
export const ROLES = ['model', 'migration', 'route', 'db', 'repository', 'query', 'service', 'other'] as const;

/** What a file is. */
export type Role = (typeof ROLES)[number];

/** Maps folder prefixes to roles (strata.config.json "roles"). */
export type RoleHints = Record<string, Role>;

const HINTS: Array<[RegExp, Role]> = [
  [/^migrations?$/, 'migration'],
  [/^(repositor(y|ies)|daos?|stores?)$|repository$/i, 'repository'],
  [/^services?$|service$/i, 'service'],
  [/^(routes?|controllers?|handlers?|api)$|(routes?|controller|handler)$/i, 'route'],
  [/^(quer(y|ies)|sql|analytics)$/, 'query'],
];

/** Calls that change a schema, by their queryInterface names. */
export const SCHEMA_CHANGES = /^(createTable|addColumn|addIndex|removeColumn|dropTable|changeColumn|renameColumn|addConstraint|bulkInsert)$/;

/** The role a path suggests: the file's own name first, then its folders from the nearest out. */
function hintOf(rel: string): Role | undefined {
  const parts = rel.split('/');
  const names = [parts[parts.length - 1]?.replace(/\.[cm]?[jt]sx?$/, '') ?? '', ...parts.slice(0, -1).reverse()];
  for (const name of names) {
    const hit = HINTS.find(([re]) => re.test(name))?.[1];
    if (hit) return hit;
  }
  return undefined;
}

/** A file's role: the config's mapping; what the code does; class names; folder names; which layer it calls. */
export function roleOf(a: Analysis, file: ProjectFile, hints: RoleHints, seen: { handlerFiles: Set<ts.SourceFile>; modelFiles: Set<ts.SourceFile> }): Role {
  const mapped = Object.entries(hints).find(([prefix]) => file.rel.startsWith(prefix.replace(/\/?$/, '/')) || file.rel === prefix);
  if (mapped) return mapped[1];
  const hint = hintOf(file.rel);
  if (isMigration(a.checker, file, hint)) return 'migration';
  if (seen.modelFiles.has(file.sf)) return 'model';
  if (seen.handlerFiles.has(file.sf)) return 'route';
  if (a.engines.some((e) => e.file === file)) return 'db';
  const classes = file.classes.map((c) => c.name?.text ?? '');
  if (classes.some((n) => /(Repository|Repo|Dao)$/.test(n))) return 'repository';
  if (classes.some((n) => /Service$/.test(n))) return 'service';
  if (hint) return hint;
  const direct = file.calls.flatMap((c) => {
    const d = a.db(c);
    return d && (d.op === 'read' || d.op === 'write') ? [d] : [];
  });
  const layersOf = (fn: ts.Node | undefined) => new Set(direct.filter((d) => enclosingFn(d.node) === fn).map((d) => d.layer));
  // A function calling both layers makes the file a service (layer-mixed-data-layers reports it);
  // a raw module with an ORM call elsewhere is a query module (layer-query-module reports it).
  const mixing = direct.some((d) => layersOf(enclosingFn(d.node)).size === 2);
  if (direct.some((d) => d.layer === 'raw') && !mixing) return 'query';
  return direct.length ? 'service' : 'other';
}

/** A migration exports `up` (ESM or CommonJS) and lives in a migrations folder or changes the schema (queryInterface, or DDL with a down). */
function isMigration(checker: ts.TypeChecker, file: ProjectFile, hint: Role | undefined): boolean {
  if (!/\bup\b/.test(file.text) || !exportedFn(checker, file, 'up')) return false;
  if (hint === 'migration' || file.calls.some((c) => SCHEMA_CHANGES.test(calledName(c) ?? ''))) return true;
  return exportedFn(checker, file, 'down') !== undefined && file.calls.some((c) => isDdl(sqlText(c.arguments[0], checker, 'x') ?? ''));
}

/** The function a file exports under a name (`export const up`, `export async function up`, `module.exports = { up }`, `exports.up =`). */
export function exportedFn(checker: ts.TypeChecker, file: ProjectFile, name: string): ts.Node | undefined {
  const symbol = checker.getSymbolAtLocation(file.sf);
  const exports = symbol ? checker.getExportsOfModule(symbol) : [];
  const exported = exports.find((s) => s.name === name);
  const fromDefault = exports.find((s) => s.name === 'default');
  const viaDefault = fromDefault?.valueDeclaration && !exported ? checker.getPropertyOfType(checker.getTypeOfSymbol(fromDefault), name) : undefined;
  const decl = (exported ?? viaDefault)?.valueDeclaration;
  if (decl) return decl;
  // module.exports = { up, down } / exports.up = ... read from the syntax when the checker gives no export.
  for (const stmt of file.sf.statements) {
    if (!ts.isExpressionStatement(stmt) || !ts.isBinaryExpression(stmt.expression)) continue;
    const { left, right } = stmt.expression;
    const target = left.getText();
    if ((target === 'module.exports' || target === 'exports') && ts.isObjectLiteralExpression(unwrap(right))) {
      const p = prop(unwrap(right) as ts.ObjectLiteralExpression, name);
      if (p) return p;
    }
    if (target === `exports.${name}` || target === `module.exports.${name}`) return left;
  }
  return undefined;
}
