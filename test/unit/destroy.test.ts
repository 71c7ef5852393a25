// strata destroy: generate then destroy leaves every file as it was, but the new migration
// and the snapshot; edited files are conflicts; a referenced model is refused.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockedStrata, hashTree, strata, tempDir } from '../helpers.ts';

let root: { dir: string; cleanup: () => void };
let project: string;
const read = (file: string) => readFileSync(path.join(project, file), 'utf8');
const clocked = clockedStrata('2026-04-01T00:00:00Z', () => project);
const run = (...argv: string[]) => clocked(argv);
const ok = async (...argv: string[]) => {
  const r = await run(...argv);
  expect(r.code, `strata ${argv.join(' ')}: ${r.err}`).toBe(0);
  return r;
};
/** Every file and its bytes, but the migrations, their baselines and the snapshot (which destroy adds to by design). */
function files(): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(project, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const rel = path.relative(project, path.join(e.parentPath, e.name)).split(path.sep).join('/');
    if (rel.includes('src/db/migrations/')) continue;
    out.set(rel, readFileSync(path.join(project, rel), 'utf8'));
  }
  return out;
}
const migrations = () => readdirSync(path.join(project, 'src/db/migrations')).filter((f) => f.endsWith('.ts'));

beforeAll(async () => {
  root = tempDir();
  project = path.join(root.dir, 'shop');
  expect((await strata(['new', 'shop', '--no-install'], root.dir)).code).toBe(0);
  await ok('generate', 'model', 'User', 'email:string:unique', 'name:string{80}');
  await ok('generate', 'model', 'Tag', 'label:string{40}:unique');
});
afterAll(() => root.cleanup());

describe('strata destroy', () => {
  it('model: generate (with notify, bulk, COPY, a bulk update, a reference) then destroy leaves every file byte-identical, with a drop migration', async () => {
    const before = files();
    const count = migrations().length;
    await ok('generate', 'model', 'Product', 'name:string{120}:unique', 'price:decimal{10,2}', 'owner:references{User}:cascade', '--notify');
    await ok('generate', 'bulk', 'Product');
    await ok('generate', 'copy', 'Product');
    await ok('generate', 'bulk-update', 'Product', 'clear-price', '--set', 'price=0');
    expect(read('src/db/models/user.ts')).toContain('@HasMany(() => Product');

    const { out } = await ok('d', 'model', 'Product', '--allow-destructive');
    expect(out).toContain('      delete  src/db/models/product.ts');
    expect(out).toContain('      update  src/db/models/user.ts');
    expect(files()).toEqual(before);
    const added = migrations().slice(count);
    expect(added).toEqual([expect.stringMatching(/_create_products\.ts$/), expect.stringMatching(/_drop_products\.ts$/)]);
    const drop = read(`src/db/migrations/${added[1]}`);
    expect(drop).toContain('// DESTRUCTIVE, generated with --allow-destructive. This migration:\n//   - drops table products and every row in it');
    expect(drop).toMatch(/DROP TRIGGER "products_notify"[\s\S]*DROP FUNCTION "notify_products_changes"\(\)[\s\S]*DROP TABLE "products"/);
  });

  it('relation, query, bulk and copy: each generate then destroy leaves every file byte-identical', async () => {
    const before = files();
    await ok('generate', 'relation', 'User', 'tags', '--many-to-many', 'Tag');
    await ok('d', 'relation', 'User', 'tags', '--allow-destructive');
    expect(files()).toEqual(before);
    expect(migrations().at(-1)).toMatch(/_drop_user_tags\.ts$/);

    await ok(
      'generate',
      'query',
      'top_users',
      '--sql',
      'SELECT id, name FROM users ORDER BY id LIMIT $1',
      '--param',
      'limit:integer',
      '--column',
      'id:bigint',
      '--column',
      'name:string',
      '--route',
      'GET /analytics/top-users',
    );
    await ok('destroy', 'query', 'top_users');
    expect(files()).toEqual(before);

    for (const kind of ['bulk', 'copy']) {
      await ok('generate', kind, 'User');
      await ok('destroy', kind, 'User');
      expect(files(), kind).toEqual(before);
    }
  });

  it('without --allow-destructive a drop is refused: one line, exit 2, nothing written', async () => {
    await ok('generate', 'model', 'Product', 'name:string{120}', 'owner:references{User}:cascade');
    const before = hashTree(project);
    const r = await run('destroy', 'model', 'Product');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual([
      expect.stringMatching(/^strata: destroying Product drops table products and every row in it\. .*--allow-destructive.*\[STRATA_DESTRUCTIVE\]$/),
    ]);
    expect(hashTree(project)).toBe(before);
  });

  it('a model other tables reference is refused, naming them and what to destroy first', async () => {
    await ok('generate', 'relation', 'Product', 'tags', '--many-to-many', 'Tag');
    const before = hashTree(project);
    const r = await run('destroy', 'model', 'User', '--allow-destructive');
    expect(r.code).toBe(2);
    expect(r.err).toContain('User is still referenced by products; first strata destroy model Product (or drop its reference) [STRATA_REFERENCE]');
    const t = await run('destroy', 'model', 'Tag', '--allow-destructive');
    expect(t.err).toContain('Tag is still referenced by product_tags; first strata destroy relation Product tags [STRATA_REFERENCE]');
    expect(hashTree(project)).toBe(before);
  });

  it('a file the user changed is a conflict and nothing is removed; --force removes it', async () => {
    await ok('destroy', 'relation', 'Product', 'tags', '--allow-destructive');
    writeFileSync(path.join(project, 'src/services/product-service.ts'), `${read('src/services/product-service.ts')}// the user's line\n`);
    const before = hashTree(project);
    const r = await run('destroy', 'model', 'Product', '--allow-destructive');
    expect(r.code).toBe(1);
    expect(r.out).toContain('    conflict  src/services/product-service.ts');
    expect(r.err).toContain('STRATA_CONFLICT');
    expect(hashTree(project)).toBe(before);
    await ok('destroy', 'model', 'Product', '--allow-destructive', '--force');
    expect(readdirSync(path.join(project, 'src/services'))).not.toContain('product-service.ts');
  });

  it('what strata did not record, or a bad kind: one line, exit 2, nothing written', async () => {
    const before = hashTree(project);
    for (const [argv, text] of [
      [['destroy', 'model', 'Order'], 'destroy model: model "Order" is not in .strata/app.yaml (it has User, Tag)'],
      [['destroy', 'query', 'nope'], 'destroy query: "nope" is not in .strata/app.yaml (it has no query)'],
      [['destroy', 'relation', 'User', 'friends'], 'destroy relation: "User.friends" is not in .strata/app.yaml'],
      [['destroy', 'bulk', 'User'], 'destroy bulk: User has no bulk insert in .strata/app.yaml'],
      [['destroy', 'bulk-update', 'User', 'archive'], 'destroy bulk-update: User has no bulk update "archive"'],
      [['destroy', 'table', 'User'], 'destroy "table": say what to destroy, one of model, relation, query, bulk, copy, bulk-update'],
    ] as const) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.trim().split('\n')).toEqual([expect.stringContaining(text)]);
    }
    expect(hashTree(project)).toBe(before);
  });

  it("--skip is refused (it would leave files unregistered); a side-effect import of the user's survives an unregistration", async () => {
    const skip = await run('destroy', 'bulk', 'User', '--skip');
    expect(skip.code).toBe(2);
    expect(skip.err).toContain('destroy takes --force');
    await ok('generate', 'bulk', 'User');
    writeFileSync(path.join(project, 'src/routes/index.ts'), `import './instrument.ts';\n${read('src/routes/index.ts')}`);
    await ok('destroy', 'bulk', 'User');
    expect(read('src/routes/index.ts')).toMatch(/^import '\.\/instrument\.ts';\n/);
    expect(read('src/routes/index.ts')).not.toContain('userBulkRoutes');
  });

  it('a relation that shares its join table with another is refused, naming it', async () => {
    await ok('generate', 'relation', 'User', 'tags', '--many-to-many', 'Tag');
    await ok('generate', 'relation', 'User', 'labels', '--many-to-many', 'Tag');
    const before = hashTree(project);
    const r = await run('destroy', 'relation', 'User', 'labels', '--allow-destructive');
    expect(r.code).toBe(2);
    expect(r.err).toContain('User.labels shares its join table user_tags with User.tags; destroy those relations too, or keep this one [STRATA_REFERENCE]');
    expect(hashTree(project)).toBe(before);
  });

  it('destroying the last model leaves no .strata/app.yaml, as before the first generate', async () => {
    const shared = read('.strata/app.yaml');
    expect(shared).toContain('User.labels');
    // Both relations share user_tags: the spec loses one, then the other and the table go.
    const record = JSON.parse(shared.replace(/^#.*\n/, ''));
    delete record.relations['User.labels'];
    writeFileSync(path.join(project, '.strata/app.yaml'), JSON.stringify(record));
    await ok('destroy', 'relation', 'User', 'tags', '--allow-destructive');
    await ok('destroy', 'model', 'Tag', '--allow-destructive');
    await ok('destroy', 'model', 'User', '--allow-destructive');
    expect(readdirSync(path.join(project, '.strata'))).not.toContain('app.yaml');
    expect(JSON.parse(read('src/db/migrations/snapshot.json')).tables).toEqual([]);
    expect(read('docs/erd.md')).toContain('```mermaid\nerDiagram\n```');
  });
});
