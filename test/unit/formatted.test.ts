// Templates emit prettier's bytes, so generating runs prettier only on files edited through the AST
// (and on a render whose code runs past the print width). This checks it over random models: names
// of every length, every field type and modifier, with a parent to reference, then COPY, bulk, a
// many-to-many relation and a bulk update.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import * as prettier from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { formatStats, PRETTIER_OPTIONS, renderTemplate } from '../../src/render.ts';
import { withinWidth } from '../../src/width.ts';

// A fixed seed keeps CI repeatable; FORMAT_SEED and FORMAT_RUNS explore further.
const RUNS = Number(process.env.FORMAT_RUNS ?? 25);
const SEED = Number(process.env.FORMAT_SEED ?? 20261125);
/** Names up to this many characters never need prettier. */
const SHORT = 12;
let root: string;
let base: string;

/** Every .ts file of a project, relative path to text, without node_modules. */
function sources(dir: string): Map<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter(
    (e) => e.isFile() && e.name.endsWith('.ts') && !e.parentPath.includes('node_modules'),
  );
  return new Map(files.map((e) => [path.relative(dir, path.join(e.parentPath, e.name)), readFileSync(path.join(e.parentPath, e.name), 'utf8')]));
}

async function run(cwd: string, argv: string[]): Promise<void> {
  const lines: string[] = [];
  const code = await main(argv, { out: (line) => lines.push(line), cwd });
  if (code !== 0) throw new Error(`strata ${argv.join(' ')} exited ${code}: ${lines.join('\n')}`);
}

/** Lowercase letters, lengths spread over the whole range (fast-check's default size keeps strings short). */
const letters = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: min, maxLength: max, size: 'max' });
/** A field of any type, named fx... so that no name is reserved, with its modifiers. */
const field = fc
  .record({
    name: fc.oneof(letters(0, 10), letters(0, 37)),
    type: fc.constantFrom(
      'string{40}',
      'string{255}',
      'text',
      'integer',
      'bigint',
      'float',
      'decimal{12,2}',
      'boolean',
      'date',
      'datetime',
      'uuid',
      'json',
      'enum{red,green,blue}',
      'password',
      'parent:references{Parent}',
    ),
    optional: fc.boolean(),
    unique: fc.boolean(),
  })
  .map(({ name, type, optional, unique }) => {
    if (type.includes(':references')) return type;
    const indexable = !['text', 'json', 'password', 'boolean'].includes(type.replace(/\{.*/, ''));
    return `fx${name}:${type}${unique && indexable ? ':unique' : ''}${optional && type !== 'password' ? ':optional' : ''}`;
  });
const model = fc.record({
  name: fc.oneof(letters(0, 10), letters(0, 39)).map((s) => `Mz${s}`),
  fields: fc.uniqueArray(field, { minLength: 1, maxLength: 8, selector: (f) => f.split(':')[0] }),
  softDelete: fc.boolean(),
  notify: fc.boolean(),
});

describe('templates emit what prettier prints', () => {
  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'strata-format-'));
    await run(root, ['new', 'app', '--no-install']);
    base = path.join(root, 'app');
    await run(base, ['generate', 'model', 'Parent', 'title:string{80}']);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('keeps over-long comments, SQL and test titles, and flags code past the print width', () => {
    const long = 'x'.repeat(130);
    const fits = (text: string) => withinWidth(text, PRETTIER_OPTIONS.printWidth);
    expect(fits(`// ${long}\n`)).toBe(true);
    expect(fits(`export const SQL = \`SELECT ${long}\`;\n`)).toBe(true);
    expect(fits(`const q = {\n  staging: \`SELECT ${long}\`,\n};\n`)).toBe(true);
    expect(fits(`it('${long}', async () => {\n});\n`)).toBe(true);
    expect(fits(`const sql = \`\nSELECT \${a} ${long} \${b}\n\`;\n`)).toBe(true);
    expect(fits(`  return \`${long}\`;\n`)).toBe(true);
    expect(fits(`await sql(\`SELECT ${long}\`);\n`)).toBe(false);
    expect(fits(`const x = call(${long.replace(/x/g, 'a, ')});\n`)).toBe(false);
    expect(fits(`const s = '${long}';\n`)).toBe(false);
    expect(fits(`const s = f('${long}');\n`)).toBe(false);
    expect(fits(`const m = {\n  '22021': '${long}',\n};\n`)).toBe(false);
    expect(fits(`foo(a, { key: \`${long}\` });\n`)).toBe(false);
    expect(fits(`const v = c ? x : \`${long}\`;\n`)).toBe(false);
    expect(fits(`foo(); // ${long}\n`)).toBe(false);
  });

  it('renders a migration call with several arguments, one spanning lines, as prettier does', async () => {
    const call = (args: string[]) => ({ name: 'backfill', args, multilineArgs: args.length > 1 && args.some((a) => a.includes('\n')) });
    for (const args of [["'t'", "'c'", '`CASE\nWHEN x THEN 1\nEND`'], ['`SELECT\n1`'], ["'t'", "'c'", '`1`']]) {
      const text = renderTemplate('migration/migration.ts', {
        id: 'a',
        prevId: 'b',
        summary: ['a change'],
        loss: [],
        stepwise: true,
        up: { calls: [call(args)], uses: 'backfill' },
        down: { calls: [], uses: '' },
      });
      expect(text).toBe(await prettier.format(text, { ...PRETTIER_OPTIONS, parser: 'typescript' }));
    }
  });

  it('on random models, prettier leaves every file the generators write unchanged, and short names need no prettier at all', async () => {
    let written = 0;
    await fc.assert(
      fc.asyncProperty(model, async (m) => {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'strata-format-run-'));
        try {
          cpSync(base, dir, { recursive: true });
          const before = sources(dir);
          const fallbacks = formatStats.fallbacks;
          const flags = [...(m.softDelete ? ['--soft-delete'] : []), ...(m.notify ? ['--notify'] : [])];
          await run(dir, ['generate', 'model', m.name, ...m.fields, ...flags]);
          await run(dir, ['generate', 'copy', m.name]);
          await run(dir, ['generate', 'bulk', m.name]);
          await run(dir, ['generate', 'relation', m.name, 'parents', '--many-to-many', 'Parent']);
          const flag = m.fields.find((f) => f.endsWith(':boolean') || f.includes(':boolean:'));
          if (flag) await run(dir, ['generate', 'bulk-update', m.name, 'flip-all', '--set', `${flag.split(':')[0]}=true`]);
          for (const [file, text] of sources(dir)) {
            if (before.get(file) === text) continue;
            written++;
            expect(text, file).toBe(await prettier.format(text, { ...PRETTIER_OPTIONS, parser: 'typescript' }));
          }
          // Names of up to SHORT characters and at most two password fields leave every line within
          // 120 columns or in a fits block (more secrets make destructurings whose layout prettier decides).
          const longest = Math.max(m.name.length, ...m.fields.map((f) => f.split(':')[0]!.length));
          const secrets = m.fields.filter((f) => f.includes(':password')).length;
          if (longest <= SHORT && secrets <= 2) expect(formatStats.fallbacks - fallbacks, `${m.name} ${m.fields.join(' ')}`).toBe(0);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    expect(written).toBeGreaterThan(RUNS * 10);
  }, 600_000);
});
