import type { Rule } from './helpers.ts';

/** lifecycle-pool-outside-db: Engines are made once per app, never per request. */
export const lifecyclePoolOutsideDb: Rule = {
  id: 'lifecycle-pool-outside-db',
  title: 'Engines are made once per app, never per request',
  check: (a) =>
    a.engines
      .filter((e) => a.onRequestPath(e.node))
      .map((e) => ({
        node: e.node,
        message: `a ${e.kind === 'sequelize' ? 'Sequelize instance' : e.kind === 'pool' ? 'pg Pool' : 'pg Client'} is created while serving a request; make one at startup, share it, and close it on shutdown`,
      })),
};
