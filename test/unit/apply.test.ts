// strata apply app.yaml: the whole app from one spec, through the same generators and merge;
// --plan writes nothing; a bad spec is one line naming its path, exit 2, nothing written.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { clockedStrata, hashTree, logActions, strata, tempDir } from '../helpers.ts';

let root: { dir: string; cleanup: () => void };
let project: string;
const read = (file: string) => readFileSync(path.join(project, file), 'utf8');
const write = (file: string, text: string) => writeFileSync(path.join(project, file), text);
const actions = logActions;
const clocked = clockedStrata('2026-05-01T00:00:00Z', () => project);
const run = (...argv: string[]) => clocked(argv);

const SPEC = {
  entities: {
    Author: { fields: { name: 'string{120}', email: 'string:unique' }, copy: true },
    Book: {
      fields: { title: 'string{200}:index', price: 'decimal{10,2}', author: 'references{Author}:cascade' },
      indexes: ['author,title'],
      softDelete: true,
      bulk: true,
      bulkUpdates: { 'zero-price': 'price=0' },
    },
    Genre: { fields: { label: 'string{40}:unique' }, notify: true },
  },
  relations: { 'Book.genres': { manyToMany: 'Genre' } },
  queries: {
    top_books: {
      sql: 'SELECT id, title FROM books ORDER BY price DESC LIMIT $1',
      params: ['limit:integer'],
      columns: ['id:bigint', 'title:string'],
      route: 'GET /analytics/top-books',
    },
  },
};
const spec = (value: unknown) => {
  writeFileSync(path.join(root.dir, 'app.yaml'), stringify(value));
  return path.join(root.dir, 'app.yaml');
};

beforeAll(async () => {
  root = tempDir();
  project = path.join(root.dir, 'shop');
  expect((await strata(['new', 'shop', '--no-install'], root.dir)).code).toBe(0);
});
afterAll(() => root.cleanup());

describe('strata apply', () => {
  it('--plan lists every file and migration it would write, and writes nothing', async () => {
    const before = hashTree(project);
    const { code, out } = await run('apply', spec(SPEC), '--plan');
    expect(code).toBe(0);
    const planned = actions(out);
    for (const file of [
      'src/db/models/book.ts',
      'src/db/models/book-genre.ts',
      'src/db/queries/book-bulk.ts',
      'src/db/queries/author-copy.ts',
      'src/db/queries/genre-changes.ts',
      'src/routes/top-books.ts',
    ])
      expect(planned.get(file), file).toBe('create');
    expect([...planned.keys()].filter((f) => /migrations\/\d+_create_\w+\.ts$/.test(f))).toHaveLength(4);
    expect(out.at(-1)).toMatch(/^apply \(dry run, nothing written\): \d+ create, 4 update$/);
    expect(hashTree(project)).toBe(before);
  });

  it('makes the app, records the same spec in .strata/app.yaml, and a second apply is identical everywhere', async () => {
    const { code, err } = await run('apply', spec(SPEC));
    expect(code, err).toBe(0);
    expect(parse(read('.strata/app.yaml'))).toEqual(SPEC);
    expect(read('docs/erd.md')).toContain('authors ||--o{ books : "author_id ON DELETE CASCADE"');
    const before = hashTree(project);
    const plan = await run('apply', spec(SPEC), '--plan');
    expect(plan.out).toEqual(['apply (dry run, nothing written): nothing to do']);
    const again = await run('apply', spec(SPEC));
    expect(again.out).toEqual(['apply: nothing to do']);
    expect(hashTree(project)).toBe(before);
  });

  it("a changed spec changes only what differs, merged with the user's edits, with an alter migration", async () => {
    write('src/routes/books.ts', `// The user's note.\n${read('src/routes/books.ts')}`);
    const next = structuredClone(SPEC) as typeof SPEC & { entities: Record<string, unknown> };
    (next.entities.Book.fields as Record<string, string>).isbn = 'string{20}:unique:optional';
    next.entities.Publisher = { fields: { name: 'string{80}' } };
    const plan = await run('apply', spec(next), '--plan');
    const planned = actions(plan.out);
    expect(planned.get('src/routes/books.ts')).toBe('merge');
    expect(planned.get('src/db/models/publisher.ts')).toBe('create');
    expect([...planned.values()]).not.toContain('identical');
    // Genre, Author and the query did not change: their files are not in the plan.
    expect([...planned.keys()].some((f) => /genre|author|top-books/.test(f) && !f.includes('book'))).toBe(false);
    const { code } = await run('apply', spec(next));
    expect(code).toBe(0);
    expect(read('src/routes/books.ts')).toMatch(/^\/\/ The user's note\.\n[\s\S]*isbn/);
    expect(read('src/db/queries/book-bulk.ts')).toContain('isbn');
  });

  it('an entity removed from the spec is destroyed, which needs --allow-destructive', async () => {
    const next = structuredClone(SPEC) as { entities: Record<string, unknown> };
    (next.entities.Book as { fields: Record<string, string> }).fields.isbn = 'string{20}:unique:optional';
    const before = hashTree(project);
    const refused = await run('apply', spec(next));
    expect(refused.code).toBe(2);
    expect(refused.err.trim().split('\n')).toEqual([
      expect.stringMatching(/^strata: .*app\.yaml: entities\.Publisher: destroying Publisher drops table publishers .*\[STRATA_DESTRUCTIVE\]$/),
    ]);
    expect(hashTree(project)).toBe(before);
    const { code, out } = await run('apply', spec(next), '--allow-destructive');
    expect(code).toBe(0);
    expect(actions(out).get('src/db/models/publisher.ts')).toBe('delete');
    expect(Object.keys(parse(read('.strata/app.yaml')).entities)).toEqual(['Author', 'Book', 'Genre']);
  });

  it("one spec can drop a reference and the entity it pointed at; a query's dropped route goes with its registrations", async () => {
    const next = structuredClone(SPEC) as { entities: Record<string, unknown>; queries: Record<string, Record<string, unknown>> };
    (next.entities.Book as { fields: Record<string, string> }).fields = {
      title: 'string{200}:index',
      price: 'decimal{10,2}',
      isbn: 'string{20}:unique:optional',
    };
    (next.entities.Book as { indexes?: string[] }).indexes = undefined;
    delete next.entities.Author;
    delete next.queries.top_books!.route;
    const { code, out, err } = await run('apply', spec(next), '--allow-destructive');
    expect(code, err).toBe(0);
    const done = actions(out);
    expect(done.get('src/db/models/author.ts')).toBe('delete');
    for (const file of ['src/routes/top-books.ts', 'src/services/top-books-service.ts', 'test/queries/top-books.test.ts'])
      expect(done.get(file), file).toBe('delete');
    expect(read('src/routes/index.ts')).not.toContain('topBooks');
    expect(read('src/services/index.ts')).not.toContain('TopBooks');
    expect(read('src/db/queries/top-books.ts')).toContain('SELECT id, title FROM books');
    const again = await run('apply', spec(next), '--plan');
    expect(again.out).toEqual(['apply (dry run, nothing written): nothing to do']);
  });

  it('a bad spec is one line naming its path in the spec, exit 2, and nothing is written', async () => {
    const before = hashTree(project);
    // biome-ignore lint/suspicious/noExplicitAny: a spec broken on purpose is untyped, as a user's YAML is
    const bad = (change: (s: any) => void) => {
      const s = structuredClone(SPEC);
      change(s);
      return s;
    };
    for (const [value, text] of [
      [bad((s) => (s.entities.Book.fields.price = 'money')), 'entities.Book.fields.price: field "price:money": unknown type "money"'],
      [bad((s) => (s.entities.Book.fields.price = 'decimal{2,10}')), 'entities.Book.fields.price: field "price:decimal{2,10}"'],
      [bad((s) => (s.entities.Book.colour = 'red')), 'entities.Book: "colour" is not a key here'],
      [bad((s) => delete s.entities.Genre.fields), 'entities.Genre: "fields" is required'],
      [
        bad((s) => (s.entities.Book.fields.publisher = 'references{Publisher}')),
        'entities.Book.fields.publisher: references Publisher, which is not an entity of the spec; add it under entities',
      ],
      [bad((s) => (s.relations['Book.genres'] = { manyToMany: 'Movie' })), 'relations.Book.genres: Movie is not an entity of the spec'],
      [bad((s) => (s.queries.top_books.params = ['limit:money'])), 'queries.top_books.params.0: "limit:money" is not in the form'],
      [bad((s) => (s.entities.lower = { fields: { a: 'text' } })), 'entities: "lower" is not a valid name here'],
      [bad((s) => (s.entities.Book.bulk = 'yes')), 'entities.Book.bulk: must be boolean'],
      [
        bad((s) => (s.entities.Author.fields.favourite = 'references{Genre}:optional')),
        'entities.Author.fields.favourite: references Genre, which comes after Author; list it first',
      ],
    ] as const) {
      const r = await run('apply', spec(value));
      expect(r.code, text).toBe(2);
      expect(r.err.trim().split('\n'), text).toEqual([expect.stringContaining(text)]);
      expect(r.err).toMatch(/\[STRATA_(APP_SPEC|REFERENCE)\]\n$/);
    }
    writeFileSync(path.join(root.dir, 'broken.yaml'), 'entities:\n  Book: [unclosed\n');
    const yaml = await run('apply', path.join(root.dir, 'broken.yaml'));
    expect(yaml.code).toBe(2);
    expect(yaml.err).toMatch(/broken\.yaml: .*\[STRATA_APP_SPEC\]\n$/);
    const missing = await run('apply', 'nope.yaml');
    expect(missing.err).toContain('"nope.yaml" is not a file');
    const folder = await run('apply', '.');
    expect([folder.code, folder.err.trim().split('\n').length]).toEqual([2, 1]);
    expect(hashTree(project)).toBe(before);
  });

  it("the published JSON Schema is valid, and the project's own .strata/app.yaml satisfies it", () => {
    const schema = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', '..', 'docs', 'app-spec.schema.json'), 'utf8'));
    const validate = new Ajv({ strict: true, allowMatchingProperties: true }).compile(schema);
    expect(validate(parse(read('.strata/app.yaml'))), JSON.stringify(validate.errors)).toBe(true);
    const sample = parse(readFileSync(path.resolve(import.meta.dirname, '..', '..', 'sample-app', '.strata', 'app.yaml'), 'utf8'));
    expect(validate(sample), JSON.stringify(validate.errors)).toBe(true);
  });
});
