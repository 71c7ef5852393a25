import { Type, type TObject, type TSchema } from '@sinclair/typebox';

/** A relation as routes see it (the same shape the repositories report). */
export interface Relation {
  name: string;
  kind: 'one' | 'many' | 'manyToMany';
  target: string;
}

/** `?include=` over the relation whitelist: comma-separated names, each at most once. */
export function includeQuery(relations: Relation[]) {
  const names = relations.map((r) => r.name).join('|');
  // With no relations only an empty include is valid.
  const pattern = relations.length === 0 ? '^$' : `^(${names})(,(${names})){0,${relations.length - 1}}$`;
  return { include: Type.Optional(Type.String({ pattern, maxLength: 500 })) };
}

/**
 * Splits and de-duplicates an include list that the schema already whitelisted.
 * Each included relation holds at most `limit` rows per parent (INCLUDE_LIMIT);
 * the nested routes (GET /parents/:id/children) page through the rest.
 */
export function parseInclude(include: string | undefined, limit: number): { names: string[]; limit: number } {
  return { names: include ? [...new Set(include.split(','))] : [], limit };
}

/**
 * The entity schema plus an optional property per relation. Lists $ref the
 * related entity's schema; a belongs-to copies it with type [object, null],
 * because an anyOf would make the serializer validate (and reject) Dates.
 */
export function withRelations<T extends TObject>(
  schema: T,
  relations: Relation[],
  resolve: (id: string) => unknown,
): TSchema {
  const extra: Record<string, TSchema> = {};
  for (const r of relations) {
    if (r.kind === 'one') {
      const { $id: _id, ...target } = (resolve(r.target) ?? {}) as TObject & { $id?: string };
      extra[r.name] = Type.Optional(Type.Unsafe<unknown>({ ...target, type: ['object', 'null'] }));
    } else {
      extra[r.name] = Type.Optional(Type.Array(Type.Unsafe<unknown>({ $ref: r.target })));
    }
  }
  const { $id: _id, ...rest } = schema as TObject & { $id?: string };
  return Type.Object({ ...rest.properties, ...extra }, { additionalProperties: false });
}
