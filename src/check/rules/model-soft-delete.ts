import ts from 'typescript';
import { sqlText } from '../analysis/db.ts';
import type { ModelFacts } from '../analysis/schema.ts';
import type { RawFinding, Rule } from './helpers.ts';

/** model-soft-delete: Tables the API deletes from keep a deleted_at or is_active flag (a warning). */
export const modelSoftDelete: Rule = {
  id: 'model-soft-delete',
  title: 'Tables the API deletes from keep deleted_at or is_active',
  severity: 'warn',
  check: (a) => {
    const deleted = new Set<ModelFacts>();
    for (const file of a.files) {
      for (const call of file.calls) {
        const db = a.db(call);
        if (!db || !a.onRequestPath(call) || !ts.isPropertyAccessExpression(call.expression)) continue;
        let model: ModelFacts | undefined;
        if (db.method === 'destroy') model = a.modelOf(call.expression.expression);
        // A raw DELETE FROM <table> on the request path.
        const table = db.method === 'query' ? /^\s*DELETE\s+FROM\s+"?(\w+)"?/i.exec(sqlText(call.arguments[0], a.checker) ?? '')?.[1] : undefined;
        if (table) model = a.modelOfTable(table);
        if (model && !model.softDelete) deleted.add(model);
      }
    }
    return [...deleted].map((m): RawFinding => ({
      node: m.node,
      message: `${m.name} rows are deleted by a request handler, and ${m.table} has no deleted_at, paranoid or is_active; consider a soft delete so a mistaken DELETE can be undone`,
    }));
  },
};
