import type { Generator } from '../../src/generator.ts';
import { normalizeOptions, type DestroyArgs } from './lib/normalize-options.ts';

export { DESTROY_KINDS } from './lib/normalize-options.ts';
import { DESTROY_STEPS, type DestroyOptions } from './lib/steps.ts';
import { DESTROY_USAGE } from './usage.ts';

/** `strata destroy`: what generate wrote, removed and unregistered, with a drop-table migration where it made a table. */
export const destroyGenerator: Generator<DestroyArgs, DestroyOptions> = {
  name: 'destroy',
  usage: DESTROY_USAGE,
  normalize: normalizeOptions,
  steps: DESTROY_STEPS,
};
