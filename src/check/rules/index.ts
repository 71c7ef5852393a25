import type { Rule } from './helpers.ts';
import { layerMixedDataLayers } from './layer-mixed-data-layers.ts';
import { layerQueryModule } from './layer-query-module.ts';
import { layerRepositoryBoundary } from './layer-repository-boundary.ts';
import { layerRouteDataAccess } from './layer-route-data-access.ts';
import { layerServiceHttp } from './layer-service-http.ts';
import { lifecycleClientRelease } from './lifecycle-client-release.ts';
import { lifecycleEngineAtImport } from './lifecycle-engine-at-import.ts';
import { lifecycleEngineNotClosed } from './lifecycle-engine-not-closed.ts';
import { lifecyclePoolConfig } from './lifecycle-pool-config.ts';
import { lifecyclePoolOutsideDb } from './lifecycle-pool-outside-db.ts';
import { lifecycleSharedSession } from './lifecycle-shared-session.ts';
import { lifecycleSyncInAsync } from './lifecycle-sync-in-async.ts';
import { lifecycleSyncSchema } from './lifecycle-sync-schema.ts';
import { migrationDown } from './migration-down.ts';
import { migrationLockSafety } from './migration-lock-safety.ts';
import { modelDataType } from './model-data-type.ts';
import { modelFkIndex } from './model-fk-index.ts';
import { modelOnDelete } from './model-on-delete.ts';
import { modelSecretExposed } from './model-secret-exposed.ts';
import { modelSecretName } from './model-secret-name.ts';
import { modelSoftDelete } from './model-soft-delete.ts';
import { modelStringLength } from './model-string-length.ts';
import { modelTimestamps } from './model-timestamps.ts';
import { modelUniqueIndex } from './model-unique-index.ts';
import { queryNPlusOne } from './query-n-plus-one.ts';
import { queryOrmAnalytics } from './query-orm-analytics.ts';
import { queryRawInterpolation } from './query-raw-interpolation.ts';
import { queryRowByRowWrite } from './query-row-by-row-write.ts';
import { queryUnboundedFindall } from './query-unbounded-findall.ts';
import { queryUnboundedPagination } from './query-unbounded-pagination.ts';
import { queryUnindexedFilter } from './query-unindexed-filter.ts';
import { queryUnsafeInput } from './query-unsafe-input.ts';
import { txCommitOutsideService } from './tx-commit-outside-service.ts';
import { txMultiStepWrite } from './tx-multi-step-write.ts';

export type { RawFinding, Rule } from './helpers.ts';

/** The rules of `strata check`, drawn from our data-layer guides, one file each (docs/rules/<id>.md documents each). */
export const RULES: Rule[] = [
  modelTimestamps,
  modelStringLength,
  modelDataType,
  modelFkIndex,
  modelUniqueIndex,
  modelOnDelete,
  modelSecretName,
  modelSecretExposed,
  modelSoftDelete,
  queryNPlusOne,
  queryRowByRowWrite,
  queryUnboundedFindall,
  queryUnboundedPagination,
  queryUnsafeInput,
  queryRawInterpolation,
  queryOrmAnalytics,
  queryUnindexedFilter,
  layerRouteDataAccess,
  layerRepositoryBoundary,
  layerServiceHttp,
  layerQueryModule,
  layerMixedDataLayers,
  txMultiStepWrite,
  txCommitOutsideService,
  lifecyclePoolOutsideDb,
  lifecycleEngineAtImport,
  lifecycleEngineNotClosed,
  lifecyclePoolConfig,
  lifecycleSharedSession,
  lifecycleClientRelease,
  lifecycleSyncInAsync,
  lifecycleSyncSchema,
  migrationDown,
  migrationLockSafety,
];

/** Rules that look at the project as a whole rather than file by file. */
export const PROJECT_RULES = [{ id: 'migration-drift', title: 'Models, snapshot and migrations agree' }] as const;

/** A strata-ignore comment without a reason is itself reported. */
export const IGNORE_RULE = { id: 'ignore-reason', title: 'Every strata-ignore gives a reason' } as const;

/** Every rule id, with its title. */
export function allRules(): Array<{ id: string; title: string }> {
  return [...RULES.map((r) => ({ id: r.id, title: r.title })), ...PROJECT_RULES, IGNORE_RULE];
}
