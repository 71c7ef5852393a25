import type { Rule } from './helpers.ts';
import { modelTimestamps } from './model-timestamps.ts';
import { modelFkIndex } from './model-fk-index.ts';
import { modelStringLength } from './model-string-length.ts';
import { modelOnDelete } from './model-on-delete.ts';
import { modelUniqueIndex } from './model-unique-index.ts';
import { modelDataType } from './model-data-type.ts';
import { queryNPlusOne } from './query-n-plus-one.ts';
import { queryUnboundedFindall } from './query-unbounded-findall.ts';
import { queryUnboundedPagination } from './query-unbounded-pagination.ts';
import { queryUnsafeInput } from './query-unsafe-input.ts';
import { queryRawInterpolation } from './query-raw-interpolation.ts';
import { layerMixedDataLayers } from './layer-mixed-data-layers.ts';
import { layerQueryModule } from './layer-query-module.ts';
import { layerRepositoryBoundary } from './layer-repository-boundary.ts';
import { layerRouteDataAccess } from './layer-route-data-access.ts';
import { layerServiceHttp } from './layer-service-http.ts';
import { lifecyclePoolOutsideDb } from './lifecycle-pool-outside-db.ts';
import { lifecycleClientRelease } from './lifecycle-client-release.ts';
import { lifecycleSyncInAsync } from './lifecycle-sync-in-async.ts';
import { migrationDown } from './migration-down.ts';

export type { RawFinding, Rule } from './helpers.ts';

/** The rules of `strata check`, drawn from our data-layer guides, one file each (docs/rules/<id>.md documents each). */
export const RULES: Rule[] = [
  modelTimestamps,
  modelFkIndex,
  modelStringLength,
  modelOnDelete,
  modelUniqueIndex,
  modelDataType,
  queryNPlusOne,
  queryUnboundedFindall,
  queryUnboundedPagination,
  queryUnsafeInput,
  queryRawInterpolation,
  layerMixedDataLayers,
  layerQueryModule,
  layerRepositoryBoundary,
  layerRouteDataAccess,
  layerServiceHttp,
  lifecyclePoolOutsideDb,
  lifecycleClientRelease,
  lifecycleSyncInAsync,
  migrationDown,
];

/** Rules that look at the project as a whole rather than file by file. */
export const PROJECT_RULES = [{ id: 'migration-drift', title: 'Models, snapshot and migrations agree' }] as const;

/** A strata-ignore comment without a reason is itself reported. */
export const IGNORE_RULE = { id: 'ignore-reason', title: 'Every strata-ignore gives a reason' } as const;

/** Every rule id, with its title. */
export function allRules(): Array<{ id: string; title: string }> {
  return [...RULES.map((r) => ({ id: r.id, title: r.title })), ...PROJECT_RULES, IGNORE_RULE];
}
