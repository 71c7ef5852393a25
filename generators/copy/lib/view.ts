import { recordOfColumn, rowView, type Entity } from '../../../src/entity.ts';
import { isSecretColumn, secretCheck } from '../../../src/field-types.ts';
import { recordOfSql, TYPES } from '../../../src/type-registry.ts';

/** A column that holds text: a string or text field, by the type registry. */
const isText = (sql: string): boolean => [TYPES.string, TYPES.text].includes(recordOfSql(sql));

/** A text cell a spreadsheet would run as a formula gets a leading ' on export (OWASP's advice on CSV injection). */
function formulaSafe(column: string): string {
  return `CASE WHEN "${column}" ~ '^[-=+@\\\\t\\\\r]' THEN '''' || "${column}" ELSE "${column}" END AS "${column}"`;
}

/** A visible text column a test can fill with a formula (at least 30 characters long). */
function formulaColumnOf(entity: Entity): { attr: string; max: number } | undefined {
  const column = entity.columns.find((c) => c.visible && !c.foreignKey && isText(c.type));
  if (!column) return undefined;
  const max = Number(/\((\d+)\)/.exec(column.type)?.[1] ?? 1000);
  return max >= 30 ? { attr: column.attr, max } : undefined;
}

/** Everything the COPY templates print. */
export function copyView(entity: Entity) {
  const base = rowView(entity);
  return {
    ...base,
    columns: base.columns.map((c, i) => {
      const col = entity.columns[i]!;
      const check = isSecretColumn(col.name) ? { check: secretCheck(col.name) } : {};
      return { ...c, type: col.type, required: !col.nullable && col.default === null, kind: recordOfColumn(col).jsonKind, ...check };
    }),
    exportColumns: ['id', ...entity.columns.filter((c) => c.visible).map((c) => c.name), 'created_at', 'updated_at'].map((name) => {
      const col = entity.columns.find((c) => c.name === name);
      return { name, select: col && isText(col.type) ? formulaSafe(name) : `"${name}"` };
    }),
    hiddenColumns: entity.columns.filter((c) => !c.visible).map((c) => c.name),
    softDelete: entity.softDelete,
    formulaColumn: formulaColumnOf(entity),
  };
}
