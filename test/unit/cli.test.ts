import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashTree, PRODUCT, strata, tempDir } from '../helpers.ts';

let root: { dir: string; cleanup: () => void };
let project: string;

beforeAll(async () => {
  root = tempDir();
  project = path.join(root.dir, 'shop');
  const { code } = await strata(['new', 'shop', '--no-install'], root.dir);
  expect(code).toBe(0);
});
afterAll(() => root.cleanup());

describe('bad input: one line, exit 2, nothing written', () => {
  const cases: Array<[string, string[]]> = [
    ['unknown type', ['g', 'model', 'Product', 'price:money']],
    ['no type', ['g', 'model', 'Product', 'price']],
    ['unknown modifier', ['g', 'model', 'Product', 'name:string:uniqe']],
    ['bad string length', ['g', 'model', 'Product', 'name:string{0}']],
    ['bad decimal', ['g', 'model', 'Product', 'price:decimal{2,4}']],
    ['shell-expanded decimal', ['g', 'model', 'Product', 'price:decimal10', 'price:decimal2']],
    ['empty enum', ['g', 'model', 'Product', 'kind:enum{}']],
    ['default of the wrong type', ['g', 'model', 'Product', 'stock:integer=many']],
    ['enum default not listed', ['g', 'model', 'Product', 'kind:enum{a,b}=c']],
    ['duplicate field', ['g', 'model', 'Product', 'name:string', 'name:text']],
    ['duplicate field by column', ['g', 'model', 'Product', 'isActive:boolean', 'is_active:boolean']],
    ['keyword field', ['g', 'model', 'Product', 'delete:boolean']],
    ['a secret stored as it is', ['g', 'model', 'Member', 'password:string']],
    ['an api key stored as it is', ['g', 'model', 'Member', 'apiKey:string{64}']],
    ['a password with an index', ['g', 'model', 'Member', 'password:password:unique']],
    ['a hashed_ column by hand', ['g', 'model', 'Member', 'hashedPassword:string:hidden']],
    ['Model member field', ['g', 'model', 'Product', 'save:string']],
    ['Model member field toJSON', ['g', 'model', 'Product', 'toJSON:string']],
    ['generated field', ['g', 'model', 'Product', 'createdAt:datetime']],
    ['invalid field name', ['g', 'model', 'Product', '1st:string']],
    ['path in model name', ['g', 'model', '../Evil', 'name:string']],
    ['separator in model name', ['g', 'model', 'a/b', 'name:string']],
    ['backslash in model name', ['g', 'model', 'a\\b', 'name:string']],
    ['keyword model', ['g', 'model', 'class', 'name:string']],
    ['global model', ['g', 'model', 'Date', 'name:string']],
    ['invalid model name', ['g', 'model', 'Pro duct', 'name:string']],
    ['index over unknown field', ['g', 'model', 'Product', 'name:string', '--index', 'name,nope']],
    ['index of one field', ['g', 'model', 'Product', 'name:string', '--index', 'name']],
    ['unique and index', ['g', 'model', 'Product', 'name:string:unique:index']],
    ['index on text', ['g', 'model', 'Product', 'body:text:index']],
    ['force with skip', ['g', 'model', 'Product', 'name:string', '--force', '--skip']],
    ['unknown option', ['g', 'model', 'Product', 'name:string', '--frobnicate']],
    ['unknown generator', ['g', 'widget', 'Product']],
    ['missing model name', ['g', 'model']],
    ['reference to a missing model', ['g', 'model', 'Review', 'product:references{Nope}']],
    ['set-null on a required reference', ['g', 'model', 'Review', 'product:references{Product}:set-null']],
    ['two on-delete rules', ['g', 'model', 'Review', 'product:references{Product}:cascade:restrict']],
    ['required self-reference', ['g', 'model', 'Node', 'parent:references{Node}']],
    ['reference without a model', ['g', 'model', 'Review', 'product:references']],
    ['relation without a kind', ['g', 'relation', 'Product', 'tags']],
    ['many-to-many to a missing model', ['g', 'relation', 'Product', 'tags', '--many-to-many', 'Nope']],
    ['bad project name', ['new', 'Bad_Name', '--no-install']],
    ['project path', ['new', '../escape', '--no-install']],
  ];

  it.each(cases)('%s', async (_name, argv) => {
    const before = hashTree(root.dir);
    const { code, out, err } = await strata(argv, project);
    expect(code).toBe(2);
    expect(out.filter((l) => !l.startsWith('Usage'))).toEqual([]);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(hashTree(root.dir)).toBe(before);
  });

  it('quotes the bad value and names the code', async () => {
    const { err } = await strata(['g', 'model', 'Product', 'price:money'], project);
    expect(err).toBe(
      'strata: field "price:money": unknown type "money"; use one of string, text, integer, bigint, float, decimal, boolean, date, datetime, uuid, json, enum, references, password [STRATA_FIELD_TYPE]\n',
    );
  });

  it('outside a project, generate is a usage error', async () => {
    const { code, err } = await strata(['g', 'model', 'Product', 'name:string'], root.dir);
    expect(code).toBe(2);
    expect(err).toContain('STRATA_NOT_PROJECT');
  });
});

describe('generate model', () => {
  it('--dry-run writes nothing and lists exactly what the real run writes', async () => {
    // One clock for both runs, so the migration is named the same.
    process.env.STRATA_NOW = '2026-03-01T12:00:00Z';
    const before = hashTree(project);
    const dry = await strata([...PRODUCT, '--dry-run'], project);
    expect(dry.code).toBe(0);
    expect(hashTree(project)).toBe(before);
    const real = await strata(PRODUCT, project);
    expect(real.code).toBe(0);
    expect(real.out).toEqual(dry.out);
    expect(real.out.some((l) => /create {2}src\/db\/models\/product\.ts/.test(l))).toBe(true);
    // The three registries, and the ER diagram drawn from the snapshot.
    expect(
      real.out
        .filter((l) => l.includes('update'))
        .map((l) => l.trim().split(/\s+/)[1])
        .sort(),
    ).toEqual(['docs/erd.md', 'src/db/models/index.ts', 'src/routes/index.ts', 'src/services/index.ts']);
    expect(real.out).toContain('      create  src/db/migrations/20260301120000_create_products.ts');
    delete process.env.STRATA_NOW;
  });

  it('a second identical run reports identical and changes no byte', async () => {
    const before = hashTree(project);
    const again = await strata(PRODUCT, project);
    expect(again.code).toBe(0);
    expect(again.out.every((l) => l.trimStart().startsWith('identical'))).toBe(true);
    expect(hashTree(project)).toBe(before);
  });

  /** The walkthrough's Product with a longer name (widening a varchar loses nothing). */
  const WIDER = PRODUCT.map((a) => (a === 'name:string{120}:unique' ? 'name:string{200}:unique' : a));

  it('in a project without baselines, other fields for an existing model are a conflict: diff shown, nothing written, exit 1', async () => {
    // As in a project made before .strata/baseline/: nothing to merge against (test/unit/merge.test.ts merges).
    rmSync(path.join(project, '.strata'), { recursive: true, force: true });
    const before = hashTree(project);
    const other = await strata(
      PRODUCT.map((a) => (a === 'name:string{120}:unique' ? 'name:string{200}:unique' : a)),
      project,
    );
    expect(other.code).toBe(1);
    expect(other.err).toContain('STRATA_CONFLICT');
    expect(other.out.join('\n')).toMatch(/conflict {2}src\/db\/models\/product\.ts/);
    expect(other.out.join('\n')).toContain('+    name: Type.String({ maxLength: 200 })');
    expect(hashTree(project)).toBe(before);
  });

  it('--skip keeps conflicting files; --force overwrites them', async () => {
    const file = path.join(project, 'src/db/models/product.ts');
    const original = readFileSync(file, 'utf8');
    const skipped = await strata([...WIDER, '--skip'], project);
    expect(skipped.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(original);
    const forced = await strata([...WIDER, '--force'], project);
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('DataType.STRING(200)');
    writeFileSync(file, original);
  });
});

describe('relations', () => {
  it('a reference adds the foreign key, @BelongsTo, and @HasMany on the other model; a re-run is identical', async () => {
    const first = await strata(['g', 'model', 'Review', 'stars:integer', 'product:references{Product}:cascade', '--index', 'product,stars'], project);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('      update  src/db/models/product.ts');
    const product = readFileSync(path.join(project, 'src/db/models/product.ts'), 'utf8');
    expect(product).toContain("@HasMany(() => Review, { foreignKey: 'productId', onDelete: 'CASCADE' })");
    expect(product).toContain('declare reviews?: NonAttribute<Review[]>;');
    const model = readFileSync(path.join(project, 'src/db/models/review.ts'), 'utf8');
    expect(model).toContain("@BelongsTo(() => Product, { foreignKey: 'productId', onDelete: 'CASCADE' })");
    const migration = first.out
      .find((l) => l.includes('create_reviews'))!
      .trim()
      .split(/\s+/)[1]!;
    const sql = readFileSync(path.join(project, migration), 'utf8');
    expect(sql).toContain('CONSTRAINT "fk_reviews_product_id" FOREIGN KEY ("product_id") REFERENCES "products" ("id") ON DELETE CASCADE');
    expect(sql).toContain('CREATE INDEX "idx_reviews_product_id" ON "reviews" ("product_id")');
    expect(sql).toContain('CREATE INDEX "idx_reviews_product_id_stars" ON "reviews" ("product_id", "stars")');
    const before = hashTree(project);
    const again = await strata(['g', 'model', 'Review', 'stars:integer', 'product:references{Product}:cascade', '--index', 'product,stars'], project);
    expect(again.out.every((l) => l.trimStart().startsWith('identical'))).toBe(true);
    expect(hashTree(project)).toBe(before);
  });

  it('keys are bigint in a new project; a project set to (or made before) integer keys keeps them; a bad setting is one line, exit 2', async () => {
    expect(JSON.parse(readFileSync(path.join(project, 'strata.config.json'), 'utf8'))).toEqual({ keys: 'bigint' });
    const legacy = tempDir();
    try {
      const app = path.join(legacy.dir, 'old');
      expect((await strata(['new', 'old', '--no-install'], legacy.dir)).code).toBe(0);
      const config = path.join(app, 'strata.config.json');
      writeFileSync(config, '{ "keys": "uuid" }');
      const bad = await strata(['g', 'model', 'Author', 'name:string'], app);
      expect(bad.code).toBe(2);
      expect(bad.err.trim().split('\n')).toEqual([expect.stringContaining('keys is "uuid"')]);
      writeFileSync(config, '{}');
      for (const argv of [
        ['g', 'model', 'Author', 'name:string'],
        ['g', 'model', 'Book', 'title:string', 'author:references{Author}'],
      ])
        expect((await strata(argv, app)).code).toBe(0);
      const book = readFileSync(path.join(app, 'src/db/models/book.ts'), 'utf8');
      expect(book).toContain('@Column({ type: DataType.INTEGER, primaryKey: true, autoIncrement: true })');
      expect(book).toContain('@Column({ type: DataType.INTEGER, allowNull: false })');
      expect(book).not.toContain("key('");
      const snapshot = readFileSync(path.join(app, 'src/db/migrations/snapshot.json'), 'utf8');
      expect(snapshot).not.toContain('"bigint"');
    } finally {
      legacy.cleanup();
    }
    const review = readFileSync(path.join(project, 'src/db/models/review.ts'), 'utf8');
    expect(review).toContain("@Column({ type: DataType.BIGINT, primaryKey: true, autoIncrement: true, get: key('id') })");
    expect(review).toContain("@Column({ type: DataType.BIGINT, allowNull: false, get: key('productId') })");
  });

  it('a project made before the direct SQL modules gets them with its next model, as strata new writes them', async () => {
    const older = tempDir();
    try {
      const app = path.join(older.dir, 'old');
      expect((await strata(['new', 'old', '--no-install'], older.dir)).code).toBe(0);
      const files = ['shapes', 'reads', 'inserts'].map((name) => path.join(app, `src/db/repositories/${name}.ts`));
      const emitted = files.map((file) => readFileSync(file, 'utf8'));
      for (const file of files) rmSync(file);
      const first = await strata(['g', 'model', 'Author', 'name:string'], app);
      expect(first.code).toBe(0);
      for (const name of ['shapes', 'reads', 'inserts']) expect(first.out.join('\n')).toMatch(new RegExp(`create\\s+src/db/repositories/${name}\\.ts`));
      expect(files.map((file) => readFileSync(file, 'utf8'))).toEqual(emitted);
      // A project that has them (the user's copies, edits and all) is left alone.
      writeFileSync(files[0]!, `${emitted[0]}// edited\n`);
      expect((await strata(['g', 'model', 'Book', 'title:string'], app)).code).toBe(0);
      expect(readFileSync(files[0]!, 'utf8')).toBe(`${emitted[0]}// edited\n`);
    } finally {
      older.cleanup();
    }
  });

  it('many-to-many adds a join model with a unique key, and @BelongsToMany on both sides; a re-run is identical', async () => {
    expect((await strata(['g', 'model', 'Label', 'name:string{40}:unique'], project)).code).toBe(0);
    const first = await strata(['g', 'relation', 'Product', 'labels', '--many-to-many', 'Label'], project);
    expect(first.code, first.err).toBe(0);
    const join = readFileSync(path.join(project, 'src/db/models/product-label.ts'), 'utf8');
    expect(join).toContain("{ name: 'uq_product_labels_product_id_label_id', fields: ['product_id', 'label_id'], unique: true }");
    expect(join).toContain("{ name: 'idx_product_labels_label_id', fields: ['label_id'], unique: false }");
    expect(readFileSync(path.join(project, 'src/db/models/product.ts'), 'utf8')).toContain('@BelongsToMany(() => Label, () => ProductLabel)');
    expect(readFileSync(path.join(project, 'src/db/models/label.ts'), 'utf8')).toContain('@BelongsToMany(() => Product, () => ProductLabel)');
    const before = hashTree(project);
    const again = await strata(['g', 'relation', 'Product', 'labels', '--many-to-many', 'Label'], project);
    expect(again.out.every((l) => l.trimStart().startsWith('identical'))).toBe(true);
    expect(hashTree(project)).toBe(before);
  });
});

describe('help and version', () => {
  it('--version prints the package version', async () => {
    const { code, out } = await strata(['--version'], root.dir);
    expect(code).toBe(0);
    expect(out).toEqual([JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version]);
    // The binary answers --version and -v before loading the CLI: the same line.
    const bin = fileURLToPath(new URL('../../bin/strata.js', import.meta.url));
    for (const flag of ['--version', '-v']) {
      const run = spawnSync(process.execPath, [bin, flag], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(`${out[0]}\n`);
    }
  });

  it('generate model --help shows the field syntax and an example', async () => {
    const { code, out } = await strata(['generate', 'model', '--help'], root.dir);
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('name:type[{args}][:modifier...]');
    expect(out.join('\n')).toContain('Example:');
  });

  it('--help lists the commands', async () => {
    const { code, out } = await strata(['--help'], root.dir);
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/new \[options\] <name>/);
    expect(out.join('\n')).toMatch(/generate\|g/);
  });
});

describe('raw-layer generators: bulk, bulk-update, copy', () => {
  it.each([
    ['bulk of a missing model', ['g', 'bulk', 'Nope'], 'STRATA_REFERENCE'],
    ['copy of a missing model', ['g', 'copy', 'Nope'], 'STRATA_REFERENCE'],
    ['bulk-update with a bad action', ['g', 'bulk-update', 'Review', 'Reset_All', '--set', 'stars=0'], 'STRATA_USAGE'],
    ['bulk-update of a missing field', ['g', 'bulk-update', 'Review', 'reset', '--set', 'nope=1'], 'STRATA_USAGE'],
    ['bulk-update with a non-number', ['g', 'bulk-update', 'Review', 'reset', '--set', 'stars=many'], 'STRATA_USAGE'],
  ])('%s: one line, exit 2, nothing written', async (_name, argv, code) => {
    const before = hashTree(project);
    const result = await strata(argv, project);
    expect(result.code).toBe(2);
    expect(result.err).toContain(code);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(hashTree(project)).toBe(before);
  });

  it.each([
    ['bulk', ['g', 'bulk', 'Product'], ['src/routes/products-bulk.ts', 'test/bulk/products-bulk.test.ts']],
    ['bulk-update', ['g', 'bulk-update', 'Review', 'reset', '--set', 'stars=0'], ['src/routes/reviews-reset.ts', 'test/bulk/reviews-reset.test.ts']],
    ['copy', ['g', 'copy', 'Product'], ['src/db/copy.ts', 'src/routes/products-copy.ts', 'test/bulk/products-copy.test.ts']],
  ])('%s writes its files, registers the service and routes, and a second run is identical', async (_name, argv, files) => {
    const first = await strata(argv, project);
    expect(first.code, first.err).toBe(0);
    for (const file of files) expect(first.out).toContain(`      create  ${file}`);
    expect(first.out).toContain('      update  src/services/index.ts');
    expect(first.out).toContain('      update  src/routes/index.ts');
    const before = hashTree(project);
    const again = await strata(argv, project);
    expect(again.code).toBe(0);
    expect(again.out.every((l) => l.trimStart().startsWith('identical'))).toBe(true);
    expect(hashTree(project)).toBe(before);
  });

  it('bulk-update cannot set a password hash', async () => {
    expect((await strata(['g', 'model', 'Member', 'name:string', 'password:password'], project)).code).toBe(0);
    const before = hashTree(project);
    const result = await strata(['g', 'bulk-update', 'Member', 'reset', '--set', 'hashedPassword=x'], project);
    expect(result.code).toBe(2);
    expect(result.err).toContain('holds password hashes');
    expect(hashTree(project)).toBe(before);
  });

  it('a second copy generator reuses src/db/copy.ts (identical)', async () => {
    const review = await strata(['g', 'copy', 'Review'], project);
    expect(review.code, review.err).toBe(0);
    expect(review.out).toContain('   identical  src/db/copy.ts');
  });
});
