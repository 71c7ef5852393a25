import ts from 'typescript';
import { calledName, enclosingFn } from '../analysis/syntax.ts';
import type { RawFinding, Rule } from './helpers.ts';

/** lifecycle-sync-in-async: No blocking calls in request code. */
export const lifecycleSyncInAsync: Rule = {
  id: 'lifecycle-sync-in-async',
  title: 'No blocking calls in request code',
  check: (a) => {
    const out: RawFinding[] = [];
    for (const file of a.files) {
      for (const call of file.calls) {
        const name = calledName(call) ?? '';
        if (!/^[a-z]\w*Sync$/.test(name) || a.graph.callee(call) || !a.onRequestPath(call)) continue;
        const fn = enclosingFn(call);
        if (!fn || (!fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) && !a.handlerFns().has(fn))) continue;
        out.push({ node: call, message: `${name}() blocks the event loop while serving a request, stalling every other request; use the async version` });
      }
    }
    return out;
  },
};
