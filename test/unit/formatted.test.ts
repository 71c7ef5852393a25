// Templates emit prettier's bytes, so generating runs prettier only on files edited through the AST
// (and on a render whose code runs past the print width). This checks it over random models: names
// of every length, every field type and modifier, with a parent to reference, then COPY and bulk.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import * as prettier from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { formatStats, PRETTIER_OPTIONS, withinWidth } from '../../src/render.ts';

const RUNS = Number(process.env.FORMAT_RUNS ?? 25);
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

const letters = (min: number, max: number) => fc.stringMatching(new RegExp(`^[a-z]{${min},${max}}$`));
/** A field of any type, named fNNN... so that no name is reserved, and with its modifiers. */
const field = fc
  .record({
    name: letters(0, 37),
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
  name: letters(0, 39).map((s) => `Mz${s}`),
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
    expect(withinWidth(`// ${long}\n`)).toBe(true);
    expect(withinWidth(`export const SQL = \`SELECT ${long}\`;\n`)).toBe(true);
    expect(withinWidth(`const q = {\n  staging: \`SELECT ${long}\`,\n};\n`)).toBe(true);
    expect(withinWidth(`it('${long}', async () => {\n});\n`)).toBe(true);
    expect(withinWidth(`const sql = \`\nSELECT ${long}\n\`;\n`)).toBe(true);
    expect(withinWidth(`await sql(\`SELECT ${long}\`);\n`)).toBe(false);
    expect(withinWidth(`const x = call(${long.replace(/x/g, 'a, ')});\n`)).toBe(false);
    expect(withinWidth(`const s = '${long}';\n`)).toBe(false);
    expect(withinWidth(`const s = f('${long}');\n`)).toBe(false);
  });

  it('on random models, every file a generator writes is byte-identical to prettier, and renders need prettier only past the print width', async () => {
    let renders = 0;
    await fc.assert(
      fc.asyncProperty(model, async (m) => {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'strata-format-run-'));
        try {
          cpSync(base, dir, { recursive: true });
          const before = sources(dir);
          formatStats.templates.length = 0;
          const flags = [...(m.softDelete ? ['--soft-delete'] : []), ...(m.notify ? ['--notify'] : [])];
          await run(dir, ['generate', 'model', m.name, ...m.fields, ...flags]);
          // Names of up to 8 letters never need prettier's wrapping in a model: the templates' fits blocks do it.
          const longest = Math.max(m.name.length, ...m.fields.map((f) => f.split(':')[0]!.length));
          if (longest <= 8) expect(formatStats.templates, `${m.name} ${m.fields.join(' ')}`).toEqual([]);
          await run(dir, ['generate', 'copy', m.name]);
          await run(dir, ['generate', 'bulk', m.name]);
          for (const [file, text] of sources(dir)) {
            if (before.get(file) === text) continue;
            renders++;
            expect(text, file).toBe(await prettier.format(text, { ...PRETTIER_OPTIONS, parser: 'typescript' }));
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS, seed: process.env.FORMAT_SEED ? Number(process.env.FORMAT_SEED) : undefined },
    );
    expect(renders).toBeGreaterThan(RUNS * 10);
  }, 300_000);
});
