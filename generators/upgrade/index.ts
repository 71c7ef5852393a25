import { APP_SPEC_FILE } from '../../src/app-spec.ts';
import { fail } from '../../src/errors.ts';
import { runGenerator, runSteps, type Generator } from '../../src/generator.ts';
import type { Tree } from '../../src/tree.ts';
import { modelGenerator } from '../model/index.ts';
import { argsFromSpec, normalizeOptions as normalizeModel } from '../model/lib/normalize-options.ts';
import { conflictHunks } from '../../src/apply.ts';
import { baselineOf } from '../../src/baseline.ts';
import { merge3 } from '../../src/conflicts.ts';
import { REGISTRIES } from '../../src/project.ts';
import { renderProjectFiles } from '../new/lib/add-project-files.ts';
import { normalizeOptions as normalizeNew } from '../new/lib/normalize-options.ts';
import { queryGenerator } from '../query/index.ts';
import { queryArgsFromSpec } from '../query/lib/normalize-options.ts';
import { relationGenerator } from '../relation/index.ts';
import { normalizeOptions, type UpgradeArgs, type UpgradeOptions } from './lib/normalize-options.ts';
import { UPGRADE_USAGE } from './usage.ts';

const REGISTRY_FILES = new Set<string>(Object.values(REGISTRIES));
const DISAGREE = 'upgrade re-renders code and writes no migration; run strata generate model or generate migration for the change first';

/**
 * The project files `strata new` wrote, rendered again, after the generators re-registered
 * everything. A file whose template gave the same bytes as its baseline is left as it is. A
 * registry the generators edit through the AST gets the template's change merged into it
 * (with its baseline advanced), so that its registrations are kept.
 */
async function renderNewFiles(tree: Tree, o: UpgradeOptions): Promise<void> {
  await tree.finish(); // registries formatted, so that a merge sees them as they will be written
  for (const { file, content } of await renderProjectFiles(normalizeNew({ name: o.projectName }))) {
    const base = tree.read(baselineOf(file));
    const current = tree.read(file);
    // Nothing new from strata, or a file strata wrote that the user deleted since: left as it is.
    if ((current !== null && base === content) || (current === null && base !== null)) continue;
    if (current === null || base === null || !REGISTRY_FILES.has(file)) {
      tree.write(file, content);
      continue;
    }
    // A registry is never written as its bare template (that would unregister everything, even
    // with --force): the template's change is merged in, or the overlap is for the user to merge.
    const merged = merge3(current, base, content);
    if (merged.conflict)
      fail(
        'STRATA_CONFLICT',
        `${file}: the new template changes lines you edited, and strata registers code there, so it will not overwrite it; nothing was written. Merge this by hand, then run strata upgrade again:\n${conflictHunks(merged.text)}`,
      );
    tree.write(file, merged.text, 'edit');
    tree.write(baselineOf(file), content, 'edit');
  }
}

/** Every entity, in the spec's order, through the steps of `generate model`. */
async function renderEntities(tree: Tree, o: UpgradeOptions): Promise<void> {
  for (const [name, entity] of Object.entries(o.spec.entities)) {
    const options = normalizeModel(argsFromSpec(name, entity, { now: o.now }), tree);
    if (options.statements.length > 0) fail('STRATA_APP_SPEC', `${APP_SPEC_FILE} records ${name} other than the schema snapshot has it; ${DISAGREE}`);
    await runSteps(modelGenerator.steps, tree, options);
  }
}

/** Every many-to-many relation. */
async function renderRelations(tree: Tree, o: UpgradeOptions): Promise<void> {
  for (const [key, relation] of Object.entries(o.spec.relations ?? {})) {
    const [model = '', name = ''] = key.split('.');
    const options = await runGenerator(relationGenerator, { model, name, manyToMany: relation.manyToMany, now: o.now }, tree);
    if (options.join.statements.length > 0) fail('STRATA_APP_SPEC', `the join table of ${key} differs from the schema snapshot; ${DISAGREE}`);
  }
}

/** Every query of the raw layer, with the types the spec recorded (no database needed). */
async function renderQueries(tree: Tree, o: UpgradeOptions): Promise<void> {
  for (const [name, query] of Object.entries(o.spec.queries ?? {})) await runGenerator(queryGenerator, queryArgsFromSpec(name, query), tree);
}

/** `strata upgrade`: every recorded file re-rendered with the current templates, merged 3-way with the user's edits. */
export const upgradeGenerator: Generator<UpgradeArgs, UpgradeOptions> = {
  name: 'upgrade',
  usage: UPGRADE_USAGE,
  normalize: normalizeOptions,
  steps: [
    ['render entities', renderEntities],
    ['render relations', renderRelations],
    ['render queries', renderQueries],
    ['render project files', renderNewFiles],
  ],
};
