import { listTemplates, renderFormatted } from '../../../src/render.ts';
import type { Tree } from '../../../src/tree.ts';
import type { NewOptions } from './normalize-options.ts';

/** Template files whose names npm would drop or hide if they were stored as such. */
const RENAMES: Record<string, string> = { gitignore: '.gitignore', 'prettierrc.json': '.prettierrc.json' };

/** Every file under templates/new, rendered: where it goes and its content. */
export async function renderProjectFiles(options: NewOptions): Promise<Array<{ file: string; content: string }>> {
  const out: Array<{ file: string; content: string }> = [];
  for (const template of listTemplates('new')) {
    const file = RENAMES[template] ?? template;
    out.push({ file, content: await renderFormatted(`new/${template}`, file, options) });
  }
  return out;
}

/** Renders every template under templates/new into the project. */
export async function addProjectFiles(tree: Tree, options: NewOptions): Promise<void> {
  for (const { file, content } of await renderProjectFiles(options)) tree.write(file, content);
}
