/**
 * Where a project keeps the exact bytes strata last emitted for each file it generated,
 * mirroring the paths (committed, so it is reviewable): the base of every 3-way merge.
 */
export const BASELINE_DIR = '.strata/baseline';

/** The baseline path of a project file. */
export const baselineOf = (file: string): string => `${BASELINE_DIR}/${file}`;
