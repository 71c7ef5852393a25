import ts from 'typescript';
import { atImportTime } from '../analysis/syntax.ts';
import type { Rule } from './helpers.ts';

/** Whether a file exports anything (ESM or CommonJS). */
const exportsSomething = (sf: ts.SourceFile): boolean =>
  sf.statements.some(
    (s) =>
      (ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) ||
      ts.isExportAssignment(s) ||
      ts.isExportDeclaration(s) ||
      (ts.isExpressionStatement(s) && /^(module\.)?exports\b/.test(s.expression.getText())),
  );

/** lifecycle-engine-at-import: Engines are created at startup, not at import time. */
export const lifecycleEngineAtImport: Rule = {
  id: 'lifecycle-engine-at-import',
  title: 'Engines are created at startup, not at import time',
  check: (a) =>
    a.engines
      .filter((e) => e.kind !== 'client' && atImportTime(e.node) && exportsSomething(e.file.sf))
      .map((e) => ({
        node: e.node,
        message: `${e.node.expression.getText()} is created when the module is imported, so tests, scripts and the app all open it and nothing owns closing it; create it in a function called at startup (the app's lifecycle) and close it on shutdown`,
      })),
};
