import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { MODEL_USAGE } from '../generators/model/usage.ts';
import { FIELD_USAGE } from '../generators/field/usage.ts';
import { NEW_USAGE } from '../generators/new/usage.ts';
import { BULK_USAGE } from '../generators/bulk/usage.ts';
import { BULK_UPDATE_USAGE } from '../generators/bulk-update/usage.ts';
import { COPY_USAGE } from '../generators/copy/usage.ts';
import { MIGRATION_USAGE } from '../generators/migration/usage.ts';
import { QUERY_USAGE } from '../generators/query/usage.ts';
import { RELATION_USAGE } from '../generators/relation/usage.ts';
import { applyTree, logLine } from './apply.ts';
import { addLifecycleCommands } from './cli-lifecycle.ts';
import { addWriteFlags, canPrompt, type CliContext, collect, now, policyOf, type WriteFlags } from './cli-support.ts';
import { fail, StrataError } from './errors.ts';
import { runGenerator, type Generator } from './generator.ts';
import { findProjectRoot } from './project.ts';
import { Tree } from './tree.ts';
import { STRATA_VERSION } from './version.ts';

// Generators (ts-morph, prettier) and prompts (plop) load only when a command needs them,
// so --help and --version stay fast.

/** Builds the command line; `io` lets tests capture output. */
export function buildProgram(io: { out: (line: string) => void; cwd: string }): Command {
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  /** Runs a generator on a tree and applies its change set as the write flags say; returns its options and the plan. */
  const run = async <A, O>(generator: Generator<A, O>, args: A, flags: WriteFlags, root: string, extra: { dryRun?: boolean; changesOnly?: boolean } = {}) => {
    const policy = policyOf(flags);
    const tree = new Tree(root);
    const options = await runGenerator(generator, args, tree);
    const dryRun = flags.dryRun || extra.dryRun;
    const planned = applyTree(tree, {
      dryRun,
      diff: flags.diff,
      policy,
      markers: flags.conflict === 'markers',
      out: io.out,
      color,
      changesOnly: extra.changesOnly,
    });
    return { options, planned };
  };
  const context: CliContext = {
    io,
    color,
    generateInto: async (generator, args, flags, root = findProjectRoot(io.cwd)) => (await run(generator, args, flags, root)).options,
    planInto: async (generator, args, flags, extra) => (await run(generator, args, flags, findProjectRoot(io.cwd), extra)).planned,
  };
  const { generateInto } = context;

  const program = new Command('strata')
    .description('Scaffolds the data layer of Node services on PostgreSQL, and keeps it right.')
    .version(STRATA_VERSION, '-v, --version')
    .exitOverride()
    .showSuggestionAfterError(false)
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => process.stderr.write(s) });

  addWriteFlags(
    program
      .command('new')
      .argument('<name>', 'the service name (a folder of that name is created)')
      .option('--no-install', 'do not run npm install')
      .description(NEW_USAGE),
  ).action(async (name: string, flags: WriteFlags & { install: boolean }) => {
    const { newGenerator } = await import('../generators/new/index.ts');
    const root = path.resolve(io.cwd, name);
    await generateInto(newGenerator, { name }, flags, root);
    if (flags.install && !flags.dryRun) {
      io.out(logLine('run', 'npm install'));
      const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
      if (result.status !== 0) fail('STRATA_INSTALL_FAILED', `npm install failed in ${root}; fix the error above and run npm install there`);
    }
  });

  const generate = program.command('generate').alias('g').description('generate code into the current strata project');
  addWriteFlags(
    generate
      .command('model')
      .argument('<name>', 'model name, singular (Product, OrderItem)')
      .argument('[fields...]', 'fields as name:type[{args}][:modifier...]')
      .addOption(new Option('--index <fields>', 'a composite index over comma-separated fields (repeatable)').argParser(collect).default([]))
      .option('--soft-delete', 'add deleted_at and make deletes soft (paranoid)')
      .option('--notify', 'announce every change on channel <table>_changes (a trigger, and a typed listener)')
      .option('--no-notify', 'regenerating: drop the trigger and the listener (otherwise --notify is kept)')
      .option('--allow-destructive', 'regenerating: accept a migration that drops, narrows or adds NOT NULL without a default')
      .description(MODEL_USAGE),
  ).action(
    async (name: string, fields: string[], flags: WriteFlags & { index: string[]; softDelete?: boolean; notify?: boolean; allowDestructive?: boolean }) => {
      policyOf(flags);
      const { modelGenerator } = await import('../generators/model/index.ts');
      const given = fields.length === 0 && canPrompt() ? await (await import('./prompts.ts')).promptFields(name) : fields;
      await generateInto(
        modelGenerator,
        { name, fields: given, index: flags.index, softDelete: flags.softDelete, notify: flags.notify, allowDestructive: flags.allowDestructive, now: now() },
        flags,
      );
    },
  );

  addWriteFlags(
    generate
      .command('field')
      .argument('<model>', 'a model strata generated (Product)')
      .argument('<fields...>', 'fields to add, as name:type[{args}][:modifier...]')
      .option('--allow-destructive', 'accept a migration that adds NOT NULL without a default')
      .description(FIELD_USAGE),
  ).action(async (model: string, fields: string[], flags: WriteFlags & { allowDestructive?: boolean }) => {
    policyOf(flags);
    const { fieldGenerator } = await import('../generators/field/index.ts');
    await generateInto(fieldGenerator, { model, fields, now: now(), allowDestructive: flags.allowDestructive }, flags);
  });

  addWriteFlags(
    generate
      .command('relation')
      .argument('<model>', 'the model that gets the relation (Post)')
      .argument('<name>', 'the relation name on that model (tags)')
      .requiredOption('--many-to-many <target>', 'the other model (Tag)')
      .description(RELATION_USAGE),
  ).action(async (model: string, name: string, flags: WriteFlags & { manyToMany: string }) => {
    const { relationGenerator } = await import('../generators/relation/index.ts');
    await generateInto(relationGenerator, { model, name, manyToMany: flags.manyToMany, now: now() }, flags);
  });

  addWriteFlags(
    generate
      .command('migration')
      .argument('<name>', 'what the migration does, in snake_case (add_post_summary)')
      .addOption(new Option('--rename <rename>', 'table.old:new or old_table:new_table (repeatable)').argParser(collect).default([]))
      .addOption(
        new Option('--backfill <sql>', 'table.column=<SQL>: the value rows get when a column becomes NOT NULL without a default (repeatable)')
          .argParser(collect)
          .default([]),
      )
      .option('--allow-destructive', 'allow dropping, narrowing, renaming, rewriting a table, and NOT NULL without a default')
      .description(MIGRATION_USAGE),
  ).action(async (name: string, flags: WriteFlags & { rename: string[]; backfill: string[]; allowDestructive?: boolean }) => {
    policyOf(flags);
    const { migrationGenerator } = await import('../generators/migration/index.ts');
    const ask = canPrompt() ? (await import('./prompts.ts')).confirm : undefined;
    const options = await generateInto(
      migrationGenerator,
      { name, rename: flags.rename, backfill: flags.backfill, allowDestructive: flags.allowDestructive, now: now(), ...(ask ? { ask } : {}) },
      flags,
    );
    if (options.statements.length === 0) io.out('no changes: the models match the last migration; nothing written');
  });

  addWriteFlags(
    generate
      .command('query')
      .argument('<name>', 'the query name, in snake_case (top_authors)')
      .option('--sql <sql>', 'the statement, with $1..$n parameters')
      .option('--file <file>', 'read the statement from a .sql file')
      .addOption(new Option('--param <param>', 'name:type of $1, $2, ... in order (repeatable)').argParser(collect).default([]))
      .addOption(new Option('--column <column>', 'name:type of a returned column (repeatable); not needed with a database').argParser(collect).default([]))
      .option('--database <url>', 'describe the statement on this database (DATABASE_URL by default)')
      .option('--route <route>', 'also wire a route, e.g. "GET /analytics/top-authors"')
      .description(QUERY_USAGE),
  ).action(async (name: string, flags: WriteFlags & { sql?: string; file?: string; param: string[]; column: string[]; database?: string; route?: string }) => {
    policyOf(flags);
    if (flags.sql && flags.file) fail('STRATA_USAGE', 'give --sql or --file, not both');
    let sql = flags.sql;
    if (flags.file) {
      const abs = path.resolve(io.cwd, flags.file);
      if (!existsSync(abs)) fail('STRATA_USAGE', `--file ${JSON.stringify(flags.file)} does not exist`);
      sql = readFileSync(abs, 'utf8');
    }
    const { queryGenerator } = await import('../generators/query/index.ts');
    const databaseUrl = flags.database ?? process.env.DATABASE_URL;
    await generateInto(
      queryGenerator,
      { name, sql, param: flags.param, column: flags.column, ...(flags.route ? { route: flags.route } : {}), ...(databaseUrl ? { databaseUrl } : {}) },
      flags,
    );
  });

  addWriteFlags(generate.command('bulk').argument('<model>', 'an existing model (User)').description(BULK_USAGE)).action(
    async (model: string, flags: WriteFlags) => {
      const { bulkGenerator } = await import('../generators/bulk/index.ts');
      await generateInto(bulkGenerator, { model }, flags);
    },
  );

  addWriteFlags(generate.command('copy').argument('<model>', 'an existing model (User)').description(COPY_USAGE)).action(
    async (model: string, flags: WriteFlags) => {
      const { copyGenerator } = await import('../generators/copy/index.ts');
      await generateInto(copyGenerator, { model }, flags);
    },
  );

  addWriteFlags(
    generate
      .command('bulk-update')
      .argument('<model>', 'an existing model (Post)')
      .argument('<action>', 'the action, in kebab-case (publish-all)')
      .requiredOption('--set <field=value>', 'the column to set, e.g. published=true')
      .description(BULK_UPDATE_USAGE),
  ).action(async (model: string, action: string, flags: WriteFlags & { set: string }) => {
    const { bulkUpdateGenerator } = await import('../generators/bulk-update/index.ts');
    await generateInto(bulkUpdateGenerator, { model, action, set: flags.set }, flags);
  });

  addLifecycleCommands(program, context);

  program
    .command('check')
    .description('checks a project against the rules (docs/rules/); exit 0 clean, 1 with findings, 2 on a usage error')
    .option('--drift', 'only the drift checks: models vs snapshot, migration checksums, branches')
    .option(
      '--database <url>',
      "the catalog's indexes and keys count too: a strata project's migrations run on a scratch database of this server (and drift compares it with the models); any other project's database is read as it is",
    )
    .option('--changed <git-ref>', 'report only on files changed since this ref, and the files whose findings depend on them')
    .option('--explain <rule>', "print a rule's documentation and exit")
    .option('--no-cache', 'check everything again, ignoring node_modules/.cache/strata')
    .addHelpText(
      'after',
      '\nExamples:\n  strata check                              # the whole project; the cache answers when nothing changed\n  strata check --changed origin/main        # a pull request: the changed files and what depends on them\n  strata check --explain query-n-plus-one   # what a rule sees, why it matters, the fix\n  strata check --format sarif > check.sarif',
    )
    .addOption(new Option('--format <format>', 'text, json, sarif or github').default('text'))
    .action(async (flags: { drift?: boolean; database?: string; format: string; changed?: string; explain?: string; cache: boolean }) => {
      if (flags.explain !== undefined) {
        const { explainRule } = await import('./check/explain.ts');
        io.out(explainRule(flags.explain));
        return;
      }
      const { FORMATS, formatFindings } = await import('./check/format.ts');
      if (!(FORMATS as readonly string[]).includes(flags.format))
        fail('STRATA_USAGE', `--format ${JSON.stringify(flags.format)} is not one of ${FORMATS.join(', ')}`);
      const { runCheck } = await import('./check/index.ts');
      const root = findProjectRoot(io.cwd);
      const findings = await runCheck(root, {
        driftOnly: flags.drift,
        ...(flags.database ? { databaseUrl: flags.database } : {}),
        ...(flags.changed ? { changed: flags.changed } : {}),
        noCache: !flags.cache,
      });
      io.out(formatFindings(findings, flags.format as 'text', color));
      if (findings.some((f) => f.severity === 'error')) throw new FindingsError();
    });

  return program;
}

/** Raised by check when it found something: exit 1, the report is already printed. */
class FindingsError extends Error {}

/** Runs the CLI and returns the exit code: 0 done, 1 conflict or failure, 2 bad input. */
export async function main(argv: string[], io = { out: (line: string) => console.log(line), cwd: process.cwd() }): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof FindingsError) return 1;
    if (error instanceof StrataError) {
      process.stderr.write(`strata: ${error.message} [${error.code}]\n`);
      return error.exitCode;
    }
    process.stderr.write(`strata: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
