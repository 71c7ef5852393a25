import type { Generator } from '../../src/generator.ts';
import { modelGenerator } from '../model/index.ts';
import type { ModelOptions } from '../model/lib/normalize-options.ts';
import { normalizeOptions, type FieldArgs } from './lib/normalize-options.ts';
import { FIELD_USAGE } from './usage.ts';

/** `strata generate field`: the model regenerated with more fields, through the same steps as `generate model`. */
export const fieldGenerator: Generator<FieldArgs, ModelOptions> = {
  name: 'field',
  usage: FIELD_USAGE,
  normalize: normalizeOptions,
  steps: modelGenerator.steps,
};
