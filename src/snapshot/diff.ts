import type { Column, EnumType, ForeignKey, Index, Table } from './types.ts';

/** A rename settled by the user (a flag or a prompt), never guessed. */
export type Rename = { kind: 'table'; from: string; to: string } | { kind: 'column'; table: string; from: string; to: string };

/** One schema change. Each kind has an exact inverse, so down is up reversed. */
export type Statement =
  | { kind: 'create_table'; table: Table }
  | { kind: 'drop_table'; table: Table }
  | { kind: 'rename_table'; from: string; to: string }
  /** backfill: SQL that fills the rows a NOT NULL column gets on a table in use (--backfill) */
  | { kind: 'add_column'; table: string; column: Column; backfill?: string }
  | { kind: 'drop_column'; table: string; column: Column }
  | { kind: 'rename_column'; table: string; from: string; to: string }
  | { kind: 'alter_column'; table: string; from: Column; to: Column; backfill?: string }
  | { kind: 'create_index'; table: string; index: Index }
  | { kind: 'drop_index'; table: string; index: Index }
  | { kind: 'rename_index'; from: string; to: string }
  | { kind: 'add_fk'; table: string; fk: ForeignKey }
  | { kind: 'drop_fk'; table: string; fk: ForeignKey }
  | { kind: 'rename_fk'; table: string; from: string; to: string }
  | { kind: 'create_enum'; type: EnumType }
  | { kind: 'drop_enum'; type: EnumType }
  | { kind: 'rename_enum'; from: string; to: string }
  /** column: as it is after (its default is restored after a rebuild); previous: as it was before */
  | { kind: 'alter_enum'; table: string; column: Column; previous: Column; from: EnumType; to: EnumType }
  /** SQL the snapshot does not model (triggers, functions), with its exact undo. */
  | { kind: 'raw'; what: string; up: string[]; down: string[] };

/** The statement that undoes a statement. */
export function inverse(s: Statement): Statement {
  switch (s.kind) {
    case 'create_table':
      return { kind: 'drop_table', table: s.table };
    case 'drop_table':
      return { kind: 'create_table', table: s.table };
    case 'rename_table':
      return { kind: 'rename_table', from: s.to, to: s.from };
    case 'add_column':
      return { kind: 'drop_column', table: s.table, column: s.column };
    case 'drop_column':
      return { kind: 'add_column', table: s.table, column: s.column };
    case 'rename_column':
      return { kind: 'rename_column', table: s.table, from: s.to, to: s.from };
    case 'alter_column':
      return { kind: 'alter_column', table: s.table, from: s.to, to: s.from };
    case 'create_index':
      return { kind: 'drop_index', table: s.table, index: s.index };
    case 'drop_index':
      return { kind: 'create_index', table: s.table, index: s.index };
    case 'rename_index':
      return { kind: 'rename_index', from: s.to, to: s.from };
    case 'add_fk':
      return { kind: 'drop_fk', table: s.table, fk: s.fk };
    case 'drop_fk':
      return { kind: 'add_fk', table: s.table, fk: s.fk };
    case 'rename_fk':
      return { kind: 'rename_fk', table: s.table, from: s.to, to: s.from };
    case 'create_enum':
      return { kind: 'drop_enum', type: s.type };
    case 'drop_enum':
      return { kind: 'create_enum', type: s.type };
    case 'rename_enum':
      return { kind: 'rename_enum', from: s.to, to: s.from };
    case 'alter_enum':
      return { kind: 'alter_enum', table: s.table, column: s.previous, previous: s.column, from: s.to, to: s.from };
    case 'raw':
      return { kind: 'raw', what: `undo: ${s.what}`, up: s.down, down: s.up };
  }
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const byName = <T extends { name: string }>(xs: T[]): Map<string, T> => new Map(xs.map((x) => [x.name, x]));

/** Tables ordered so that every table comes after the tables it references. */
export function dependencyOrder(tables: Table[]): Table[] {
  const names = new Set(tables.map((t) => t.name));
  const done = new Set<string>();
  const out: Table[] = [];
  const visit = (t: Table, path: Set<string>): void => {
    if (done.has(t.name) || path.has(t.name)) return;
    path.add(t.name);
    for (const fk of t.foreignKeys) {
      const dep = tables.find((x) => x.name === fk.table);
      if (dep && names.has(dep.name)) visit(dep, path);
    }
    done.add(t.name);
    out.push(t);
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(t, new Set());
  return out;
}

/** Applies renames to a copy of the old tables, so the diff compares like with like. */
function applyRenames(tables: Table[], renames: Rename[]): Table[] {
  const out = clone(tables);
  for (const r of renames) {
    if (r.kind === 'table') {
      for (const t of out) {
        if (t.name === r.from) t.name = r.to;
        for (const fk of t.foreignKeys) if (fk.table === r.from) fk.table = r.to;
      }
    } else {
      const t = out.find((x) => x.name === r.table);
      if (!t) continue;
      for (const c of t.columns) if (c.name === r.from) c.name = r.to;
      for (const i of t.indexes) i.columns = i.columns.map((c) => (c === r.from ? r.to : c));
      for (const fk of t.foreignKeys) if (fk.column === r.from) fk.column = r.to;
    }
  }
  return out;
}

const indexShape = (i: Index): string => JSON.stringify([i.columns, i.unique, i.where ?? null, i.lower ?? false]);
const fkShape = (f: ForeignKey): string => JSON.stringify([f.column, f.table, f.onDelete]);

/** The statements that turn the old tables into the new ones, in an order PostgreSQL accepts. */
export function diff(before: Table[], after: Table[], renames: Rename[] = []): Statement[] {
  const renamed = applyRenames(before, renames);
  const old = byName(renamed);
  const now = byName(after);
  const phases: Record<string, Statement[]> = {};
  const push = (phase: string, s: Statement): void => {
    phases[phase] ??= [];
    phases[phase].push(s);
  };

  for (const r of renames) {
    if (r.kind === 'table') push('0 rename', { kind: 'rename_table', from: r.from, to: r.to });
    else push('0 rename', { kind: 'rename_column', table: r.table, from: r.from, to: r.to });
  }

  const created = dependencyOrder(after.filter((t) => !old.has(t.name)));
  for (const t of created) {
    for (const e of t.enums) push('1 enum', { kind: 'create_enum', type: e });
    push('2 table', { kind: 'create_table', table: { ...t, indexes: [] } });
    for (const i of t.indexes) push('2 table', { kind: 'create_index', table: t.name, index: i });
  }

  for (const next of after) {
    const prev = old.get(next.name);
    if (!prev) continue;
    const t = next.name;
    // Object renames that follow from table or column renames (same definition, new name).
    const prevIdx = [...prev.indexes];
    for (const i of next.indexes) {
      const match = prevIdx.find((p) => p.name !== i.name && indexShape(p) === indexShape(i) && !next.indexes.some((n) => n.name === p.name));
      if (match && !prev.indexes.some((p) => p.name === i.name)) {
        push('0 rename', { kind: 'rename_index', from: match.name, to: i.name });
        match.name = i.name;
      }
    }
    for (const fk of next.foreignKeys) {
      const match = prev.foreignKeys.find((p) => p.name !== fk.name && fkShape(p) === fkShape(fk) && !next.foreignKeys.some((n) => n.name === p.name));
      if (match && !prev.foreignKeys.some((p) => p.name === fk.name)) {
        push('0 rename', { kind: 'rename_fk', table: t, from: match.name, to: fk.name });
        match.name = fk.name;
      }
    }
    for (const e of next.enums) {
      const usedBy = next.columns.find((c) => c.type === `"${e.name}"`);
      const prevCol = usedBy && prev.columns.find((c) => c.name === usedBy.name);
      const prevEnum = prevCol && prev.enums.find((p) => `"${p.name}"` === prevCol.type);
      if (prevEnum && prevEnum.name !== e.name && !prev.enums.some((p) => p.name === e.name)) {
        push('0 rename', { kind: 'rename_enum', from: prevEnum.name, to: e.name });
        prevCol.type = `"${e.name}"`;
        prevEnum.name = e.name;
      }
    }

    const prevIndexes = byName(prev.indexes);
    const nextIndexes = byName(next.indexes);
    for (const i of prev.indexes) {
      const n = nextIndexes.get(i.name);
      if (!n || !same(n, i)) push('4 drop index', { kind: 'drop_index', table: t, index: i });
    }
    const prevFks = byName(prev.foreignKeys);
    const nextFks = byName(next.foreignKeys);
    for (const fk of prev.foreignKeys) {
      const n = nextFks.get(fk.name);
      if (!n || !same(n, fk)) push('3 drop fk', { kind: 'drop_fk', table: t, fk });
    }
    const prevEnums = byName(prev.enums);
    for (const e of next.enums) if (!prevEnums.has(e.name)) push('1 enum', { kind: 'create_enum', type: e });

    const prevCols = byName(prev.columns);
    const nextCols = byName(next.columns);
    for (const c of next.columns) {
      const p = prevCols.get(c.name);
      if (!p) {
        push('5 add column', { kind: 'add_column', table: t, column: c });
        continue;
      }
      const pe = prevEnums.get(c.type.replace(/"/g, ''));
      const ne = next.enums.find((e) => `"${e.name}"` === c.type);
      if (pe && ne && p.type === c.type && !same(pe.values, ne.values)) {
        push('6 alter', { kind: 'alter_enum', table: t, column: c, previous: p, from: pe, to: ne });
      }
      if (!same({ ...p, primaryKey: undefined }, { ...c, primaryKey: undefined })) push('6 alter', { kind: 'alter_column', table: t, from: p, to: c });
    }
    for (const c of prev.columns) if (!nextCols.has(c.name)) push('7 drop column', { kind: 'drop_column', table: t, column: c });
    for (const i of next.indexes) {
      const p = prevIndexes.get(i.name);
      if (!p || !same(p, i)) push('8 create index', { kind: 'create_index', table: t, index: i });
    }
    for (const fk of next.foreignKeys) {
      const p = prevFks.get(fk.name);
      if (!p || !same(p, fk)) push('9 add fk', { kind: 'add_fk', table: t, fk });
    }
    const nextEnums = byName(next.enums);
    for (const e of prev.enums) if (!nextEnums.has(e.name)) push('b drop enum', { kind: 'drop_enum', type: e });
  }

  const dropped = dependencyOrder(renamed.filter((t) => !now.has(t.name))).reverse();
  for (const t of dropped) {
    // Foreign keys of dropped tables go first, so that tables referring to each other drop in any order.
    for (const i of t.indexes) push('a drop table', { kind: 'drop_index', table: t.name, index: i });
    push('a drop table', { kind: 'drop_table', table: { ...t, indexes: [] } });
    for (const e of t.enums) push('b drop enum', { kind: 'drop_enum', type: e });
  }

  return Object.keys(phases)
    .sort()
    .flatMap((k) => phases[k] ?? []);
}
