import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { APPLY_USAGE } from '../generators/apply/usage.ts';
import { DESTROY_USAGE } from '../generators/destroy/usage.ts';
import { ERD_USAGE } from '../generators/erd/usage.ts';
import { UPGRADE_USAGE } from '../generators/upgrade/usage.ts';
import { BASELINE_DIR } from './baseline.ts';
import { addWriteFlags, type CliContext, now, policyOf, type WriteFlags } from './cli-support.ts';
import type { PlannedChange } from './conflicts.ts';
import { fail } from './errors.ts';
import { runGenerator } from './generator.ts';
import { findProjectRoot } from './project.ts';
import { Tree } from './tree.ts';

// The commands that keep generated code current: destroy, apply, upgrade and erd.

/** The actions of a plan's files, strata's baseline bookkeeping aside. */
const visible = (planned: PlannedChange[]): string[] => planned.filter((c) => !c.path.startsWith(`${BASELINE_DIR}/`)).map((c) => c.action);

/** One line: how many files took each action, e.g. `upgrade: 52 identical, 3 update, 1 merge`. */
function summary(command: string, actions: string[], dryRun?: boolean): string {
  const counts = new Map<string, number>();
  for (const action of actions) counts.set(action, (counts.get(action) ?? 0) + 1);
  const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([action, n]) => `${n} ${action}`);
  return `${command}${dryRun ? ' (dry run, nothing written)' : ''}: ${parts.join(', ') || 'nothing to do'}`;
}

/** Adds destroy (d), apply, upgrade and erd to the program. */
export function addLifecycleCommands(program: Command, { io, generateInto, planInto }: CliContext): void {
  addWriteFlags(
    program
      .command('destroy')
      .alias('d')
      .argument('<kind>', 'model, relation, query, bulk, copy or bulk-update')
      .argument('<target>', 'the model (or the query name)')
      .argument('[name]', 'the relation name (relation) or the action (bulk-update)')
      .option('--allow-destructive', 'accept the migration that drops the table (a model or a relation)')
      .description(DESTROY_USAGE),
  ).action(async (kind: string, target: string, name: string | undefined, flags: WriteFlags & { allowDestructive?: boolean }) => {
    policyOf(flags);
    // Keeping some files of what is destroyed would leave them unregistered, importing deleted ones.
    if (flags.skip) fail('STRATA_USAGE', 'destroy takes --force (delete files you changed too), not --skip; to keep a file, copy it first');
    const { destroyGenerator, DESTROY_KINDS } = await import('../generators/destroy/index.ts');
    if (!(DESTROY_KINDS as readonly string[]).includes(kind))
      fail('STRATA_USAGE', `destroy ${JSON.stringify(kind)}: say what to destroy, one of ${DESTROY_KINDS.join(', ')}`);
    await generateInto(
      destroyGenerator,
      { kind: kind as 'model', target, ...(name ? { name } : {}), allowDestructive: flags.allowDestructive, now: now() },
      flags,
    );
  });

  addWriteFlags(
    program
      .command('apply')
      .argument('<spec>', 'the app spec, e.g. app.yaml')
      .option('--plan', 'print every file and migration that would change; write nothing')
      .option('--allow-destructive', 'accept migrations that lose data: an entity removed, a field dropped or narrowed')
      .description(APPLY_USAGE),
  ).action(async (file: string, flags: WriteFlags & { plan?: boolean; allowDestructive?: boolean }) => {
    policyOf(flags);
    const abs = path.resolve(io.cwd, file);
    if (!existsSync(abs) || !statSync(abs).isFile()) fail('STRATA_USAGE', `${JSON.stringify(file)} is not a file; give the path of an app spec (app.yaml)`);
    const { applyGenerator } = await import('../generators/apply/index.ts');
    const args = { text: readFileSync(abs, 'utf8'), source: file, allowDestructive: flags.allowDestructive, now: now() };
    const planned = await planInto(applyGenerator, args, flags, { dryRun: flags.plan, changesOnly: flags.plan });
    io.out(summary('apply', visible(planned), flags.dryRun || flags.plan));
  });

  addWriteFlags(program.command('upgrade').description(UPGRADE_USAGE)).action(async (flags: WriteFlags) => {
    const { upgradeGenerator } = await import('../generators/upgrade/index.ts');
    const planned = await planInto(upgradeGenerator, { now: now() }, flags);
    io.out(summary('upgrade', visible(planned), flags.dryRun));
  });

  addWriteFlags(
    program
      .command('erd')
      .addOption(new Option('--format <format>', 'mermaid (docs/erd.md) or dot (docs/erd.dot)').default('mermaid'))
      .option('--stdout', 'print the diagram instead of writing it')
      .description(ERD_USAGE),
  ).action(async (flags: WriteFlags & { format: string; stdout?: boolean }) => {
    const { ERD_FORMATS } = await import('./erd.ts');
    if (!(ERD_FORMATS as readonly string[]).includes(flags.format))
      fail('STRATA_USAGE', `--format ${JSON.stringify(flags.format)} is not one of ${ERD_FORMATS.join(', ')}`);
    const { erdGenerator } = await import('../generators/erd/index.ts');
    const args = { format: flags.format as 'mermaid' | 'dot' };
    if (flags.stdout) io.out((await runGenerator(erdGenerator, args, new Tree(findProjectRoot(io.cwd)))).diagram.trimEnd());
    else await generateInto(erdGenerator, args, flags);
  });
}
