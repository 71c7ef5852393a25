import { updateAppSpec } from '../../src/app-spec.ts';
import { runGenerator, type Generator } from '../../src/generator.ts';
import type { Tree } from '../../src/tree.ts';
import { modelCoreGenerator } from '../model-core/index.ts';
import { MODEL_USAGE } from './usage.ts';
import { addFactory, addSupportFiles, addNotify, addRelationTests, addRepository, addRoutes, addService, addTest } from './lib/add-files.ts';
import { normalizeOptions, type ModelArgs, type ModelOptions } from './lib/normalize-options.ts';
import { addHasMany, registerRoutes, registerService } from './lib/register.ts';

/** `strata generate model`: a model (model-core) and every layer above it, registered in the app. */
export const modelGenerator: Generator<ModelArgs, ModelOptions> = {
  name: 'model',
  usage: MODEL_USAGE,
  normalize: normalizeOptions,
  steps: [
    ...modelCoreGenerator.steps,
    ['add support files', addSupportFiles],
    ['add repository', addRepository],
    ['add service', addService],
    ['add routes', addRoutes],
    ['add factory', addFactory],
    ['add test', addTest],
    ['add relation tests', addRelationTests],
    ['add change listener', addNotify],
    ['add has-many to referenced models', addHasMany],
    ['register service', registerService],
    ['register routes', registerRoutes],
    [
      'record in app spec',
      (tree, o) =>
        updateAppSpec(tree, (spec) => {
          spec.entities[o.names.className] = o.entity;
        }),
    ],
    ['regenerate its bulk, COPY and bulk-update layers', regenerateRawLayers],
  ],
};

/** The raw-layer code generated for this entity reads its columns: it is rendered again with them. */
async function regenerateRawLayers(tree: Tree, o: ModelOptions): Promise<void> {
  const model = o.names.className;
  // Loaded only for a model that has them: most runs never need these generators.
  if (o.entity.bulk) await runGenerator((await import('../bulk/index.ts')).bulkGenerator, { model }, tree);
  if (o.entity.copy) await runGenerator((await import('../copy/index.ts')).copyGenerator, { model }, tree);
  for (const [action, set] of Object.entries(o.entity.bulkUpdates ?? {})) {
    await runGenerator((await import('../bulk-update/index.ts')).bulkUpdateGenerator, { model, action, set }, tree);
  }
}
