import { describe, expect, it } from 'vitest';
import { dependencyOrder, diff, inverse, type Statement } from '../../src/snapshot/diff.ts';
import { dataLoss, migrationSql, narrows } from '../../src/snapshot/sql.ts';
import type { Table } from '../../src/snapshot/types.ts';

const table = (name: string, extra: Partial<Table> = {}): Table => ({
  name,
  columns: [
    { name: 'id', type: 'integer', nullable: false, default: null, primaryKey: true },
    { name: 'title', type: 'varchar(100)', nullable: false, default: null },
  ],
  indexes: [],
  foreignKeys: [],
  enums: [],
  ...extra,
});

describe('diff', () => {
  it('is empty for equal schemas', () => {
    expect(diff([table('a')], [table('a')])).toEqual([]);
  });

  it('creates referenced tables first and drops them last', () => {
    const child = table('child', { foreignKeys: [{ name: 'fk', column: 'parent_id', table: 'parent', onDelete: 'CASCADE' }] });
    const parent = table('parent');
    expect(dependencyOrder([child, parent]).map((t) => t.name)).toEqual(['parent', 'child']);
    const up = diff([], [child, parent]).filter((s) => s.kind === 'create_table');
    expect(up.map((s) => (s as { table: Table }).table.name)).toEqual(['parent', 'child']);
    const down = diff([child, parent], []).filter((s) => s.kind === 'drop_table');
    expect(down.map((s) => (s as { table: Table }).table.name)).toEqual(['child', 'parent']);
  });

  it('never guesses a rename: a renamed column is a drop and an add unless told', () => {
    const after = table('a', { columns: [table('a').columns[0]!, { name: 'heading', type: 'varchar(100)', nullable: false, default: null }] });
    expect(
      diff([table('a')], [after])
        .map((s) => s.kind)
        .sort(),
    ).toEqual(['add_column', 'drop_column']);
    expect(diff([table('a')], [after], [{ kind: 'column', table: 'a', from: 'title', to: 'heading' }]).map((s) => s.kind)).toEqual(['rename_column']);
  });

  it('down is up undone in reverse, statement by statement', () => {
    const before = [table('a', { indexes: [{ name: 'i', columns: ['title'], unique: false }] })];
    const after = [table('a', { columns: [...table('a').columns, { name: 'n', type: 'integer', nullable: true, default: null }] }), table('b')];
    const statements = diff(before, after);
    const back = [...statements].reverse().map(inverse);
    // Up's statements carry squawk's annotations (what it cannot judge); down's do not.
    const bare = (sql: string[]) => sql.map((x) => x.replace(/^-- squawk-ignore .*\n/gm, ''));
    expect(bare(migrationSql(back).up)).toEqual(migrationSql(statements).down);
    expect(back.map(inverse).reverse()).toEqual(statements);
  });
});

describe('data loss', () => {
  it('knows narrowing from widening', () => {
    expect(narrows('varchar(100)', 'varchar(200)')).toBe(false);
    expect(narrows('varchar(200)', 'varchar(100)')).toBe(true);
    expect(narrows('varchar(20)', 'text')).toBe(false);
    expect(narrows('text', 'varchar(20)')).toBe(true);
    expect(narrows('integer', 'bigint')).toBe(false);
    expect(narrows('bigint', 'integer')).toBe(true);
    expect(narrows('numeric(10,2)', 'numeric(12,2)')).toBe(false);
    expect(narrows('numeric(10,2)', 'numeric(10,1)')).toBe(true);
  });

  it('names what each destructive statement loses', () => {
    const col = { name: 'c', type: 'integer', nullable: false, default: null };
    const cases: Array<[Statement, RegExp]> = [
      [{ kind: 'drop_table', table: table('a') }, /drops table a/],
      [{ kind: 'drop_column', table: 'a', column: col }, /drops column a.c/],
      [{ kind: 'add_column', table: 'a', column: col }, /NOT NULL without a default/],
      [{ kind: 'alter_column', table: 'a', from: { ...col, nullable: true }, to: col }, /NOT NULL without a default/],
    ];
    for (const [s, re] of cases) expect(dataLoss(s).join(' ')).toMatch(re);
    expect(dataLoss({ kind: 'add_column', table: 'a', column: { ...col, default: '0' } })).toEqual([]);
  });
});
