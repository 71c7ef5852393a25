import type { Db } from '../plugins/db.ts';

/** Builds every service once per app; routes get them through their plugin options. Strata adds new ones here. */
export function createServices(db: Db) {
  return {};
}

/** The services routes can use. */
export type Services = ReturnType<typeof createServices>;
