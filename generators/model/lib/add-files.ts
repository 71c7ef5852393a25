import { format, renderTemplate } from '../../../src/render.ts';
import type { Tree } from '../../../src/tree.ts';
import type { ModelOptions } from './normalize-options.ts';
import { modelView } from './view.ts';

type PathKey = keyof ModelOptions['paths'];

/** A step that renders one model template to its path. */
function addFile(template: string, key: PathKey) {
  return async (tree: Tree, options: ModelOptions): Promise<void> => {
    const file = options.paths[key];
    tree.write(file, await format(file, renderTemplate(`model/${template}`, modelView(options))));
  };
}

export const addModel = addFile('model.ts', 'model');
export const addMigration = addFile('migration.ts', 'migration');
export const addRepository = addFile('repository.ts', 'repository');
export const addService = addFile('service.ts', 'service');
export const addRoutes = addFile('routes.ts', 'routes');
export const addTest = addFile('test.ts', 'test');
