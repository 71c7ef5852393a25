import { stripVTControlCharacters } from 'node:util';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, hashTree, ORDER, PRODUCT, tempDir } from '../helpers.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHARED_MODULES = path.join(ROOT, 'sample-app', 'node_modules');
const BIN = path.join(ROOT, 'bin', 'strata.js');

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', ...env }, timeout: 300_000 });
}

async function waitFor(url: string, ms: number): Promise<Response> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

// The walkthrough, end to end, with real processes and a real PostgreSQL.
describe('strata new → generate model → tsc → migrate → serve → generated tests', () => {
  let tmp: { dir: string; cleanup: () => void };
  let shop: string;

  beforeAll(() => {
    expect(existsSync(SHARED_MODULES), 'run npm run sample:install first').toBe(true);
    tmp = tempDir('strata-e2e-');
    // As root, PostgreSQL runs as the postgres user, which must reach .data/ inside it.
    chmodSync(tmp.dir, 0o755);
    shop = path.join(tmp.dir, 'shop');
  });
  afterAll(() => tmp.cleanup());

  it('strata new and strata generate model exit 0', () => {
    const created = run('node', [BIN, 'new', 'shop', '--no-install'], tmp.dir);
    expect(created.status, created.stderr).toBe(0);
    // Tests share the sample app's installed dependencies instead of running npm install.
    symlinkSync(SHARED_MODULES, path.join(shop, 'node_modules'), 'dir');
    const generated = run('node', [BIN, ...PRODUCT], shop);
    expect(generated.status, generated.stderr).toBe(0);
    expect(generated.stdout).toContain('create  src/routes/products.ts');
    const order = run('node', [BIN, ...ORDER], shop);
    expect(order.status, order.stderr).toBe(0);
    // A restrict reference (the default), so the generated relation test covers 409 on delete.
    // --notify: a trigger and a typed listener, whose generated test restarts the listening connection.
    const review = run('node', [BIN, 'g', 'model', 'Review', 'stars:integer', 'product:references{Product}', '--notify'], shop);
    expect(review.status, review.stderr).toBe(0);
  });

  it('a second identical generate changes no byte', () => {
    const before = hashTree(shop);
    const again = run('node', [BIN, 'g', ...PRODUCT.slice(1)], shop);
    expect(again.status, again.stderr).toBe(0);
    expect(
      again.stdout
        .trim()
        .split('\n')
        .every((l) => l.trim().startsWith('identical')),
    ).toBe(true);
    expect(hashTree(shop)).toBe(before);
  });

  it('bad input from the real binary: one line on stderr, exit 2, nothing written', () => {
    const before = hashTree(shop);
    const bad = run('node', [BIN, 'g', 'model', 'Order', 'total:money'], shop);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(hashTree(shop)).toBe(before);
  });

  it('given no fields in a terminal, it prompts for them (plop); without a TTY it never prompts', async () => {
    const child = spawn('script', ['-qec', `node ${BIN} g model Label --dry-run --diff`, '/dev/null'], { cwd: shop, env: { ...process.env, CI: '' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const plain = () => stripVTControlCharacters(out);
    const waitFor = async (re: RegExp) => {
      for (let i = 0; i < 300 && !re.test(plain()); i++) await new Promise((r) => setTimeout(r, 100));
    };
    await waitFor(/empty to finish/);
    child.stdin.write('title:string{80}\r');
    await waitFor(/title:string\{80\}[\s\S]*empty to finish/);
    child.stdin.write('\r');
    expect(await new Promise((r) => child.on('exit', r))).toBe(0);
    expect(plain()).toMatch(/create {2}src\/db\/models\/label\.ts/);
    expect(plain()).toContain('DataType.STRING(80)');

    const before = hashTree(shop);
    const noTty = run('node', [BIN, 'g', 'model', 'Label', '--dry-run'], shop, { CI: '' });
    expect(noTty.status, noTty.stderr).toBe(0);
    expect(noTty.stdout).not.toContain('empty to finish');
    expect(hashTree(shop)).toBe(before);
  });

  // The project that tsc, migrations, the server and the generated tests see below is this
  // regenerated one: the user's edits merged with a field added through every layer.
  it('a field added after the user edited a service, a route handler and a test: each merged, the edits kept', () => {
    const file = (rel: string) => path.join(shop, rel);
    const edit = (rel: string, change: (text: string) => string) => {
      const before = readFileSync(file(rel), 'utf8');
      const after = change(before);
      expect(after, rel).not.toBe(before);
      writeFileSync(file(rel), after);
    };
    edit('src/services/product-service.ts', (s) => {
      const end = s.lastIndexOf('}');
      return `${s.slice(0, end)}\n  /** The user's rule: a product is in stock when there is more than none. */\n  inStock(stock: number): boolean {\n    return stock > 0;\n  }\n${s.slice(end)}`;
    });
    edit('src/routes/products.ts', (s) =>
      s.replace(
        'async (request) => service.update(request.params.id, request.body),',
        "async (request) => {\n      request.log.info({ id: request.params.id }, 'updating a product');\n      return service.update(request.params.id, request.body);\n    },",
      ),
    );
    edit('test/products.test.ts', (s) => {
      const end = s.lastIndexOf('});');
      return `${s.slice(0, end)}\n  it('the user\\'s test: an unknown product is a 404', async () => {\n    const res = await app.inject({ method: 'GET', url: '/products/999999' });\n    expect(res.statusCode).toBe(404);\n  });\n${s.slice(end)}`;
    });
    const field = run('node', [BIN, 'g', 'field', 'Product', 'sku:string{40}:unique:optional', 'weight:decimal{8,3}=0'], shop, {
      STRATA_NOW: '2030-01-01T00:00:00Z',
    });
    expect(field.status, field.stderr).toBe(0);
    const log = field.stdout;
    for (const rel of ['src/routes/products.ts', 'test/products.test.ts']) expect(log).toContain(`merge  ${rel}`);
    expect(log).toContain('create  src/db/migrations/20300101000000_alter_products.ts');
    expect(readFileSync(file('src/services/product-service.ts'), 'utf8')).toContain('inStock(stock: number)');
    expect(readFileSync(file('src/routes/products.ts'), 'utf8')).toContain("'updating a product'");
    expect(readFileSync(file('src/routes/products.ts'), 'utf8')).toContain("'sku'");
    expect(readFileSync(file('test/products.test.ts'), 'utf8')).toContain("the user\\'s test");
    const again = run('node', [BIN, 'g', 'field', 'Product', 'sku:string{40}'], shop);
    expect(again.status).toBe(2);
  });

  // Its create and drop migrations then run up, down and up in the generated migrations test.
  it('a model generated with a reference, notify and bulk, then destroyed: the code is as it was, with a drop migration', () => {
    const dirs = ['src/routes', 'src/services', 'src/db/models', 'src/db/queries', 'src/db/repositories', 'test', 'docs'];
    const hashes = () => dirs.map((dir) => hashTree(path.join(shop, dir)));
    const before = hashes();
    const env = { STRATA_NOW: '2030-02-01T00:00:00Z' };
    for (const argv of [
      ['g', 'model', 'Coupon', 'code:string{20}:unique', 'product:references{Product}:cascade', '--notify'],
      ['g', 'bulk', 'Coupon'],
      ['d', 'model', 'Coupon', '--allow-destructive'],
    ]) {
      const r = run('node', [BIN, ...argv], shop, env);
      expect(r.status, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect(hashes()).toEqual(before);
    expect(readdirSync(path.join(shop, 'src/db/migrations')).filter((f) => /_(create|drop)_coupons\.ts$/.test(f))).toHaveLength(2);
    expect(readFileSync(path.join(shop, 'src/db/models/product.ts'), 'utf8')).not.toContain('Coupon');
  });

  it('strata check finds nothing in the generated project', () => {
    const check = run('node', [BIN, 'check'], shop);
    expect(check.stdout.trim()).toBe('strata check: no findings');
    expect(check.status).toBe(0);
  });

  it('the generated project compiles under tsc --strict', () => {
    const tsc = run('node', [path.join(SHARED_MODULES, 'typescript', 'bin', 'tsc'), '--noEmit', '--strict', '-p', '.'], shop);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('migrates on embedded PostgreSQL in .data/, serves /products and /docs, and shuts down gracefully', async () => {
    const env = { EMBEDDED_PG_PORT: String(await freePort()), PORT: String(await freePort()), DATABASE_URL: '' };
    const tsx = path.join(SHARED_MODULES, 'tsx', 'dist', 'cli.mjs');
    const migrated = run('node', [tsx, 'scripts/migrate.ts', 'up'], shop, env);
    expect(migrated.status, migrated.stderr).toBe(0);
    expect(migrated.stdout).toMatch(/applied {3}\d{14}_create_products/);
    expect(existsSync(path.join(shop, '.data', 'pg', 'PG_VERSION'))).toBe(true);

    const server = spawn('node', [tsx, 'scripts/dev.ts'], { cwd: shop, env: { ...process.env, ...env, LOG_LEVEL: 'warn' }, stdio: 'pipe' });
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    try {
      const base = `http://127.0.0.1:${env.PORT}`;
      expect((await waitFor(`${base}/health`, 60_000)).status).toBe(200);
      const created = await fetch(`${base}/products`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Widget', price: '9.99' }),
      });
      expect(created.status).toBe(201);
      const product = (await created.json()) as { id: number };
      expect(product).toMatchObject({ name: 'Widget', price: '9.99', stock: 0, isActive: true, description: null });
      const docs = (await (await fetch(`${base}/docs/json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/products', '/products/{id}', '/health']));
      expect((await fetch(`${base}/docs`)).status).toBe(200);

      // Production: `npm run build`, then `npm start` runs the compiled JavaScript (no tsx, nothing transpiled).
      const build = run('npm', ['run', '-s', 'build'], shop);
      expect(build.status, build.stdout + build.stderr).toBe(0);
      expect(JSON.parse(readFileSync(path.join(shop, 'package.json'), 'utf8')).scripts.start).toBe('node --enable-source-maps dist/server.js');
      const port = String(await freePort());
      const url = `postgres://postgres:postgres@127.0.0.1:${env.EMBEDDED_PG_PORT}/shop`;
      const compiled = spawn('node', ['dist/server.js'], {
        cwd: shop,
        env: { ...process.env, DATABASE_URL: url, PORT: port, LOG_LEVEL: 'warn' },
        stdio: 'pipe',
      });
      const compiledExit = new Promise<number | null>((resolve) => compiled.once('exit', (code) => resolve(code)));
      try {
        const { id } = product;
        const read = await waitFor(`http://127.0.0.1:${port}/products/${id}`, 30_000);
        expect(read.status).toBe(200);
        expect(await read.json()).toMatchObject({ id, name: 'Widget' });
        const list = (await (await fetch(`http://127.0.0.1:${port}/products?limit=5`)).json()) as { total: number };
        expect(list.total).toBe(1);
      } finally {
        compiled.kill('SIGTERM');
      }
      expect(await compiledExit).toBe(0);
    } finally {
      server.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it("the generated project's own tests pass against a real PostgreSQL", () => {
    const vitest = run('node', [path.join(SHARED_MODULES, 'vitest', 'vitest.mjs'), 'run', '--reporter=verbose'], shop, { DATABASE_URL: '' });
    expect(vitest.status, vitest.stdout + vitest.stderr).toBe(0);
    const summary = stripVTControlCharacters(vitest.stdout);
    // products, orders, reviews, the reviews → product relation, review changes, health, migrations, errors, config, keys
    expect(summary).toMatch(/Test Files\s+11 passed \(11\)/);
    const relationTest = readFileSync(path.join(shop, 'test/relations/reviews-product.test.ts'), 'utf8');
    expect(relationTest).toContain('is a 409, and nothing is deleted (restrict)');
    // The user's own test, merged in when a field was added, ran too.
    expect(summary).toContain("the user's test: an unknown product is a 404");
  }, 300_000);
});
