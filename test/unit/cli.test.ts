import { readFileSync, writeFileSync } from 'node:fs';
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
    expect(err).toBe('strata: field "price:money": unknown type "money"; use one of string, text, integer, bigint, float, decimal, boolean, date, datetime, uuid, json, enum [STRATA_FIELD_TYPE]\n');
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
    expect(real.out.filter((l) => l.includes('update')).length).toBe(3);
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

  it('other fields for an existing model are a conflict: diff shown, nothing written, exit 1', async () => {
    const before = hashTree(project);
    const other = await strata(['g', 'model', 'Product', 'name:string{80}'], project);
    expect(other.code).toBe(1);
    expect(other.err).toContain('STRATA_CONFLICT');
    expect(other.out.join('\n')).toMatch(/conflict {2}src\/db\/models\/product\.ts/);
    expect(other.out.join('\n')).toContain('+    name: Type.String({ maxLength: 80 })');
    expect(hashTree(project)).toBe(before);
  });

  it('--skip keeps conflicting files; --force overwrites them', async () => {
    const file = path.join(project, 'src/db/models/product.ts');
    const original = readFileSync(file, 'utf8');
    const skipped = await strata(['g', 'model', 'Product', 'name:string{80}', '--skip'], project);
    expect(skipped.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(original);
    const forced = await strata(['g', 'model', 'Product', 'name:string{80}', '--force'], project);
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('DataType.STRING(80)');
    writeFileSync(file, original);
  });
});

describe('help and version', () => {
  it('--version prints the package version', async () => {
    const { code, out } = await strata(['--version'], root.dir);
    expect(code).toBe(0);
    expect(out).toEqual([JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version]);
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
