import ts from 'typescript';
import { atImportTime, unwrap } from '../analysis/syntax.ts';
import type { RawFinding, Rule } from './helpers.ts';

/** lifecycle-shared-session: No module-level client, transaction or session shared by requests. */
export const lifecycleSharedSession: Rule = {
  id: 'lifecycle-shared-session',
  title: 'No module-level client, transaction or session shared by requests',
  check: (a) => {
    const out: RawFinding[] = [];
    for (const file of a.files) {
      for (const stmt of file.sf.statements) {
        if (!ts.isVariableStatement(stmt)) continue;
        for (const decl of stmt.declarationList.declarations) {
          if (!atImportTime(decl)) continue;
          const init = decl.initializer && unwrap(decl.initializer);
          let what: string | undefined;
          if (init && ts.isCallExpression(init)) {
            const db = a.db(init);
            if (db?.op === 'connect' && db.kind === 'pool') what = 'a pool client';
            if (db?.op === 'tx' && db.kind === 'sequelize' && !init.arguments.some((x) => ts.isArrowFunction(x) || ts.isFunctionExpression(x)))
              what = 'a transaction';
          }
          if (init && ts.isNewExpression(init) && a.graph.db.engineOf(init) === 'client') what = 'a pg Client';
          if (!init || init.kind === ts.SyntaxKind.NullKeyword) {
            // let client: PoolClient; (or a JSDoc @type in JavaScript)
            const kind = a.graph.db.kindOfType(a.checker.getTypeAtLocation(decl.name));
            if (kind === 'client') what = 'a pool client';
            if (kind === 'transaction') what = 'a transaction';
          }
          if (what)
            out.push({
              node: decl,
              message: `${what} is held at module level and shared by every request; take one per request (or per unit of work) and release it when done`,
            });
        }
      }
    }
    return out;
  },
};
