// What strata generated is recorded in .strata/app.yaml: `generate field` adds to it, a
// regenerated model keeps its raw layers current, and `upgrade` re-renders the whole project
// from it with the current templates, merged 3-way with the user's edits.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { baselineOf } from '../../src/baseline.ts';
import { clockedStrata, hashTree, logActions, strata, tempDir } from '../helpers.ts';

let root: { dir: string; cleanup: () => void };
let project: string;
const read = (file: string) => readFileSync(path.join(project, file), 'utf8');
const write = (file: string, text: string) => writeFileSync(path.join(project, file), text);
const actions = logActions;
/** strata with a clock one second later each call, so migration names are new and stable. */
const run = clockedStrata('2026-03-01T00:00:00Z', () => project);
const spec = () => parse(read('.strata/app.yaml')) as { entities: Record<string, Record<string, unknown>>; relations?: object; queries?: object };

beforeAll(async () => {
  root = tempDir();
  project = path.join(root.dir, 'shop');
  expect((await strata(['new', 'shop', '--no-install'], root.dir)).code).toBe(0);
  for (const argv of [
    ['generate', 'model', 'User', 'email:string:unique', 'name:string{80}'],
    ['generate', 'model', 'Product', 'name:string{120}:unique', 'price:decimal{10,2}', 'owner:references{User}:cascade', '--index', 'name,price'],
    ['generate', 'model', 'Tag', 'label:string{40}:unique'],
    ['generate', 'bulk', 'Product'],
    ['generate', 'bulk-update', 'Product', 'clear-price', '--set', 'price=0'],
    ['generate', 'relation', 'Product', 'tags', '--many-to-many', 'Tag'],
    [
      'generate',
      'query',
      'top_products',
      '--sql',
      'SELECT id, name FROM products ORDER BY price DESC LIMIT $1',
      '--param',
      'limit:integer',
      '--column',
      'id:bigint',
      '--column',
      'name:string',
      '--route',
      'GET /analytics/top-products',
    ],
  ]) {
    const { code, err } = await run(argv);
    expect(code, `${argv.join(' ')}: ${err}`).toBe(0);
  }
});
afterAll(() => root.cleanup());

describe('.strata/app.yaml records what was generated', () => {
  it('holds each entity with its fields, indexes and raw layers, the relation and the query with its types', () => {
    const { entities, relations, queries } = spec();
    expect(Object.keys(entities)).toEqual(['User', 'Product', 'Tag']);
    expect(entities.Product).toEqual({
      fields: { name: 'string{120}:unique', price: 'decimal{10,2}', owner: 'references{User}:cascade' },
      indexes: ['name,price'],
      bulk: true,
      bulkUpdates: { 'clear-price': 'price=0' },
    });
    expect(relations).toEqual({ 'Product.tags': { manyToMany: 'Tag' } });
    expect(queries).toEqual({
      top_products: {
        sql: 'SELECT id, name FROM products ORDER BY price DESC LIMIT $1',
        params: ['limit:integer'],
        columns: ['id:bigint', 'name:string'],
        route: 'GET /analytics/top-products',
      },
    });
    // The join model of the relation is the relation's, not an entity of its own.
    expect(entities.ProductTag).toBeUndefined();
  });
});

describe('strata generate field', () => {
  it('adds a field through every layer, merged with edits, with an alter migration, and keeps the raw layers current', async () => {
    const service = read('src/services/product-service.ts');
    const end = service.lastIndexOf('}');
    write(
      'src/services/product-service.ts',
      `${service.slice(0, end)}\n  /** The user's own rule. */\n  isCheap(price: number): boolean {\n    return price < 1;\n  }\n${service.slice(end)}`,
    );
    write('src/routes/products.ts', `// Reviewed by the user.\n${read('src/routes/products.ts')}`);
    const before = read('src/db/queries/product-bulk.ts');
    const { code, out, err } = await run(['generate', 'field', 'Product', 'sku:string{40}:unique:optional']);
    expect(code, err).toBe(0);
    const done = actions(out);
    const alter = [...done.keys()].find((file) => /_alter_products\.ts$/.test(file));
    expect(read(alter!)).toContain('ADD COLUMN "sku" varchar(40)');
    // The routes change with every field: merged with the user's line. The service does not: it stays the user's.
    expect(done.get('src/routes/products.ts')).toBe('merge');
    expect(read('src/routes/products.ts')).toMatch(/^\/\/ Reviewed by the user\.\n[\s\S]*sku/);
    expect(done.get('src/services/product-service.ts')).toBe('identical');
    expect(read('src/services/product-service.ts')).toContain('isCheap(price: number)');
    for (const file of ['src/db/models/product.ts', 'src/routes/products.ts', 'test/factories/product.ts']) expect(read(file), file).toContain('sku');
    // The bulk insert lists the columns it writes: it was rendered again with the new one.
    expect(done.get('src/db/queries/product-bulk.ts')).toBe('update');
    expect(before).not.toContain('"sku"');
    expect(read('src/db/queries/product-bulk.ts')).toContain('sku');
    expect(spec().entities.Product!.fields).toMatchObject({ sku: 'string{40}:unique:optional' });
    // The many-to-many the relation generator added to the model is carried over.
    expect(read('src/db/models/product.ts')).toContain('@BelongsToMany(() => Tag');
  });

  it('the whole list through generate model is then identical everywhere', async () => {
    const before = hashTree(project);
    const { code, out } = await run([
      'generate',
      'model',
      'Product',
      'name:string{120}:unique',
      'price:decimal{10,2}',
      'owner:references{User}:cascade',
      'sku:string{40}:unique:optional',
      '--index',
      'name,price',
    ]);
    expect(code).toBe(0);
    expect(new Set(actions(out).values())).toEqual(new Set(['identical']));
    expect(hashTree(project)).toBe(before);
  });

  it('a field the model has, a model strata did not record, or no field: one line, exit 2, nothing written', async () => {
    const before = hashTree(project);
    for (const [argv, code, text] of [
      [['generate', 'field', 'Product', 'sku:text'], 'STRATA_FIELD_DUPLICATE', 'Product already has a field "sku"'],
      [['generate', 'field', 'Product', 'SKU_2:strin'], 'STRATA_FIELD_TYPE', 'unknown type "strin"'],
      [['generate', 'field', 'Order', 'total:integer'], 'STRATA_APP_SPEC', 'model "Order" is not in .strata/app.yaml (it has User, Product, Tag)'],
    ] as const) {
      const r = await run([...argv]);
      expect(r.code, r.err).toBe(2);
      expect(r.err.trim().split('\n')).toEqual([expect.stringContaining(text)]);
      expect(r.err).toContain(`[${code}]`);
    }
    expect((await run(['generate', 'field', 'Product'])).code).toBe(2);
    expect(hashTree(project)).toBe(before);
  });

  it('a NOT NULL field without a default is refused on a table that exists, unless --allow-destructive', async () => {
    const before = hashTree(project);
    const r = await run(['generate', 'field', 'Tag', 'weight:integer']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('STRATA_DESTRUCTIVE');
    expect(hashTree(project)).toBe(before);
  });
});

describe('--notify on a model that exists', () => {
  it('added: a trigger migration and the typed listener; kept when not given; dropped with --no-notify: a migration that drops it, the listener and its test removed', async () => {
    const added = await run(['generate', 'model', 'Tag', 'label:string{40}:unique', '--notify']);
    expect(added.code, added.err).toBe(0);
    const up = [...actions(added.out).keys()].find((file) => /_alter_tags\.ts$/.test(file))!;
    expect(read(up)).toContain('CREATE TRIGGER "tags_notify"');
    expect(existsSync(path.join(project, 'test/notify/tags-changes.test.ts'))).toBe(true);

    // Regenerated without the flag, it keeps --notify (as it keeps bulk and COPY).
    const kept = await run(['generate', 'model', 'Tag', 'label:string{40}:unique']);
    expect(new Set(actions(kept.out).values())).toEqual(new Set(['identical']));

    write('test/notify/tags-changes.test.ts', `${read('test/notify/tags-changes.test.ts')}// the user's line\n`);
    const before = hashTree(project);
    const refused = await run(['generate', 'model', 'Tag', 'label:string{40}:unique', '--no-notify']);
    expect(refused.code).toBe(1);
    expect(actions(refused.out).get('test/notify/tags-changes.test.ts')).toBe('conflict');
    expect(hashTree(project)).toBe(before);

    const dropped = await run(['generate', 'model', 'Tag', 'label:string{40}:unique', '--no-notify', '--force']);
    expect(dropped.code, dropped.err).toBe(0);
    const down = [...actions(dropped.out).keys()].find((file) => /_alter_tags\.ts$/.test(file))!;
    expect(read(down)).toMatch(/up: Migration[\s\S]*DROP TRIGGER "tags_notify"/);
    // The shared listener goes too: no other model notifies.
    for (const file of ['test/notify/tags-changes.test.ts', 'src/db/queries/tag-changes.ts', 'src/db/listener.ts']) {
      expect(actions(dropped.out).get(file)).toBe('delete');
      expect(existsSync(path.join(project, file)), file).toBe(false);
      expect(existsSync(path.join(project, baselineOf(file))), file).toBe(false);
    }
    // No empty folder is left behind.
    expect(existsSync(path.join(project, 'test/notify'))).toBe(false);
  });
});

describe('strata upgrade', () => {
  it('with the same templates, every recorded file is identical and nothing changes', async () => {
    const before = hashTree(project);
    const { code, out } = await run(['upgrade']);
    expect(code).toBe(0);
    expect([...actions(out)].filter(([, a]) => a !== 'identical')).toEqual([]);
    expect(out.at(-1)).toMatch(/^upgrade: \d+ identical$/);
    expect(hashTree(project)).toBe(before);
  });

  it("after a template changed, re-renders every file it made and merges the user's edits (dry run first)", async () => {
    const templates = path.join(root.dir, 'templates');
    cpSync(path.resolve(import.meta.dirname, '..', '..', 'templates'), templates, { recursive: true });
    const service = path.join(templates, 'model', 'service.ts.hbs');
    writeFileSync(
      service,
      readFileSync(service, 'utf8').replace(
        "import type { Sequelize } from 'sequelize-typescript';\n",
        "import type { Sequelize } from 'sequelize-typescript';\n// Rendered by the new templates.\n",
      ),
    );
    // A registry's template changes too: the change is merged in, the registrations kept.
    const registry = path.join(templates, 'new', 'src', 'services', 'index.ts.hbs');
    writeFileSync(registry, `// The registry of services.\n${readFileSync(registry, 'utf8')}`);
    // And the model's: User's model, which the user edited, also gets a has-many from Product
    // through the AST in the same run; it is still merged, not overwritten.
    const model = path.join(templates, 'model', 'model.ts.hbs');
    writeFileSync(model, `// A model, by the new templates.\n${readFileSync(model, 'utf8')}`);
    const user = read('src/db/models/user.ts');
    write('src/db/models/user.ts', user.replace(/\n}\n$/, "\n\n  /** The user's own getter. */\n  get label(): string {\n    return this.name;\n  }\n}\n"));
    const before = hashTree(project);
    const dry = await run(['upgrade', '--dry-run'], { STRATA_TEMPLATES: templates });
    expect(dry.code).toBe(0);
    expect(dry.out.at(-1)).toMatch(/^upgrade \(dry run, nothing written\): \d+ identical, 6 update, 2 merge$/);
    expect(hashTree(project)).toBe(before);

    const { code, out } = await run(['upgrade'], { STRATA_TEMPLATES: templates });
    expect(code).toBe(0);
    const done = actions(out);
    // Product's service carries the user's method: merged; the others were as strata wrote them.
    expect(done.get('src/services/product-service.ts')).toBe('merge');
    expect(done.get('src/services/user-service.ts')).toBe('update');
    expect(done.get('src/services/tag-service.ts')).toBe('update');
    expect(read('src/services/product-service.ts')).toContain('// Rendered by the new templates.');
    expect(read('src/services/product-service.ts')).toContain('isCheap(price: number)');
    expect(read(baselineOf('src/services/product-service.ts'))).not.toContain('isCheap');
    expect(out.at(-1)).toMatch(/^upgrade: \d+ identical, 6 update, 2 merge$/);
    expect(done.get('src/db/models/user.ts')).toBe('merge');
    expect(read('src/db/models/user.ts')).toMatch(/^\/\/ A model, by the new templates\.\n[\s\S]*@HasMany\(\(\) => Product[\s\S]*get label\(\): string/);
    expect(read('src/services/index.ts')).toMatch(
      /^\/\/ The registry of services\.\n[\s\S]*products: new ProductService[\s\S]*topProducts: new TopProductsService/,
    );
    const again = await run(['upgrade'], { STRATA_TEMPLATES: templates });
    expect(new Set(actions(again.out).values())).toEqual(new Set(['identical']));
  });

  it("a file the user deleted stays deleted; a registry whose template change overlaps the user's edit is never overwritten, even with --force", async () => {
    rmSync(path.join(project, '.github/workflows/ci.yml'));
    const templates = path.join(root.dir, 'templates-2');
    cpSync(path.resolve(import.meta.dirname, '..', '..', 'templates'), templates, { recursive: true });
    const registry = path.join(templates, 'new', 'src', 'routes', 'index.ts.hbs');
    const line = '/** What every route plugin is given. */';
    writeFileSync(registry, readFileSync(registry, 'utf8').replace(line, '/** What every route plugin gets. */'));
    write('src/routes/index.ts', read('src/routes/index.ts').replace(line, "/** What every route plugin is given (the user's words). */"));
    const before = hashTree(project);
    for (const flags of [[], ['--force']]) {
      const r = await run(['upgrade', ...flags], { STRATA_TEMPLATES: templates });
      expect(r.code, flags.join(' ')).toBe(1);
      expect(r.err).toContain('src/routes/index.ts: the new template changes lines you edited');
      expect(r.err).toContain("<<<<<<< yours\n/** What every route plugin is given (the user's words). */");
      expect(hashTree(project)).toBe(before);
    }
    const plain = await run(['upgrade']);
    expect(plain.code).toBe(0);
    expect(existsSync(path.join(project, '.github/workflows/ci.yml'))).toBe(false);
  });

  it('a .strata/app.yaml broken by hand is one line, exit 2', async () => {
    const good = read('.strata/app.yaml');
    const broken = good.replace('"Tag": {\n      "fields":', '"Tag": {\n      "fieldz":');
    expect(broken).not.toBe(good);
    write('.strata/app.yaml', broken);
    for (const argv of [['upgrade'], ['generate', 'field', 'Tag', 'note:text:optional']]) {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toEqual([expect.stringContaining('.strata/app.yaml: entities.Tag has no fields mapping of name to type')]);
    }
    write('.strata/app.yaml', good);
  });

  it('stops, writing nothing, when .strata/app.yaml and the schema snapshot disagree', async () => {
    write('.strata/app.yaml', read('.strata/app.yaml').replace('"label": "string{40}:unique"', '"label": "string{50}:unique"'));
    const before = hashTree(project);
    const r = await run(['upgrade']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('records Tag other than the schema snapshot has it');
    expect(hashTree(project)).toBe(before);
  });
});

describe('strata upgrade on the sample app', () => {
  it('is identical everywhere: every entity, relation, query, COPY, bulk and notify layer re-renders to its bytes', async () => {
    const copy = tempDir();
    try {
      const sample = path.resolve(import.meta.dirname, '..', '..', 'sample-app');
      cpSync(sample, copy.dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) });
      const before = hashTree(copy.dir);
      const { code, out } = await strata(['upgrade'], copy.dir);
      expect(code).toBe(0);
      expect([...actions(out)].filter(([, a]) => a !== 'identical')).toEqual([]);
      expect(out.at(-1)).toMatch(/^upgrade: \d+ identical$/);
      expect(hashTree(copy.dir)).toBe(before);
    } finally {
      copy.cleanup();
    }
  });
});

describe('a reference dropped by regenerating', () => {
  it('takes the has-many off the parent and deletes its relation test, as generating never happened', async () => {
    const own = tempDir();
    try {
      const shop = path.join(own.dir, 'shop');
      expect((await strata(['new', 'shop', '--no-install'], own.dir)).code).toBe(0);
      const user = ['generate', 'model', 'User', 'email:string:unique'];
      expect((await strata(user, shop)).code).toBe(0);
      const before = readFileSync(path.join(shop, 'src/db/models/user.ts'), 'utf8');
      const at = (iso: string, argv: string[]) => {
        process.env.STRATA_NOW = iso;
        return strata(argv, shop).finally(() => delete process.env.STRATA_NOW);
      };
      expect((await at('2026-07-01T00:00:00Z', ['generate', 'model', 'Review', 'stars:integer', 'author:references{User}:cascade'])).code).toBe(0);
      expect(readFileSync(path.join(shop, 'src/db/models/user.ts'), 'utf8')).toContain('@HasMany(() => Review');
      const r = await at('2026-07-02T00:00:00Z', ['generate', 'model', 'Review', 'stars:integer', '--allow-destructive']);
      expect(r.code, r.err).toBe(0);
      const done = logActions(r.out);
      expect(done.get('test/relations/reviews-author.test.ts')).toBe('delete');
      expect(readFileSync(path.join(shop, 'src/db/models/user.ts'), 'utf8')).toBe(before);
      expect(existsSync(path.join(shop, baselineOf('test/relations/reviews-author.test.ts')))).toBe(false);
    } finally {
      own.cleanup();
    }
  });
});
