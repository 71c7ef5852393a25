import type { Generator } from '../../src/generator.ts';
import { normalizeOptions, type ModelArgs, type ModelOptions } from '../model/lib/normalize-options.ts';
import { MODEL_USAGE } from '../model/usage.ts';
import { addMigration, addModel, registerModel } from './lib/add-model.ts';

/**
 * What every model has, with an API or without: its class, its create
 * migration (and the snapshot past it), and its place in the models index.
 * `generate model` runs these steps before the API layers; `generate
 * relation` runs them for the join model of a many-to-many.
 */
export const modelCoreGenerator: Generator<ModelArgs, ModelOptions> = {
  name: 'model-core',
  usage: MODEL_USAGE,
  normalize: normalizeOptions,
  steps: [
    ['add model', addModel],
    ['add migration', addMigration],
    ['register model', registerModel],
  ],
};
