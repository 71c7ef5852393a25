import type { ModelCtor } from 'sequelize-typescript';

/** Every model of the app; strata adds new ones here. */
export const models: ModelCtor[] = [];
