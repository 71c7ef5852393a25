import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { maskUrl, runCheck } from '../../src/check/index.ts';
import { allRules } from '../../src/check/rules/index.ts';
import { strata, tempDir } from '../helpers.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'check');
const VIOLATIONS = path.join(FIXTURES, 'violations');
const CLEAN = path.join(FIXTURES, 'clean');

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

/** A writable copy of a fixture. */
function copyOf(fixture: string): string {
  const tmp = tempDir('strata-check-');
  cleanups.push(tmp.cleanup);
  cpSync(fixture, tmp.dir, { recursive: true });
  // The checker reads the ORM's and pg's types from an installed node_modules.
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(tmp.dir, 'node_modules'));
  return tmp.dir;
}

describe('strata check rules', () => {
  it('every rule has a doc page with bad and good examples, and every page a rule', () => {
    const ids = allRules()
      .map((r) => r.id)
      .sort();
    const pages = readdirSync(path.join(ROOT, 'docs', 'rules'))
      .map((f) => f.replace(/\.md$/, ''))
      .sort();
    expect(pages).toEqual(ids);
    for (const id of ids) {
      const doc = readFileSync(path.join(ROOT, 'docs', 'rules', `${id}.md`), 'utf8');
      expect(doc, id).toMatch(/## Bad\n\n```ts\n[\s\S]+?```/);
      expect(doc, id).toMatch(/## Good\n\n```ts\n[\s\S]+?```/);
    }
  });

  it('the clean fixture, the same project with each violation fixed, reports nothing', async () => {
    expect(await runCheck(CLEAN)).toEqual([]);
  });

  it('messages give file:line and the fix', async () => {
    const f = (await runCheck(VIOLATIONS)).find((x) => x.rule === 'model-string-length')!;
    expect(f).toMatchObject({ file: 'src/db/models/note.ts', line: 7, severity: 'error' });
    expect(f.message).toContain('STRING(120)');
  });
});

describe('strata check command', () => {
  it('exits 0 when clean, 1 with findings, 2 on a usage error', async () => {
    expect((await strata(['check'], CLEAN)).code).toBe(0);
    const bad = await strata(['check'], VIOLATIONS);
    expect(bad.code).toBe(1);
    expect(bad.out.join('\n')).toContain('src/db/models/note.ts\n     7  error');
    const usage = await strata(['check', '--format', 'xml'], CLEAN);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('"xml"');
  });

  it('writes json, sarif and github annotations', async () => {
    const count = (await runCheck(VIOLATIONS)).length;
    expect(count).toBeGreaterThan(10);
    const json = JSON.parse((await strata(['check', '--format', 'json'], VIOLATIONS)).out.join('\n'));
    expect(json.errors).toBe(count);
    const sarif = JSON.parse((await strata(['check', '--format', 'sarif'], VIOLATIONS)).out.join('\n'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results).toHaveLength(count);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
    const github = (await strata(['check', '--format', 'github'], VIOLATIONS)).out.join('\n').split('\n');
    expect(github.filter((l) => l.startsWith('::error file=src/'))).toHaveLength(count);
  });

  it('a config file sets severities: warn keeps exit 0, off removes the finding', async () => {
    const dir = copyOf(VIOLATIONS);
    const rules = Object.fromEntries(allRules().map((r) => [r.id, 'warn']));
    rules['model-data-type'] = 'off';
    writeFileSync(path.join(dir, 'strata.config.json'), JSON.stringify({ rules }));
    const r = await strata(['check', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out.join('\n'));
    expect(json.errors).toBe(0);
    expect(json.findings.some((f: { rule: string }) => f.rule === 'model-data-type')).toBe(false);
  });

  it('a bad config file is a usage error that quotes the value', async () => {
    const dir = copyOf(CLEAN);
    writeFileSync(path.join(dir, 'strata.config.json'), JSON.stringify({ rules: { 'no-such-rule': 'error' } }));
    const r = await strata(['check'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('"no-such-rule"');
  });

  it('strata-ignore with a reason silences one finding; without a reason it is a finding itself', async () => {
    const dir = copyOf(VIOLATIONS);
    const note = path.join(dir, 'src/db/models/note.ts');
    const text = readFileSync(note, 'utf8');
    writeFileSync(note, text.replace('  // model-string-length\n', '  // strata-ignore model-string-length: legacy column, varchar(255) on purpose\n'));
    const quiet = await runCheck(dir);
    expect(quiet.some((f) => f.rule === 'model-string-length')).toBe(false);
    writeFileSync(note, text.replace('  // model-string-length\n', '  // strata-ignore model-string-length\n'));
    const loud = await runCheck(dir);
    expect(
      loud
        .filter((f) => f.file === 'src/db/models/note.ts')
        .map((f) => f.rule)
        .sort(),
    ).toEqual(['ignore-reason', 'model-string-length']);
  });

  it("--explain prints the rule's page; an unknown rule is a usage error", async () => {
    const r = await strata(['check', '--explain', 'query-n-plus-one'], CLEAN);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/^# query-n-plus-one: [\s\S]*## Bad[\s\S]*## Good/);
    const bad = await strata(['check', '--explain', 'n-plus-one'], CLEAN);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('"n-plus-one" is not a rule');
  });

  it('--changed reports on the changed file and the files that depend on it, nothing else', async () => {
    const dir = copyOf(CLEAN);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'base');
    git('add', '.');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'clean');
    // A violation in a file nobody changed is outside the scope...
    const note = path.join(dir, 'src/db/models/note.ts');
    // ...and a repository that starts reading per row shows up in the service that loops over it.
    const search = path.join(dir, 'src/services/report-service.ts');
    writeFileSync(
      search,
      readFileSync(search, 'utf8').replace(
        'return users.map((u) => rows.find((r) => r.authorId === u.id)?.count ?? 0);',
        'return Promise.all(users.map((u) => Post.count({ where: { authorId: u.id } })));',
      ),
    );
    expect(readFileSync(note, 'utf8')).not.toContain('STRING,');
    const changed = await runCheck(dir, { changed: 'HEAD' });
    expect(changed.map((f) => `${f.file} ${f.rule}`)).toEqual(['src/services/report-service.ts query-n-plus-one']);
    const bad = await strata(['check', '--changed', 'no-such-ref'], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('"no-such-ref"');
  });

  it('the cache answers an unchanged project, and re-checks what a change touches', async () => {
    const dir = copyOf(CLEAN);
    const cacheDir = path.join(dir, 'node_modules', '.cache', 'strata');
    const before = existsSync(cacheDir) ? readdirSync(cacheDir).length : 0;
    expect(await runCheck(dir)).toEqual([]);
    expect(readdirSync(cacheDir).length).toBe(before + 1);
    const service = path.join(dir, 'src/services/report-service.ts');
    const text = readFileSync(service, 'utf8');
    writeFileSync(
      service,
      text.replace(
        'return users.map((u) => rows.find((r) => r.authorId === u.id)?.count ?? 0);',
        'return Promise.all(users.map((u) => Post.count({ where: { authorId: u.id } })));',
      ),
    );
    const changed = await runCheck(dir);
    expect(changed.map((f) => `${f.file} ${f.rule}`)).toEqual(['src/services/report-service.ts query-n-plus-one']);
    // The same answer with no cache at all.
    expect(await runCheck(dir, { noCache: true })).toEqual(changed);
    writeFileSync(service, text);
    expect(await runCheck(dir)).toEqual([]);
  });

  it('--changed agrees with a full run on a controller whose routes a hub registers', async () => {
    const dir = copyOf(CLEAN);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
    mkdirSync(path.join(dir, 'src/controllers'));
    writeFileSync(
      path.join(dir, 'src/controllers/post-controller.ts'),
      "import type { Request, Response } from 'express';\nimport { Post } from '../db/models/post';\nexport async function listPosts(_req: Request, res: Response) {\n  res.json(await Post.findAll({ limit: 20 }));\n}\n",
    );
    // A registry importing many modules: --changed leaves such hubs out of what it re-checks, but reads their routes.
    const stubs = Array.from({ length: 16 }, (_, i) => `stub${i}`);
    for (const stub of stubs) writeFileSync(path.join(dir, `src/controllers/${stub}.ts`), `export const ${stub} = ${JSON.stringify(stub)};\n`);
    writeFileSync(
      path.join(dir, 'src/router.ts'),
      [
        "import { Router } from 'express';",
        "import { listPosts } from './controllers/post-controller';",
        ...stubs.map((s) => `import { ${s} } from './controllers/${s}';`),
        'export const router = Router();',
        "router.get('/posts', listPosts);",
        `export const names = [${stubs.join(', ')}];`,
        '',
      ].join('\n'),
    );
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'base');
    const controller = path.join(dir, 'src/controllers/post-controller.ts');
    writeFileSync(controller, `${readFileSync(controller, 'utf8')}// touched\n`);
    const full = (await runCheck(dir, { noCache: true })).filter((f) => f.file === 'src/controllers/post-controller.ts');
    expect(full.map((f) => f.rule)).toEqual(['layer-route-data-access']);
    expect(await runCheck(dir, { changed: 'HEAD' })).toEqual(full);
  });

  it('--changed never hands git an option; outside a repository the error names the ref', async () => {
    const dir = copyOf(CLEAN);
    const injected = await strata(['check', '--changed=--output=/tmp/strata-injected'], dir);
    expect(injected.code).toBe(2);
    expect(injected.err).toContain('"--output=/tmp/strata-injected" is not a git ref');
    expect(existsSync('/tmp/strata-injected')).toBe(false);
    const outside = await strata(['check', '--changed', 'main'], dir);
    expect(outside.code).toBe(2);
    expect(outside.err).toContain('--changed "main": git says');
  });

  it("without the project's dependencies installed, check says so (exit 2) instead of passing", async () => {
    const tmp = tempDir('strata-check-');
    cleanups.push(tmp.cleanup);
    cpSync(CLEAN, tmp.dir, { recursive: true });
    const r = await strata(['check'], tmp.dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/imports pg, sequelize-typescript but their types are not installed.*run npm ci/);
  });

  it("migrations outside the checked folders (sequelize-cli's migrations/) declare indexes and ON DELETE too", async () => {
    const dir = copyOf(CLEAN);
    writeFileSync(
      path.join(dir, 'src/db/models/visit.ts'),
      "import { Column, DataType, ForeignKey, Model, Table } from 'sequelize-typescript';\nimport { User } from './user';\n\n@Table({ tableName: 'visits' })\nexport class Visit extends Model {\n  @ForeignKey(() => User)\n  @Column(DataType.INTEGER)\n  declare userId: number;\n}\n",
    );
    expect((await runCheck(dir)).map((f) => f.rule)).toEqual(['model-fk-index', 'model-on-delete']);
    mkdirSync(path.join(dir, 'migrations'));
    writeFileSync(
      path.join(dir, 'migrations', '20240101-visits.js'),
      "module.exports = {\n  up: async (qi) => {\n    await qi.sequelize.query('ALTER TABLE visits ADD CONSTRAINT fk_visits_user FOREIGN KEY (\"userId\") REFERENCES users (id) ON DELETE CASCADE');\n    await qi.addIndex('visits', ['userId']);\n  },\n  down: async (qi) => qi.removeIndex('visits', ['userId']),\n};\n",
    );
    expect(await runCheck(dir)).toEqual([]);
  });

  it('roles in strata.config.json decide what a folder is', async () => {
    const dir = copyOf(CLEAN);
    // A decision in persistence code is a finding only where the code is a repository.
    writeFileSync(
      path.join(dir, 'src/services/stock.ts'),
      "import { Post } from '../db/models/post';\nclass OutOfStock extends Error {}\nexport async function take(id: number) {\n  const post = await Post.findByPk(id);\n  if (!post) throw new OutOfStock();\n  return post;\n}\n",
    );
    expect((await runCheck(dir)).map((f) => f.rule)).toEqual([]);
    writeFileSync(path.join(dir, 'strata.config.json'), JSON.stringify({ roles: { 'src/services': 'repository' } }));
    expect((await runCheck(dir)).map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual(['src/services/stock.ts:5 layer-repository-boundary']);
  });

  it('masks passwords in connection strings, in both spellings', () => {
    expect(maskUrl('postgres://app:s3cret@db:5432/app')).toBe('postgres://app:***@db:5432/app');
    expect(maskUrl('postgres://db/app?user=app&password=s3cret')).toBe('postgres://db/app?user=app&password=***');
    expect(maskUrl("host=db user=app password='s 3cret' dbname=app")).toBe('host=db user=app password=*** dbname=app');
  });

  it('roles in strata.config.json map folders to roles; an unknown role is a usage error', async () => {
    const dir = copyOf(CLEAN);
    writeFileSync(path.join(dir, 'strata.config.json'), JSON.stringify({ roles: { 'src/db/lib': 'warehouse' } }));
    const r = await strata(['check'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('"warehouse"');
  });

  it('the sample app checks clean', async () => {
    expect(await runCheck(path.join(ROOT, 'sample-app'))).toEqual([]);
  });

  it('a generated project checks clean', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    expect((await strata(['new', 'shop', '--no-install'], tmp.dir)).code).toBe(0);
    const shop = path.join(tmp.dir, 'shop');
    expect((await strata(['g', 'model', 'User', 'email:string:unique'], shop)).code).toBe(0);
    expect((await strata(['g', 'model', 'Post', 'title:string{80}', 'author:references{User}:cascade'], shop)).code).toBe(0);
    expect(existsSync(path.join(shop, 'src/db/migrations/snapshot.json'))).toBe(true);
    symlinkSync(path.join(ROOT, 'sample-app', 'node_modules'), path.join(shop, 'node_modules'));
    const r = await strata(['check'], shop);
    expect(r.out.join('\n')).toBe('strata check: no findings');
    expect(r.code).toBe(0);
  });
});
