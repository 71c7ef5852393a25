import type { Generator } from '../../src/generator.ts';
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
  ],
};
