import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_TYPES, type Field } from '../../src/field-types.ts';
import { parseField } from '../../src/fields.ts';
import { names } from '../../src/names.ts';
import { diff } from '../../src/snapshot/diff.ts';
import { readModels } from '../../src/snapshot/read-models.ts';
import { readSnapshot } from '../../src/snapshot/store.ts';
import { Tree } from '../../src/tree.ts';
import { recordOfSql, SQL_OF_DATA_TYPE, TYPES } from '../../src/type-registry.ts';
import { EVERY_TYPE as SPECS, strata, tempDir } from '../helpers.ts';

describe('the type registry', () => {
  it('has a record and a spec here for every field type', () => {
    expect(Object.keys(TYPES).sort()).toEqual([...FIELD_TYPES].sort());
    expect(Object.keys(SPECS).sort()).toEqual([...FIELD_TYPES].sort());
  });

  it.each(FIELD_TYPES)('%s: its SQL reads back to a record of the same kind, and its DataType to the same SQL', (type) => {
    for (const raw of SPECS[type]) {
      const f: Field = parseField(raw);
      const record = TYPES[f.type];
      const sql = record.sql(f, 'things');
      expect(record.sqlPattern.test(sql), `${raw}: ${sql}`).toBe(true);
      expect(recordOfSql(sql).jsonKind).toBe(record.jsonKind);
      expect(recordOfSql(sql).rowType).toBe(record.rowType);
      const simple = SQL_OF_DATA_TYPE[record.dataTypeName];
      if (!record.dataType(f).includes('(')) expect(simple, raw).toBe(sql);
      expect(record.dataType(f)).toMatch(new RegExp(`^DataType\\.${record.dataTypeName}\\b`));
    }
  });

  describe('spec → rendered model → read back equals the table the snapshot records', () => {
    let root: { dir: string; cleanup: () => void };
    let project: string;
    beforeAll(async () => {
      root = tempDir();
      project = `${root.dir}/app`;
      expect((await strata(['new', 'app', '--no-install'], root.dir)).code).toBe(0);
      expect((await strata(['g', 'model', 'Owner', 'name:string'], project)).code).toBe(0);
    });
    afterAll(() => root.cleanup());

    it.each(FIELD_TYPES)('%s', async (type) => {
      const model = `Every${type[0]!.toUpperCase()}${type.slice(1)}`;
      const result = await strata(['g', 'model', model, ...SPECS[type], ...(type === 'date' ? ['--soft-delete'] : [])], project);
      expect(result.code, result.err).toBe(0);
      const tree = new Tree(project);
      const snapshot = readSnapshot(tree).tables;
      const models = readModels(tree);
      const table = snapshot.find((t) => t.name === names(model).tableName);
      expect(table, `${names(model).tableName} in the snapshot`).toBeDefined();
      expect(models.find((t) => t.name === table!.name)).toEqual(table);
      expect(diff(snapshot, models)).toEqual([]);
    });
  });
});
