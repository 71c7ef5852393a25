import { calleeText, type Rule } from './helpers.ts';

/** lifecycle-sync-schema: The schema changes through migrations, never sync(). */
export const lifecycleSyncSchema: Rule = {
  id: 'lifecycle-sync-schema',
  title: 'The schema changes through migrations, never sync()',
  check: (a) =>
    a.files.flatMap((f) =>
      f.calls
        .filter((c) => a.db(c)?.op === 'sync')
        .map((c) => ({
          node: c,
          message: `${calleeText(c)}() changes the schema from the models at run time (alter can drop data; nothing is reviewed or reversible); write a migration and run it before the app starts`,
        })),
    ),
};
