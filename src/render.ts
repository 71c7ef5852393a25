import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import * as prettier from 'prettier';
import type { Tree } from './tree.ts';
import { PACKAGE_ROOT } from './package-root.ts';

/** Where the handlebars templates live. */
export const TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');

/** The prettier options of generated projects (also written to their .prettierrc.json). */
export const PRETTIER_OPTIONS: prettier.Options = { singleQuote: true, printWidth: 120 };

const hbs = Handlebars.create();
// The one logic helper templates get: equality, to pick between precomputed values.
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
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

/** Formats generated source with prettier, so output is the same whoever runs it. */
export async function format(file: string, source: string): Promise<string> {
  const parser = PARSERS[path.extname(file)];
  if (!parser) return source;
  return prettier.format(source, { ...PRETTIER_OPTIONS, parser });
}

/** Renders a template, formats it, and stages it at `file` in the tree. */
export async function writeTemplate(tree: Tree, template: string, file: string, view: object): Promise<void> {
  tree.write(file, await format(file, renderTemplate(template, view)));
}
