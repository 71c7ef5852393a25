import ts from 'typescript';
import { unwrap } from '../analysis/syntax.ts';
import { calleeText, type RawFinding, type Rule } from './helpers.ts';

/** Whether an interpolated value is a constant (an UPPER_CASE const, a literal, text made of literals) or builds placeholders (`$${i + 1}`). */
function constant(expr: ts.Expression, checker: ts.TypeChecker): boolean {
  const e = unwrap(expr);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return constant(e.left, checker) && constant(e.right, checker);
  if (/`\$\$\{/.test(e.getText())) return true;
  if (ts.isStringLiteralLike(e) || ts.isNumericLiteral(e)) return true;
  const type = checker.getTypeAtLocation(e);
  if (type.isLiteral() || (type.isUnion() && type.types.every((t) => t.isLiteral()))) return true;
  return ts.isIdentifier(e) && /^[A-Z][A-Z0-9_]*$/.test(e.text);
}

/** query-raw-interpolation: Raw SQL is parameterized, never interpolated or concatenated. */
export const queryRawInterpolation: Rule = {
  id: 'query-raw-interpolation',
  title: 'Raw SQL is parameterized, never interpolated or concatenated',
  check: (a) => {
    const out: RawFinding[] = [];
    for (const file of a.files) {
      if (file.role === 'migration') continue;
      for (const call of file.calls) {
        const db = a.db(call);
        if (db?.method !== 'query') continue;
        let sql = call.arguments[0] && unwrap(call.arguments[0]);
        if (sql && ts.isIdentifier(sql)) {
          // SQL built a few lines earlier: const sql = `... ${x}`
          const decl = a.checker.getSymbolAtLocation(sql)?.valueDeclaration;
          if (decl && ts.isVariableDeclaration(decl) && decl.initializer) sql = unwrap(decl.initializer);
        }
        if (!sql) continue;
        const spans = ts.isTemplateExpression(sql)
          ? sql.templateSpans.map((s) => s.expression)
          : ts.isBinaryExpression(sql) && sql.operatorToken.kind === ts.SyntaxKind.PlusToken
            ? [sql.left, sql.right]
            : [];
        if (spans.some((s) => !constant(s, a.checker)))
          out.push({
            node: call,
            message: `${calleeText(call)}() gets SQL built by interpolation or concatenation; pass values as parameters ($1, $2, or replacements)`,
          });
      }
    }
    return out;
  },
};
