import type { Generator } from '../../src/generator.ts';
import { addMigration, addModel, addRepository, addRoutes, addService, addTest } from './lib/add-files.ts';
import { normalizeOptions, type ModelArgs, type ModelOptions } from './lib/normalize-options.ts';
import { registerModel, registerRoutes, registerService } from './lib/register.ts';

/** `strata generate model`: a model and every layer above it, registered in the app. */
export const modelGenerator: Generator<ModelArgs, ModelOptions> = {
  name: 'model',
  usage: `Generates a sequelize-typescript model, its migration, repository, service,
Fastify routes and an end-to-end test, and registers them in the app.

Fields: name:type[{args}][:modifier...]
  types      string (255) string{n} text integer bigint float decimal{p,s} boolean
             date datetime uuid json enum{a,b,c}
  modifiers  unique index optional hidden =default

Example:
  strata generate model Product name:string{120}:unique price:decimal{10,2} \\
    stock:integer=0 isActive:boolean=true:index description:text:optional --index name,isActive`,
  normalize: normalizeOptions,
  steps: [
    ['add model', addModel],
    ['add migration', addMigration],
    ['add repository', addRepository],
    ['add service', addService],
    ['add routes', addRoutes],
    ['add test', addTest],
    ['register model', registerModel],
    ['register service', registerService],
    ['register routes', registerRoutes],
  ],
};
