import ts from 'typescript';
import { type Analysis, returnedValues } from '../analysis/index.ts';
import type { ModelFacts } from '../analysis/schema.ts';
import { excludedBy } from '../analysis/schema.ts';
import { calledName, forEachDescendant, unwrap } from '../analysis/syntax.ts';
import type { RawFinding, Rule } from './helpers.ts';
import { isSecret } from './secrets.ts';

/** The secret columns of a model that nothing keeps out of a response: toJSON, or the default scope (which a created row does not pass through). */
function exposedSecrets(m: ModelFacts, created: boolean): string[] {
  if (m.toJSON) return [];
  return m.columns.filter((c) => isSecret(c) && (created || (!m.excluded.has(c.name) && !m.excluded.has(c.field)))).map((c) => c.name);
}

/** Whether a value comes from create/save (directly or returned by a project function), where default scopes do not apply. */
function created(value: ts.Expression, a: Analysis, depth = 0): boolean {
  if (depth > 3) return false;
  const e = unwrap(value);
  if (ts.isCallExpression(e)) {
    const db = a.db(e);
    if (db) return db.method === 'create' || db.method === 'save';
    const callee = a.graph.callee(e);
    return callee !== undefined && returnedValues(callee).some((r) => created(r, a, depth + 1));
  }
  if (ts.isIdentifier(e)) {
    const decl = a.checker.getSymbolAtLocation(e)?.valueDeclaration;
    return decl !== undefined && ts.isVariableDeclaration(decl) && decl.initializer !== undefined && created(decl.initializer, a, depth + 1);
  }
  return false;
}

/** What a handler sends: `return x`, `reply.send(x)`, `res.json(x)`, `res.status(201).send(x)`, `ctx.body = x`. */
function sentValues(fn: ts.Node): Array<{ node: ts.Node; value: ts.Expression }> {
  const out: Array<{ node: ts.Node; value: ts.Expression }> = [];
  forEachDescendant(fn, (n) => {
    if (ts.isReturnStatement(n) && n.expression) out.push({ node: n, value: n.expression });
    if (ts.isCallExpression(n) && ['send', 'json'].includes(calledName(n) ?? '') && n.arguments[0]) out.push({ node: n, value: n.arguments[0] });
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && /\.body$/.test(n.left.getText()))
      out.push({ node: n, value: n.right });
  });
  return out;
}

/** Whether the query that loaded a value chose its attributes (so the secret may be left out), followed through variables and project functions. */
function selectsAttributes(value: ts.Expression, a: Analysis, depth = 0): boolean {
  if (depth > 3) return false;
  const e = unwrap(value);
  if (ts.isIdentifier(e)) {
    const decl = a.checker.getSymbolAtLocation(e)?.valueDeclaration;
    return decl !== undefined && ts.isVariableDeclaration(decl) && decl.initializer !== undefined && selectsAttributes(decl.initializer, a, depth + 1);
  }
  if (!ts.isCallExpression(e)) return false;
  if (e.arguments.some((arg) => ts.isObjectLiteralExpression(unwrap(arg)) && excludedBy(unwrap(arg)).length > 0)) return true;
  const callee = a.graph.callee(e);
  return callee !== undefined && returnedValues(callee).some((r) => selectsAttributes(r, a, depth + 1));
}

/** model-secret-exposed: A password hash or secret never reaches a response. */
export const modelSecretExposed: Rule = {
  id: 'model-secret-exposed',
  title: 'A password hash or secret never reaches a response',
  check: (a) => {
    const out: RawFinding[] = [];
    for (const h of a.handlers) {
      if (h.options && /\bresponse\b/.test(h.options.getText())) continue;
      for (const { node, value } of sentValues(h.fn)) {
        const v = unwrap(value);
        if (!ts.isIdentifier(v) && !ts.isPropertyAccessExpression(v) && !ts.isCallExpression(v)) continue;
        const model = a.modelOf(v);
        const secrets = model ? exposedSecrets(model, created(v, a)) : [];
        if (!model || !secrets.length || selectsAttributes(v, a)) continue;
        out.push({
          node,
          message: `the response carries a ${model.name} row with ${secrets.join(', ')}; exclude it in the default scope (attributes: { exclude }), a toJSON, or a response schema`,
        });
      }
    }
    return out;
  },
};
