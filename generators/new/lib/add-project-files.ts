import { listTemplates, writeTemplate } from '../../../src/render.ts';
import type { Tree } from '../../../src/tree.ts';
import type { NewOptions } from './normalize-options.ts';

/** Template files whose names npm would drop or hide if they were stored as such. */
const RENAMES: Record<string, string> = { gitignore: '.gitignore', 'prettierrc.json': '.prettierrc.json' };

/** Renders every template under templates/new into the project. */
export async function addProjectFiles(tree: Tree, options: NewOptions): Promise<void> {
  for (const template of listTemplates('new')) {
    const file = RENAMES[template] ?? template;
    await writeTemplate(tree, `new/${template}`, file, options);
  }
}
