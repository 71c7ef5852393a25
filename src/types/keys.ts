/** Primary and foreign key types: bigint for new projects (strata.config.json "keys"), integer for projects made before. */
export type KeyType = 'integer' | 'bigint';

/** What a key of each type is: its SQL type, its Sequelize DataType, and the largest id the API takes (a JSON number stays exact up to 2^53 − 1). */
export const KEY_TYPES: Record<KeyType, { sql: string; dataType: string; max: number }> = {
  integer: { sql: 'integer', dataType: 'DataType.INTEGER', max: 2_147_483_647 },
  bigint: { sql: 'bigint', dataType: 'DataType.BIGINT', max: Number.MAX_SAFE_INTEGER },
};

/** A project's key type when its config says nothing: projects made before bigint keys keep theirs. */
export const DEFAULT_KEYS: KeyType = 'integer';

/** The key type strata new writes into a new project's config. */
export const NEW_PROJECT_KEYS: KeyType = 'bigint';
