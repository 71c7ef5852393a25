import type { Command } from 'commander';
import type { ConflictPolicy, PlannedChange } from './conflicts.ts';
import { fail } from './errors.ts';
import type { Generator } from './generator.ts';

// What every command module of the CLI shares: the write flags, the clock, and the context
// buildProgram() gives them (where output goes, and how a generator's change set is applied).

/** The flags every writing command takes. */
export interface WriteFlags {
  dryRun?: boolean;
  diff?: boolean;
  force?: boolean;
  skip?: boolean;
  conflict?: string;
}

/** The conflict policy the flags ask for; --force with --skip is bad input. */
export function policyOf(flags: WriteFlags): ConflictPolicy {
  if (flags.force && flags.skip) fail('STRATA_USAGE', 'give --force or --skip, not both');
  if (flags.conflict !== undefined && flags.conflict !== 'markers')
    fail('STRATA_USAGE', `--conflict=${JSON.stringify(flags.conflict)} is not a mode; use --conflict=markers`);
  return flags.force ? 'force' : flags.skip ? 'skip' : 'abort';
}

/** Adds --dry-run, --diff, --force, --skip and --conflict to a command. */
export function addWriteFlags(command: Command): Command {
  return command
    .option('--dry-run', 'list what would be written, write nothing')
    .option('--diff', 'show a diff of every change')
    .option('--force', 'overwrite files that exist with other content')
    .option('--skip', 'keep files that exist with other content')
    .option('--conflict <mode>', 'markers: write overlapping merges with conflict markers (exit 1) instead of nothing');
}

/** True when strata may ask questions: a terminal on both ends and not CI. */
export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY && !process.env.CI);
}

/** A fixed clock for migration names (STRATA_NOW), or the real one. */
export function now(): Date {
  const fixed = process.env.STRATA_NOW;
  if (!fixed) return new Date();
  const date = new Date(fixed);
  if (Number.isNaN(date.getTime()))
    fail('STRATA_USAGE', `STRATA_NOW=${JSON.stringify(fixed)} is not a date; use an ISO 8601 time such as 2026-01-01T00:00:00Z`);
  return date;
}

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** What buildProgram() hands the command modules. */
export interface CliContext {
  io: { out: (line: string) => void; cwd: string };
  color: boolean;
  /** Runs a generator on a tree of the project and applies its change set as the write flags say. */
  generateInto: <A, O>(generator: Generator<A, O>, args: A, flags: WriteFlags, root?: string) => Promise<O>;
  /** The same, returning the plan, for commands that summarize it (upgrade, apply --plan). */
  planInto: <A, O>(generator: Generator<A, O>, args: A, flags: WriteFlags, extra?: { dryRun?: boolean; changesOnly?: boolean }) => Promise<PlannedChange[]>;
}
