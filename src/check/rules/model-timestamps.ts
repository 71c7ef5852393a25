import type { Rule } from './helpers.ts';

/** model-timestamps: Every table has created_at and updated_at. */
export const modelTimestamps: Rule = {
  id: 'model-timestamps',
  title: 'Every table has created_at and updated_at',
  check: (a) =>
    a.models
      .filter(
        (m) =>
          (m.timestamps === false || m.partialTimestamps) &&
          !(m.columns.some((c) => /^created_?at$/i.test(c.field)) && m.columns.some((c) => /^updated_?at$/i.test(c.field))),
      )
      .map((m) => ({
        node: m.node,
        message: `${m.name} turns timestamps off and declares no created_at/updated_at; keep timestamps: true (timestamptz, NOT NULL, default now())`,
      })),
};
