import ts from 'typescript';
import { unwrap } from '../analysis/syntax.ts';
import type { RawFinding, Rule } from './helpers.ts';

/** The function a declaration holds (`export const down = async () => {}`, `down: async () => {}`, `export function down`). */
function fnOf(decl: ts.Node): ts.Node | undefined {
  if (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) return decl;
  const init =
    ts.isVariableDeclaration(decl) || ts.isPropertyAssignment(decl) ? decl.initializer : ts.isBinaryExpression(decl.parent) ? decl.parent.right : undefined;
  return init ? unwrap(init) : undefined;
}

/** Whether a function does nothing: an empty body, or only `return` / `Promise.resolve()`. */
function doesNothing(fn: ts.Node | undefined): boolean {
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) || !fn.body) return false;
  if (!ts.isBlock(fn.body)) return /^Promise\.resolve\(\)$|^undefined$/.test(fn.body.getText());
  return fn.body.statements.every(
    (s) => ts.isEmptyStatement(s) || (ts.isReturnStatement(s) && (!s.expression || /^Promise\.resolve\(\)$/.test(s.expression.getText()))),
  );
}

/** migration-down: Every migration has a down that undoes it. */
export const migrationDown: Rule = {
  id: 'migration-down',
  title: 'Every migration has a down that undoes it',
  check: (a) => {
    const out: RawFinding[] = [];
    for (const file of a.files.filter((f) => f.role === 'migration')) {
      const up = a.exportedFn(file, 'up');
      const down = a.exportedFn(file, 'down');
      if (!down && up)
        out.push({ node: up, message: 'this migration has an up and no down; write the down that undoes it, so a bad deploy can be rolled back' });
      else if (down && doesNothing(fnOf(down)))
        out.push({
          node: down,
          message: 'down does nothing, so rolling back leaves the schema changed; undo what up did (or throw, saying why it cannot be undone)',
        });
    }
    return out;
  },
};
