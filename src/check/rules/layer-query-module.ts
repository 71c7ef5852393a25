import { imports, ORM_MODULES, type Rule } from './helpers.ts';

/** layer-query-module: Raw SQL query modules never use the ORM. */
export const layerQueryModule: Rule = {
  id: 'layer-query-module',
  title: 'Raw SQL query modules never use the ORM',
  applies: (f) => f.role === 'query',
  check: (f) =>
    imports(f.source())
      .filter((i) => ORM_MODULES.test(i.module) || /\/services(\/|$)/.test(i.module))
      .map((i) => ({ line: i.line, message: `a raw SQL query module imports ${i.module}; query modules stay stateless and use only the pg pool` })),
};
