// strata erd: the snapshot drawn as a Mermaid erDiagram (docs/erd.md, kept current by every
// schema change) or as Graphviz DOT, each checked with its own language's parser.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDot } from '@ts-graphviz/ast';
import mermaid from 'mermaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashTree, strata, tempDir } from '../helpers.ts';

let root: { dir: string; cleanup: () => void };
let project: string;
const read = (file: string) => readFileSync(path.join(project, file), 'utf8');
/** The Mermaid block of a docs/erd.md. */
const mermaidOf = (page: string) => /```mermaid\n([\s\S]*?)```/.exec(page)![1]!;

beforeAll(async () => {
  root = tempDir();
  project = path.join(root.dir, 'shop');
  expect((await strata(['new', 'shop', '--no-install'], root.dir)).code).toBe(0);
});
afterAll(() => root.cleanup());

describe('strata erd', () => {
  it('strata new writes an empty diagram that Mermaid parses', async () => {
    const diagram = mermaidOf(read('docs/erd.md'));
    expect(diagram.trim()).toBe('erDiagram');
    await expect(mermaid.parse(diagram)).resolves.toMatchObject({ diagramType: 'er' });
  });

  it('every schema change redraws docs/erd.md: columns with types and keys, relations with cardinality and ON DELETE', async () => {
    for (const argv of [
      ['generate', 'model', 'User', 'email:string:unique', 'name:string{80}:optional'],
      ['generate', 'model', 'Product', 'name:string{120}:unique', 'price:decimal{10,2}', 'status:enum{draft,live}=draft', 'owner:references{User}:cascade'],
      ['generate', 'model', 'Review', 'stars:integer', 'product:references{Product}:restrict', 'author:references{User}:set-null:optional'],
      ['generate', 'model', 'Tag', 'label:string{40}:unique'],
      ['generate', 'relation', 'Product', 'tags', '--many-to-many', 'Tag'],
    ]) {
      const r = await strata(argv, project);
      expect(r.code, r.err).toBe(0);
      expect(r.out.join('\n')).toMatch(/(create|update) {2}docs\/erd\.md/);
    }
    const diagram = mermaidOf(read('docs/erd.md'));
    await expect(mermaid.parse(diagram)).resolves.toMatchObject({ diagramType: 'er' });
    for (const line of [
      '  products {',
      '    bigint id PK',
      '    varchar(120) name UK',
      '    numeric(10,2) price',
      '    enum_products_status status "one of draft | live, default \'draft\'"',
      '    bigint owner_id FK',
      '    timestamptz created_at "default now()"',
      '    varchar(80) name "nullable"',
      // A required parent is exactly one (||), an optional one zero or one (|o); children are many.
      '  users ||--o{ products : "owner_id ON DELETE CASCADE"',
      '  products ||--o{ reviews : "product_id ON DELETE RESTRICT"',
      '  users |o--o{ reviews : "author_id ON DELETE SET NULL"',
      '  tags ||--o{ product_tags : "tag_id ON DELETE CASCADE"',
    ])
      expect(diagram.split('\n'), line).toContain(line);
  });

  it("Mermaid's parser is a real check: a broken diagram is refused", async () => {
    await expect(mermaid.parse('erDiagram\n  users ||--o{ : "no child"\n')).rejects.toThrow(/Parse error/);
  });

  it('strata erd rewrites nothing when the diagram is current', async () => {
    const before = hashTree(project);
    const r = await strata(['erd'], project);
    expect(r.code).toBe(0);
    expect(r.out).toEqual(['   identical  docs/erd.md']);
    expect(hashTree(project)).toBe(before);
  });

  it('--format dot writes docs/erd.dot, which a DOT parser reads as one node per table and one edge per foreign key', async () => {
    const r = await strata(['erd', '--format', 'dot'], project);
    expect(r.code, r.err).toBe(0);
    const ast = parseDot(read('docs/erd.dot'));
    const graph = ast.children.find((c) => c.type === 'Graph')!;
    const nodes = graph.children.filter((c) => c.type === 'Node').map((n) => (n as { id: { value: string } }).id.value);
    expect(nodes.sort()).toEqual(['product_tags', 'products', 'reviews', 'tags', 'users']);
    const edges = graph.children.filter((c) => c.type === 'Edge');
    expect(edges).toHaveLength(5);
    expect(read('docs/erd.dot')).toContain(
      '"reviews":"author_id" -> "users":"id" [label="author_id\\nON DELETE SET NULL", taillabel="0..*", headlabel="0..1"];',
    );
    expect(() => parseDot('digraph { a -> }')).toThrow();
  });

  it('--stdout prints the diagram and writes nothing; a bad --format is one line, exit 2', async () => {
    const before = hashTree(project);
    const out = await strata(['erd', '--stdout'], project);
    expect(out.code).toBe(0);
    expect(out.out.join('\n')).toMatch(/^erDiagram\n {2}product_tags \{/);
    const bad = await strata(['erd', '--format', 'svg'], project);
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toEqual(['strata: --format "svg" is not one of mermaid, dot [STRATA_USAGE]']);
    expect(hashTree(project)).toBe(before);
  });

  it("a docs/erd.md of the user's own is left alone by schema changes, and strata erd calls it a conflict", async () => {
    writeFileSync(path.join(project, 'docs/erd.md'), '# Our data model\n\nDrawn by hand.\n');
    const r = await strata(['generate', 'model', 'Note', 'body:text'], project);
    expect(r.code, r.err).toBe(0);
    expect(read('docs/erd.md')).toBe('# Our data model\n\nDrawn by hand.\n');
    const erd = await strata(['erd'], project);
    expect(erd.code).toBe(1);
    expect(erd.out).toContain('    conflict  docs/erd.md');
    expect((await strata(['erd', '--force'], project)).code).toBe(0);
    expect(mermaidOf(read('docs/erd.md'))).toContain('  notes {');
  });

  it("the sample app's diagram parses, with every table of its snapshot", async () => {
    const sample = path.resolve(import.meta.dirname, '..', '..', 'sample-app');
    expect(existsSync(path.join(sample, 'docs/erd.md'))).toBe(true);
    const diagram = mermaidOf(readFileSync(path.join(sample, 'docs/erd.md'), 'utf8'));
    await expect(mermaid.parse(diagram)).resolves.toMatchObject({ diagramType: 'er' });
    const { tables } = JSON.parse(readFileSync(path.join(sample, 'src/db/migrations/snapshot.json'), 'utf8')) as { tables: { name: string }[] };
    for (const { name } of tables) expect(diagram).toContain(`  ${name} {`);
  });
});
