/** Which model a value is, and a model's foreign keys: what the schema rules ask of the analysis. */
import ts from 'typescript';
import type { Analysis } from './index.ts';
import { type ForeignKey, type ModelFacts, same } from './schema.ts';
import { calledName, objectOf, prop, propValue, returnedValues, unwrap } from './syntax.ts';

/** The model an expression names or holds (a model class, a define() result, or a row loaded from one). */
export function modelOf(a: Analysis, expr: ts.Expression, depth = 0): ModelFacts | undefined {
  if (depth > 4) return undefined;
  const e = unwrap(expr);
  if (ts.isCallExpression(e)) {
    const db = a.db(e);
    if (db?.kind === 'modelStatic' && ts.isPropertyAccessExpression(e.expression)) return modelOf(a, e.expression.expression, depth + 1);
    const callee = a.graph.callee(e);
    for (const r of callee ? returnedValues(callee) : []) {
      const m = modelOf(a, r, depth + 1);
      if (m) return m;
    }
    return undefined;
  }
  const at = ts.isPropertyAccessExpression(e) ? e.name : e;
  let symbol = a.checker.getSymbolAtLocation(at);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = a.checker.getAliasedSymbol(symbol);
  const decl = symbol?.valueDeclaration;
  if (decl) {
    const model = a.models.find((m) => m.decl === decl);
    if (model) return model;
    if (ts.isVariableDeclaration(decl) && decl.initializer) {
      const init = unwrap(decl.initializer);
      if (ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && a.db(init)?.kind === 'modelStatic')
        return modelOf(a, init.expression.expression, depth + 1);
      if (ts.isCallExpression(init) && calledName(init) === 'define') return a.models.find((m) => m.node === init);
      if (ts.isCallExpression(init)) {
        const callee = a.graph.callee(init);
        if (callee)
          for (const r of returnedValues(callee)) {
            const m = modelOf(a, r, depth + 1);
            if (m) return m;
          }
      }
    }
  }
  // An instance typed by its class.
  const type = a.checker.getTypeAtLocation(e);
  const cls = (type.isUnion() ? type.types : [type]).map((t) => t.getSymbol()?.valueDeclaration).find((d) => d && ts.isClassDeclaration(d));
  if (cls) return a.models.find((m) => m.decl === cls);
  // sequelize.models.SavedSearch, db.SavedSearch: by name, when exactly one model has it.
  const name = ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
  const named = name ? a.models.filter((m) => m.name === name) : [];
  return named.length === 1 && depth === 0 && /\bmodels?\b|\bdb\b/.test(e.getText()) ? named[0] : viaVariable(a, e, depth);
}

/** const SavedSearch = getSequelize().models.SavedSearch; SavedSearch.destroy(...) */
function viaVariable(a: Analysis, e: ts.Expression, depth: number): ModelFacts | undefined {
  if (!ts.isIdentifier(e) || depth > 0) return undefined;
  const decl = a.checker.getSymbolAtLocation(e)?.valueDeclaration;
  if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isPropertyAccessExpression(unwrap(decl.initializer)))
    return modelOf(a, decl.initializer, 0);
  return undefined;
}

/** A model's foreign keys: its attributes' references, its associations' keys, with ON DELETE from any of them or a migration. */
export function foreignKeysOf(a: Analysis, model: ModelFacts): ForeignKey[] {
  const out = model.fks.map((fk) => ({ ...fk }));
  a.associationEnds ??= a.associations.map((call) => ({
    call,
    source: ts.isPropertyAccessExpression(call.expression) ? a.modelOf(call.expression.expression) : undefined,
    target: call.arguments[0] ? a.modelOf(call.arguments[0]) : undefined,
  }));
  for (const { call, source, target } of a.associationEnds) {
    const belongs = calledName(call) === 'belongsTo';
    if ((belongs ? source : target) !== model) continue;
    const options = objectOf(call.arguments[1], a.checker);
    let key = propValue(options, 'foreignKey');
    if (key && ts.isObjectLiteralExpression(key)) key = propValue(key, 'name');
    // The other end's name, from the model or (models.Product) from the text.
    const otherName = (belongs ? target?.name : source?.name) ?? (belongs ? call.arguments[0]?.getText().split('.').pop() : undefined);
    if (!(key && ts.isStringLiteralLike(key)) && !otherName) continue;
    const column = key && ts.isStringLiteralLike(key) ? key.text : `${otherName?.charAt(0).toLowerCase()}${otherName?.slice(1)}Id`;
    const onDelete = prop(options, 'onDelete') !== undefined;
    const hit = out.find((f) => same(f.column, column) || model.columns.some((c) => same(c.name, column) && same(c.field, f.column)));
    if (hit) hit.onDelete ||= onDelete;
    else if (belongs || !model.columns.length || model.columns.some((c) => same(c.name, column) || same(c.field, column))) {
      const col = model.columns.find((c) => same(c.name, column) || same(c.field, column));
      out.push({ column: col?.field ?? column, node: call, onDelete });
    }
  }
  for (const fk of out) fk.onDelete ||= a.migrations.fks.some((m) => m.onDelete && same(m.table, model.table) && same(m.column, fk.column));
  return out;
}
