/** Database work done once per element of a collection: the shared part of query-n-plus-one and query-row-by-row-write. */
import type ts from 'typescript';
import type { Analysis } from '../analysis/index.ts';
import type { Path } from '../analysis/graph.ts';
import { collectionLoopOf } from '../analysis/syntax.ts';

/** Each call inside a collection loop that reads or writes, directly or through project calls. */
export function perElement(a: Analysis, op: 'read' | 'write'): Array<{ call: ts.CallExpression; path: Path }> {
  const out: Array<{ call: ts.CallExpression; path: Path }> = [];
  for (const file of a.files) {
    for (const call of file.calls) {
      if (!collectionLoopOf(call)) continue;
      const db = a.db(call);
      if (db) {
        // bulkCreate in a loop writes a batch per turn, which is the fix, not the problem.
        if (db.op === op && db.method !== 'bulkCreate') out.push({ call, path: [call] });
        continue;
      }
      const callee = a.graph.callee(call);
      const sub = callee ? a.graph.reach(callee)[op] : undefined;
      if (sub) out.push({ call, path: [call, ...sub] });
    }
  }
  return out;
}
