import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import jsTokens from 'js-tokens';
import type { Options } from 'prettier';
import type { Tree } from './tree.ts';
import { PACKAGE_ROOT } from './package-root.ts';

/** Where the handlebars templates live. */
export const TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');

/** The prettier options of generated projects (also written to their .prettierrc.json). */
export const PRETTIER_OPTIONS = { singleQuote: true, printWidth: 120 } satisfies Options;

const hbs = Handlebars.create();
// Templates get two helpers: equality, to pick between precomputed values, and fits.
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
// {{#fits}}one-line form{{else}}broken form{{/fits}}: the one-line form when it fits the print width
// up to its first line break (a template literal's), as prettier decides, so that templates emit
// prettier's bytes whatever the length of names.
hbs.registerHelper('fits', function (this: unknown, options: Handlebars.HelperOptions): string {
  const flat = options.fn(this);
  return flat.split('\n', 1)[0]!.length <= PRETTIER_OPTIONS.printWidth ? flat : options.inverse(this);
});
const cache = new Map<string, Handlebars.TemplateDelegate>();

/** Renders one template (a path under templates/, without .hbs). Templates get precomputed values only. */
export function renderTemplate(name: string, view: object): string {
  let template = cache.get(name);
  if (!template) {
    const source = readFileSync(path.join(TEMPLATES_DIR, `${name}.hbs`), 'utf8');
    template = hbs.compile(source, { noEscape: true, strict: true });
    cache.set(name, template);
  }
  return template(view);
}

/** Every template under a folder of templates/, as paths relative to that folder without .hbs. */
export function listTemplates(dir: string): string[] {
  const root = path.join(TEMPLATES_DIR, dir);
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.hbs'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/').slice(0, -4))
    .sort();
}

const PARSERS: Record<string, string> = { '.ts': 'typescript', '.json': 'json', '.md': 'markdown', '.yml': 'yaml' };

/** What prettier formatted in this process: files in all, and the templates whose render needed it. */
export const formatStats = { prettier: 0, templates: [] as string[] };

/** Formats source with prettier (loaded on first use), so output is the same whoever runs it. */
export async function format(file: string, source: string): Promise<string> {
  const parser = PARSERS[path.extname(file)];
  if (!parser) return source;
  formatStats.prettier++;
  const prettier = await import('prettier');
  return prettier.format(source, { ...PRETTIER_OPTIONS, parser });
}

/**
 * Renders a template. Templates emit prettier's bytes, so prettier runs only
 * when a long name or many fields push code past the print width; the template
 * tests prove every other render is already what prettier prints.
 */
export async function renderFormatted(template: string, file: string, view: object): Promise<string> {
  const text = renderTemplate(template, view);
  if (path.extname(file) !== '.ts' || withinWidth(text)) return text;
  formatStats.templates.push(template);
  return format(file, text);
}

const TEMPLATES = new Set(['NoSubstitutionTemplate', 'TemplateHead', 'TemplateMiddle', 'TemplateTail']);
const LITERALS = new Set([...TEMPLATES, 'StringLiteral', 'RegularExpressionLiteral', 'MultiLineComment', 'SingleLineComment']);
const CLOSERS = new Set([',', ';', ')', ']', '}']);
const TEST_CALLS = new Set(['it', 'test', 'describe']);

/**
 * Whether no line is past the print width, except lines prettier cannot wrap: a comment; a literal
 * that starts its line; a template literal after `=`, `:` or `return` (prettier never breaks before
 * one); a test's title. Each may be followed by closing punctuation only.
 */
export function withinWidth(text: string): boolean {
  const width = PRETTIER_OPTIONS.printWidth;
  const lines = text.split('\n');
  if (lines.every((line) => line.length <= width)) return true;
  // What each line holds: 'literal' or 'template' for strings, templates and comments, or a token's text.
  const held: string[][] = [[]];
  for (const token of jsTokens(text)) {
    if (token.type === 'WhiteSpace') continue;
    if (token.type === 'LineTerminatorSequence') {
      held.push([]);
      continue;
    }
    const kind = TEMPLATES.has(token.type) ? 'template' : LITERALS.has(token.type) ? 'literal' : token.value;
    held[held.length - 1]!.push(kind);
    for (let i = token.value.split('\n').length; i > 1; i--) held.push([kind]);
  }
  return lines.every((line, i) => line.length <= width || unwrappable(held[i] ?? []));
}

const isLiteral = (kind: string | undefined): boolean => kind === 'literal' || kind === 'template';

function unwrappable(kinds: string[]): boolean {
  if (TEST_CALLS.has(kinds[0]!) && kinds[1] === '(' && isLiteral(kinds[2])) return true;
  let end = kinds.length;
  while (end > 0 && CLOSERS.has(kinds[end - 1]!)) end--;
  const first = kinds.findIndex(isLiteral);
  if (first < 0 || !isLiteral(kinds[end - 1])) return false;
  if (first === 0) return true;
  const before = kinds[first - 1];
  return kinds[first] === 'template' && (before === '=' || before === ':' || before === 'return');
}

/** Renders a template and stages it at `file` in the tree. */
export async function writeTemplate(tree: Tree, template: string, file: string, view: object): Promise<void> {
  tree.write(file, await renderFormatted(template, file, view));
}
