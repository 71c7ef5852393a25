// Regenerating over a project the user edited: every file strata emits has a baseline in
// .strata/baseline/, and a second run merges 3-way against it (node-diff3).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baselineOf } from '../../src/baseline.ts';
import { hashTree, logActions, strata, tempDir } from '../helpers.ts';

let root: { dir: string; cleanup: () => void };
let project: string;
const FIELDS = ['name:string{120}:unique', 'price:decimal{10,2}'];
const product = (...more: string[]) => ['generate', 'model', 'Product', ...FIELDS, ...more];
const read = (file: string) => readFileSync(path.join(project, file), 'utf8');
const write = (file: string, text: string) => writeFileSync(path.join(project, file), text);
const actions = logActions;

beforeAll(async () => {
  root = tempDir();
  project = path.join(root.dir, 'shop');
  expect((await strata(['new', 'shop', '--no-install'], root.dir)).code).toBe(0);
});
afterAll(() => root.cleanup());

describe('baseline and 3-way merge', () => {
  it('records the exact bytes of every file a generator creates', async () => {
    const { code, out } = await strata(product(), project);
    expect(code).toBe(0);
    // The schema snapshot and .strata/app.yaml are strata's own state, rewritten whole through the tree, never merged.
    const created = [...actions(out)]
      .filter(([file, action]) => action === 'create' && !file.endsWith('snapshot.json') && !file.startsWith('.strata/'))
      .map(([file]) => file);
    expect(created.length).toBeGreaterThan(5);
    for (const file of created) expect(read(baselineOf(file)), file).toBe(read(file));
  });

  it('re-running the same command is identical everywhere', async () => {
    const before = hashTree(project);
    const { code, out } = await strata(product(), project);
    expect(code).toBe(0);
    expect(new Set(actions(out).values())).toEqual(new Set(['identical']));
    expect(hashTree(project)).toBe(before);
  });

  it('keeps edits in a service method, a route handler and a test when a field is added', async () => {
    const service = read('src/services/product-service.ts');
    const end = service.lastIndexOf('}');
    write(
      'src/services/product-service.ts',
      `${service.slice(0, end)}\n  /** A rule of the user's. */\n  isExpensive(price: number): boolean {\n    return price > 1000;\n  }\n${service.slice(end)}`,
    );
    const handler = 'async (request) => service.update(request.params.id, request.body),';
    expect(read('src/routes/products.ts')).toContain(handler);
    write(
      'src/routes/products.ts',
      read('src/routes/products.ts').replace(
        handler,
        "async (request) => {\n      request.log.info('updating a product');\n      return service.update(request.params.id, request.body);\n    },",
      ),
    );
    const test = read('test/products.test.ts');
    const last = test.lastIndexOf('});');
    write('test/products.test.ts', `${test.slice(0, last)}  it('is a test of the user', () => {\n    expect(1).toBe(1);\n  });\n${test.slice(last)}`);

    // A password field changes the service, the routes and the test; the table gets a migration of its own.
    const { code, out } = await strata(product('secret:password:optional'), project);
    expect(code, out.join('\n')).toBe(0);
    const done = actions(out);
    const alter = [...done].find(([file, action]) => action === 'create' && /migrations\/\d+_alter_products\.ts$/.test(file));
    expect(alter, out.join('\n')).toBeDefined();
    expect(read(alter![0])).toContain('ALTER TABLE "products" ADD COLUMN "hashed_secret"');
    // The create migration, which may have run, is not touched.
    expect([...done].some(([file]) => file.includes('_create_products'))).toBe(false);
    for (const file of ['src/services/product-service.ts', 'src/routes/products.ts', 'test/products.test.ts']) expect(done.get(file), file).toBe('merge');
    expect(read('src/services/product-service.ts')).toContain('isExpensive(price: number)');
    expect(read('src/services/product-service.ts')).toContain('this.secrets.hash(secret)');
    expect(read('src/routes/products.ts')).toContain("request.log.info('updating a product');");
    expect(read('src/routes/products.ts')).toContain('secret');
    expect(read('test/products.test.ts')).toContain("it('is a test of the user'");
    // The baseline is strata's new output, not the merge.
    expect(read(baselineOf('src/services/product-service.ts'))).not.toContain('isExpensive');

    const again = await strata(product('secret:password:optional'), project);
    expect(new Set(actions(again.out).values())).toEqual(new Set(['identical']));
  });

  it('a field removed by regenerating would lose data: exit 2 and nothing written, unless --allow-destructive', async () => {
    const before = hashTree(project);
    const { code, err } = await strata(['generate', 'model', 'Product', 'name:string{120}:unique', 'secret:password:optional'], project);
    expect(code).toBe(2);
    expect(err).toContain('STRATA_DESTRUCTIVE');
    expect(err).toContain('products.price');
    expect(hashTree(project)).toBe(before);
  });

  it('an edit of the lines strata changes is a conflict with its hunks shown, and nothing is written', async () => {
    const routes = read('src/routes/products.ts');
    const sortable = /^const SORTABLE = \[.*\];$/m.exec(routes)![0];
    write('src/routes/products.ts', routes.replace(sortable, sortable.replace('];', ", 'custom'];")));
    const before = hashTree(project);
    const { code, out, err } = await strata(product('secret:password:optional', 'stock:integer=0'), project);
    expect(code).toBe(1);
    expect(err).toContain('STRATA_CONFLICT');
    expect(actions(out).get('src/routes/products.ts')).toBe('conflict');
    const shown = out.join('\n');
    expect(shown).toContain('<<<<<<< yours');
    expect(shown).toContain('>>>>>>> strata');
    expect(shown).toContain("'custom'");
    expect(hashTree(project)).toBe(before);
  });

  it('--conflict=markers writes the merge with conflict markers and exits 1; once resolved, the next run is identical', async () => {
    const before = hashTree(project);
    const dry = await strata([...product('secret:password:optional', 'stock:integer=0'), '--conflict=markers', '--dry-run'], project);
    expect(dry.code).toBe(1);
    expect(dry.err).toContain('would be written with conflict markers');
    expect(hashTree(project)).toBe(before);
    const { code, err } = await strata([...product('secret:password:optional', 'stock:integer=0'), '--conflict=markers'], project);
    expect(code).toBe(1);
    expect(err).toContain('written with conflict markers');
    const marked = read('src/routes/products.ts');
    const hunk = /<<<<<<< yours\n(.*)\n=======\n(.*)\n>>>>>>> strata\n/.exec(marked)!;
    expect(hunk[1]).toContain("'custom'");
    expect(hunk[2]).toContain("'stock'");
    write('src/routes/products.ts', marked.replace(hunk[0], `${hunk[2]!.replace('];', ", 'custom'];")}\n`));
    const { code: after, out } = await strata(product('secret:password:optional', 'stock:integer=0'), project);
    expect(after, out.join('\n')).toBe(0);
    expect(new Set(actions(out).values())).toEqual(new Set(['identical']));
    expect(read('src/routes/products.ts')).toContain("'stock', 'createdAt', 'updatedAt', 'custom'];");
  });
});
