import { ensureRelationProperty, openSource, saveSource } from '../../../src/ast.ts';
import { runSteps } from '../../../src/generator.ts';
import { kebab } from '../../../src/names.ts';
import { writeTemplate } from '../../../src/render.ts';
import type { Tree } from '../../../src/tree.ts';
import { modelCoreGenerator } from '../../model-core/index.ts';
import { modelPath } from '../../model/lib/normalize-options.ts';
import type { RelationOptions } from './normalize-options.ts';

/** The join model: model-core's steps (class, migration, models index), no API. */
export async function addJoinModel(tree: Tree, options: RelationOptions): Promise<void> {
  await runSteps(modelCoreGenerator.steps, tree, options.join);
}

/** @BelongsToMany on both models, through the join model. */
export async function addBelongsToMany(tree: Tree, { source, target, name, reverse, join }: RelationOptions): Promise<void> {
  const sides = [
    { self: source, other: target, property: name },
    { self: target, other: source, property: reverse },
  ];
  for (const { self, other, property } of sides) {
    const file = modelPath(self);
    const src = openSource(tree, file);
    ensureRelationProperty(src, self.className, {
      name: property,
      decorator: 'BelongsToMany',
      args: [`() => ${other.className}`, `() => ${join.names.className}`],
      type: `NonAttribute<${other.className}[]>`,
      imports: [
        { name: other.className, from: `./${other.fileName}.ts` },
        { name: join.names.className, from: `./${join.names.fileName}.ts` },
      ],
    });
    await saveSource(tree, src);
  }
}

/** An end-to-end test of linking, including, unlinking and cascades. */
export async function addRelationTest(tree: Tree, { source, target, name, reverse, join }: RelationOptions): Promise<void> {
  const file = `test/relations/${source.routeName}-${kebab(name)}.test.ts`;
  const view = { source, target, name, reverse, join: join.names };
  await writeTemplate(tree, 'relation/many-to-many.test.ts', file, view);
}
