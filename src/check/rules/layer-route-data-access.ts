import type ts from 'typescript';
import { enclosingFn } from '../analysis/syntax.ts';
import { calleeText, type RawFinding, type Rule } from './helpers.ts';

/** layer-route-data-access: Route handlers reach data through services. */
export const layerRouteDataAccess: Rule = {
  id: 'layer-route-data-access',
  title: 'Route handlers reach data through services',
  check: (a) => {
    const out: RawFinding[] = [];
    const handlers = a.handlerFns();
    const reported = new Set<ts.Node>();
    for (const file of a.files) {
      for (const call of file.calls) {
        const db = a.db(call);
        if (!db || (db.op !== 'read' && db.op !== 'write')) continue;
        let handler: ts.Node | undefined;
        for (let fn = enclosingFn(call); fn && !handler; fn = enclosingFn(fn)) if (handlers.has(fn)) handler = fn;
        if (!handler || reported.has(handler)) continue;
        reported.add(handler);
        out.push({
          node: call,
          message: `a route handler calls ${calleeText(call)}() itself; move the data access into a service (and a repository or query module), so rules and transactions live in one place`,
        });
      }
    }
    return out;
  },
};
