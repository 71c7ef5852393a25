import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Options } from 'prettier';
import type { Tree } from './tree.ts';
import { PACKAGE_ROOT } from './package-root.ts';
import { withinWidth } from './width.ts';

/** Where the handlebars templates live: strata's own, or a copy named by STRATA_TEMPLATES (to try a template change). */
const templatesDir = (): string => process.env.STRATA_TEMPLATES ?? path.join(PACKAGE_ROOT, 'templates');

/** The prettier options of generated projects (also written to their .prettierrc.json). */
export const PRETTIER_OPTIONS = { singleQuote: true, printWidth: 120 } satisfies Options;

const hbs = Handlebars.create();
// Templates get two helpers: equality, to pick between precomputed values, and fits.
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
// {{#fits}}flat form{{else}}broken form{{/fits}}, standalone lines with their indentation inside:
// the flat form when it fits the print width, as prettier decides, so that templates emit prettier's
// bytes whatever the length of names. A flat form is one line, or a call whose sole argument is a
// template literal, which prettier measures up to its first line break as this does.
hbs.registerHelper('fits', function (this: unknown, options: Handlebars.HelperOptions): string {
  const flat = options.fn(this);
  return flat.split('\n', 1)[0]!.length <= PRETTIER_OPTIONS.printWidth ? flat : options.inverse(this);
});
const cache = new Map<string, Handlebars.TemplateDelegate>();
const COMPILE_OPTIONS = { noEscape: true, strict: true };
/** Where `npm run build` writes the templates precompiled (compiling them took most of handlebars' time). */
const PRECOMPILED_DIR = path.join(PACKAGE_ROOT, 'dist', 'templates');
const requireHere = createRequire(import.meta.url);
const sourceHash = (source: string): string => createHash('sha256').update(source).digest('hex');

/** A template compiled: the build's precompiled form when it was made from the same source, else compiled now. */
function compile(name: string): Handlebars.TemplateDelegate {
  const source = readFileSync(path.join(templatesDir(), `${name}.hbs`), 'utf8');
  const file = path.join(PRECOMPILED_DIR, `${name}.cjs`);
  if (existsSync(file)) {
    const { hash, spec } = requireHere(file) as { hash: string; spec: Parameters<typeof hbs.template>[0] };
    if (hash === sourceHash(source)) return hbs.template(spec);
  }
  return hbs.compile(source, COMPILE_OPTIONS);
}

/** Renders one template (a path under templates/, without .hbs). Templates get precomputed values only. */
export function renderTemplate(name: string, view: object): string {
  const key = `${templatesDir()}:${name}`;
  let template = cache.get(key);
  if (!template) {
    template = compile(name);
    cache.set(key, template);
  }
  return template(view);
}

/** Precompiles every template into dist/templates/ (run by `npm run build`), each with the hash of its source. */
export function precompileTemplates(): number {
  const names = listTemplates('.');
  for (const name of names) {
    const source = readFileSync(path.join(templatesDir(), `${name}.hbs`), 'utf8');
    const file = path.join(PRECOMPILED_DIR, `${name}.cjs`);
    mkdirSync(path.dirname(file), { recursive: true });
    const spec = Handlebars.precompile(source, COMPILE_OPTIONS);
    writeFileSync(file, `module.exports = { hash: '${sourceHash(source)}', spec: ${spec} };\n`);
  }
  return names.length;
}

/** Every template under a folder of templates/, as paths relative to that folder without .hbs. */
export function listTemplates(dir: string): string[] {
  const root = path.join(templatesDir(), dir);
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.hbs'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/').slice(0, -4))
    .sort();
}

/** How many template renders in this process had code past the print width, so prettier formatted them. */
export const formatStats = { fallbacks: 0 };

/** Formats TypeScript with prettier (loaded on first use); other files are returned as they are. */
export async function format(file: string, source: string): Promise<string> {
  if (path.extname(file) !== '.ts') return source;
  const prettier = await import('prettier');
  return prettier.format(source, { ...PRETTIER_OPTIONS, parser: 'typescript' });
}

/** Renders a template, which emits prettier's bytes; prettier formats it only if code runs past the print width. */
export async function renderFormatted(template: string, file: string, view: object): Promise<string> {
  const text = renderTemplate(template, view);
  if (path.extname(file) !== '.ts' || withinWidth(text, PRETTIER_OPTIONS.printWidth)) return text;
  formatStats.fallbacks++;
  return format(file, text);
}

/** Renders a template and stages it at `file` in the tree. */
export async function writeTemplate(tree: Tree, template: string, file: string, view: object): Promise<void> {
  tree.write(file, await renderFormatted(template, file, view));
}
