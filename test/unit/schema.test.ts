import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseFields } from '../../src/fields.ts';
import { names } from '../../src/names.ts';
import { pgName, type ModelSpec } from '../../src/schema.ts';
import { diff } from '../../src/snapshot/diff.ts';
import { tableFromSpec } from '../../src/snapshot/from-spec.ts';
import { migrationSql } from '../../src/snapshot/sql.ts';

const createTableStatements = (s: ModelSpec) => migrationSql(diff([], [tableFromSpec(s)])).up;
const dropTableStatements = (s: ModelSpec) => migrationSql(diff([], [tableFromSpec(s)])).down;

function spec(model: string, raw: string[], composite: string[][] = [], softDelete = false): ModelSpec {
  const fields = parseFields(raw, 'bigint');
  return {
    names: names(model),
    fields,
    softDelete,
    keys: 'bigint',
    indexes: composite.map((c) => ({ fields: c.map((n) => fields.find((f) => f.name === n)!) })),
  };
}

describe('schema statements', () => {
  it('create quotes every identifier, keeps NOT NULL by default and names indexes deterministically', () => {
    const s = spec('Order', ['user:string{50}:unique', 'total:decimal{10,2}', 'note:text:optional', 'isPaid:boolean=false:index'], [['user', 'isPaid']]);
    const up = createTableStatements(s);
    expect(up[0]).toContain('CREATE TABLE "orders"');
    expect(up[0]).toContain('"user" varchar(50) NOT NULL');
    expect(up[0]).toContain('"note" text,');
    expect(up[0]).toContain('"created_at" timestamp with time zone NOT NULL DEFAULT now()');
    expect(up.slice(1)).toEqual([
      'CREATE UNIQUE INDEX "uq_orders_user" ON "orders" ("user")',
      'CREATE INDEX "idx_orders_is_paid" ON "orders" ("is_paid")',
      'CREATE INDEX "idx_orders_user_is_paid" ON "orders" ("user", "is_paid")',
    ]);
    // DROP TABLE takes the table's indexes with it.
    expect(dropTableStatements(s)).toEqual(['DROP TABLE "orders"']);
  });

  it('creates enum types first and drops them last; soft delete makes unique keys partial', () => {
    const s = spec('Post', ['status:enum{draft,live}', 'slug:string:unique'], [], true);
    const up = createTableStatements(s);
    expect(up[0]).toBe(`CREATE TYPE "enum_posts_status" AS ENUM ('draft', 'live')`);
    expect(up[1]).toContain('"deleted_at" timestamp with time zone');
    expect(up[2]).toBe('CREATE UNIQUE INDEX "uq_posts_slug" ON "posts" ("slug") WHERE deleted_at IS NULL');
    expect(dropTableStatements(s).at(-1)).toBe('DROP TYPE "enum_posts_status"');
  });

  it('keeps long names within 63 bytes, deterministically', () => {
    const long = `idx_${'x'.repeat(80)}`;
    expect(pgName(long)).toHaveLength(63);
    // The same name always gives the same cut (a hash of the whole name), and two names that share the kept prefix differ.
    expect(pgName(long)).toBe(`${long.slice(0, 54)}_${createHash('sha256').update(long).digest('hex').slice(0, 8)}`);
    expect(pgName(`${long}y`)).not.toBe(pgName(long));
    expect(pgName('idx_short')).toBe('idx_short');
  });
});
