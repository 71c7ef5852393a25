import { Op, QueryTypes, type Includeable, type Model, type ModelStatic, type Transaction } from 'sequelize';
import type { Include } from './types.ts';
import { toKey } from '../keys.ts';

/** A relation a model declares: one row (belongs-to), many rows (has-many) or many through a join model. */
export interface RelationInfo {
  name: string;
  kind: 'one' | 'many' | 'manyToMany';
  /** The related model's class name, which is also its API schema id. */
  target: string;
}

interface AnyAssociation {
  associationType: string;
  target: ModelStatic<Model>;
  foreignKey: string;
  otherKey?: string;
  through?: { model: ModelStatic<Model> };
}

function associationsOf(model: ModelStatic<Model>): Record<string, AnyAssociation> {
  return model.associations as unknown as Record<string, AnyAssociation>;
}

const KINDS: Record<string, RelationInfo['kind']> = { BelongsTo: 'one', HasMany: 'many', BelongsToMany: 'manyToMany' };

/** The relations a model declares, in a stable order: the whitelist of `include=`. */
export function relationsOf(model: ModelStatic<Model>): RelationInfo[] {
  return Object.entries(associationsOf(model))
    .filter(([, a]) => KINDS[a.associationType] !== undefined)
    .map(([name, a]) => ({ name, kind: KINDS[a.associationType]!, target: a.target.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Eager includes for a find. Belongs-to joins (one row each, so LIMIT stays
 * right); has-many loads in one separate query for all rows (no duplicated
 * parents, no query per row), at most include.limit rows per parent (Sequelize
 * writes one LIMITed branch per parent). Many-to-many is loaded by loadManyToMany.
 */
export function includesFor(model: ModelStatic<Model>, include: Include): Includeable[] {
  const associations = associationsOf(model);
  const includes: Includeable[] = [];
  for (const name of include.names) {
    const a = associations[name];
    if (a?.associationType === 'BelongsTo') includes.push({ association: name });
    if (a?.associationType === 'HasMany')
      includes.push({ association: name, separate: true, order: [['id', 'ASC']], limit: include.limit });
  }
  return includes;
}

/** The column name of an attribute of a model (underscored models name them apart). */
function columnOf(model: ModelStatic<Model>, attribute: string): string {
  return model.getAttributes()[attribute]?.field ?? attribute;
}

/**
 * Loads many-to-many relations of all rows with two queries per relation,
 * whatever the number of rows, and at most include.limit links per row (the
 * lowest target ids, as the nested routes order them).
 */
export async function loadManyToMany(
  model: ModelStatic<Model>,
  rows: Model[],
  include: Include,
  transaction?: Transaction,
): Promise<void> {
  const associations = associationsOf(model);
  for (const name of include.names) {
    const a = associations[name];
    if (a?.associationType !== 'BelongsToMany' || !a.through || !a.otherKey || rows.length === 0) continue;
    const ids = rows.map((row) => row.get('id') as number);
    const through = a.through.model;
    const from = columnOf(through, a.foreignKey);
    const to = columnOf(through, a.otherKey);
    // Links to soft-deleted targets do not count: the target's rows are read without them.
    const live = a.target.options.paranoid
      ? ` JOIN "${a.target.getTableName() as string}" AS t ON t."id" = j."${to}" AND t."deleted_at" IS NULL`
      : '';
    // A window function keeps the first include.limit links of each row in the database, not in memory.
    // strata-ignore query-n-plus-one: one query per relation named in include=, never one per row
    // strata-ignore query-raw-interpolation: identifiers come from the model's own metadata; values are bound as replacements
    const rawLinks = await through.sequelize!.query<{ from: string | number; to: string | number }>(
      `SELECT "from", "to" FROM (SELECT j."${from}" AS "from", j."${to}" AS "to", row_number() OVER (PARTITION BY j."${from}" ORDER BY j."${to}") AS n FROM "${through.getTableName() as string}" AS j${live} WHERE j."${from}" IN (:ids)) AS l WHERE n <= :limit`,
      { replacements: { ids, limit: include.limit }, type: QueryTypes.SELECT, transaction },
    );
    // Raw rows hold int8 keys as text; the models read them as numbers.
    const links = rawLinks.map((l) => ({ from: toKey(l.from) as number, to: toKey(l.to) as number }));
    const targetIds = [...new Set(links.map((l) => l.to))];
    // strata-ignore query-n-plus-one: one query per relation named in include=, never one per row
    const targets = await a.target.findAll({
      where: { id: { [Op.in]: targetIds } },
      order: [['id', 'ASC']],
      transaction,
    });
    const byId = new Map(targets.map((t) => [t.get('id') as number, t]));
    for (const row of rows) {
      // Stored as plain data, so get({ plain: true }) returns them as they are.
      // A target deleted between the two queries is left out, never a crash.
      const mine = links
        .filter((l) => l.from === row.get('id'))
        .flatMap((l) => byId.get(l.to)?.get({ plain: true }) ?? []);
      row.setDataValue(name as never, mine as never);
    }
  }
}

/** One page of a has-many relation of one row, and its total. */
export async function listRelated(
  model: ModelStatic<Model>,
  id: number,
  name: string,
  page: { limit: number; offset: number },
  transaction?: Transaction,
): Promise<{ rows: Model[]; count: number }> {
  const a = associationsOf(model)[name];
  if (a?.associationType !== 'HasMany') throw new Error(`${model.name} has no has-many relation ${name}`);
  return a.target.findAndCountAll({
    where: { [a.foreignKey]: id },
    limit: page.limit,
    offset: page.offset,
    order: [['id', 'ASC']],
    transaction,
  });
}

/** Adds a many-to-many link; adding it twice is a no-op. */
export async function link(
  model: ModelStatic<Model>,
  id: number,
  name: string,
  targetId: number,
  transaction?: Transaction,
): Promise<void> {
  const a = associationsOf(model)[name];
  if (a?.associationType !== 'BelongsToMany' || !a.through || !a.otherKey)
    throw new Error(`${model.name} has no many-to-many relation ${name}`);
  await a.through.model.bulkCreate([{ [a.foreignKey]: id, [a.otherKey]: targetId }], {
    ignoreDuplicates: true,
    transaction,
  });
}

/** Removes a many-to-many link; returns whether one existed. */
export async function unlink(
  model: ModelStatic<Model>,
  id: number,
  name: string,
  targetId: number,
  transaction?: Transaction,
): Promise<boolean> {
  const a = associationsOf(model)[name];
  if (a?.associationType !== 'BelongsToMany' || !a.through || !a.otherKey)
    throw new Error(`${model.name} has no many-to-many relation ${name}`);
  return (await a.through.model.destroy({ where: { [a.foreignKey]: id, [a.otherKey]: targetId }, transaction })) > 0;
}
