import { calleeText, type RawFinding, type Rule } from './helpers.ts';

/** layer-query-module: Raw SQL modules never use the ORM. */
export const layerQueryModule: Rule = {
  id: 'layer-query-module',
  title: 'Raw SQL modules never use the ORM',
  check: (a) => {
    const out: RawFinding[] = [];
    for (const file of a.files.filter((f) => f.role === 'query')) {
      const direct = file.calls.map((c) => a.db(c)).filter((d) => d && (d.op === 'read' || d.op === 'write'));
      if (!direct.some((d) => d?.layer === 'raw')) continue;
      const orm = direct.find((d) => d?.layer === 'orm');
      if (orm)
        out.push({
          node: orm.node,
          message: `a raw SQL module also calls ${calleeText(orm.node)}(); keep this feature on one layer: a raw module uses pg only`,
        });
    }
    return out;
  },
};
