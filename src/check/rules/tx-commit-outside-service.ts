import { enclosingFn } from '../analysis/syntax.ts';
import { calleeText, type RawFinding, type Rule } from './helpers.ts';

/** tx-commit-outside-service: Services own transactions; routes and repositories never begin, commit or roll back. */
export const txCommitOutsideService: Rule = {
  id: 'tx-commit-outside-service',
  title: 'Services own transactions',
  check: (a) => {
    const out: RawFinding[] = [];
    const handlers = a.handlerFns();
    for (const file of a.files) {
      for (const call of file.calls) {
        const db = a.db(call);
        if (!db || (db.op !== 'commit' && db.op !== 'tx')) continue;
        let inHandler = false;
        for (let fn = enclosingFn(call); fn && !inHandler; fn = enclosingFn(fn)) inHandler = handlers.has(fn);
        if (!inHandler && file.role !== 'repository') continue;
        out.push({
          node: call,
          message: `${calleeText(call)}() in a ${inHandler ? 'route handler' : 'repository'}: the service owns the unit of work; begin, commit and roll back there, and pass the transaction down`,
        });
      }
    }
    return out;
  },
};
