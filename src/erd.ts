import type { Column, ForeignKey, Snapshot, Table } from './snapshot/types.ts';

/** Where a project's ER diagram lives; every change of the schema snapshot rewrites it. */
export const ERD_FILE = 'docs/erd.md';

/** The diagram formats `strata erd` writes. */
export const ERD_FORMATS = ['mermaid', 'dot'] as const;
export type ErdFormat = (typeof ERD_FORMATS)[number];

const SHORT_TYPES: Record<string, string> = {
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  'double precision': 'float8',
};

/** A column's SQL type as one token (Mermaid's attribute types take no spaces or quotes). */
function typeToken(column: Column): string {
  const type = column.type.replace(/"/g, '');
  return (SHORT_TYPES[type] ?? type).replace(/\s+/g, '_');
}

/** PK, FK and UK markers of a column (UK: a unique index on it alone). */
function keysOf(table: Table, column: Column): string[] {
  const keys: string[] = [];
  if (column.primaryKey) keys.push('PK');
  if (table.foreignKeys.some((fk) => fk.column === column.name)) keys.push('FK');
  if (table.indexes.some((i) => i.unique && i.columns.length === 1 && i.columns[0] === column.name)) keys.push('UK');
  return keys;
}

/** What else a reader needs: an enum's values, nullable, the default. Mermaid comments hold no double quote. */
function noteOf(table: Table, column: Column): string {
  const values = table.enums.find((e) => column.type.replace(/"/g, '') === e.name)?.values;
  const parts = [
    ...(values ? [`one of ${values.join(' | ')}`] : []),
    ...(column.nullable ? ['nullable'] : []),
    ...(column.default !== null ? [`default ${column.default}`] : []),
  ];
  return parts.join(', ').replace(/"/g, "'");
}

/** The child's side of a relation: at most one row per parent when its key is unique. */
function childIsUnique(table: Table, fk: ForeignKey): boolean {
  return table.indexes.some((i) => i.unique && i.columns.length === 1 && i.columns[0] === fk.column);
}

const nullableKey = (table: Table, fk: ForeignKey): boolean => table.columns.find((c) => c.name === fk.column)?.nullable ?? false;

/** A Mermaid `erDiagram` of the snapshot: tables, typed columns with keys, relations with cardinality and ON DELETE. */
export function mermaidErd(snapshot: Snapshot): string {
  const lines = ['erDiagram'];
  for (const table of snapshot.tables) {
    lines.push(`  ${table.name} {`);
    for (const column of table.columns) {
      const keys = keysOf(table, column);
      const note = noteOf(table, column);
      lines.push(`    ${typeToken(column)} ${column.name}${keys.length ? ` ${keys.join(', ')}` : ''}${note ? ` "${note}"` : ''}`);
    }
    lines.push('  }');
  }
  for (const table of snapshot.tables) {
    for (const fk of table.foreignKeys) {
      const parent = nullableKey(table, fk) ? '|o' : '||';
      const child = childIsUnique(table, fk) ? 'o|' : 'o{';
      lines.push(`  ${fk.table} ${parent}--${child} ${table.name} : "${fk.column} ON DELETE ${fk.onDelete}"`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const html = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The same diagram for Graphviz: one record-like table per node, an edge per foreign key. */
export function dotErd(snapshot: Snapshot): string {
  const lines = ['digraph erd {', '  rankdir=LR;', '  node [shape=plaintext, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const table of snapshot.tables) {
    const rows = table.columns.map((column) => {
      const keys = keysOf(table, column);
      const note = noteOf(table, column);
      const text = `${column.name} ${typeToken(column)}${keys.length ? ` ${keys.join(',')}` : ''}${note ? ` (${note})` : ''}`;
      return `<tr><td align="left" port="${column.name}">${html(text)}</td></tr>`;
    });
    lines.push(
      `  "${table.name}" [label=<<table border="0" cellborder="1" cellspacing="0"><tr><td bgcolor="lightgrey"><b>${html(table.name)}</b></td></tr>${rows.join('')}</table>>];`,
    );
  }
  for (const table of snapshot.tables) {
    for (const fk of table.foreignKeys) {
      const many = childIsUnique(table, fk) ? '0..1' : '0..*';
      const one = nullableKey(table, fk) ? '0..1' : '1';
      lines.push(
        `  "${table.name}":"${fk.column}" -> "${fk.table}":"id" [label="${fk.column}\\nON DELETE ${fk.onDelete}", taillabel="${many}", headlabel="${one}"];`,
      );
    }
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

const ERD_HEADER = '# Entity-relationship diagram\n\nWritten by strata from';

/** Whether a docs/erd.md is strata's (rewritten with the schema) rather than a page of the user's. */
export const isStrataErd = (text: string | null): boolean => text === null || text.startsWith(ERD_HEADER);

/** docs/erd.md: the Mermaid diagram in a page that GitHub and most editors render. */
export function erdDocument(snapshot: Snapshot): string {
  return `${ERD_HEADER} \`src/db/migrations/snapshot.json\` each time the schema changes (and by
\`strata erd\`); edits here are overwritten. \`strata erd --format dot\` gives it for Graphviz.

\`\`\`mermaid
${mermaidErd(snapshot)}\`\`\`
`;
}
