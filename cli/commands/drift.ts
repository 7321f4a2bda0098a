/**
 * `warden drift`: the drift receipts in the ledger, grouped by the stack that owns each resource —
 * by default those of the last sweep, or everything since `--since DATE`. Reads the embedded
 * store, or a deployed Ledger table with `--ledger-table NAME` / `--warden-stack NAME`.
 */

import { type Command, Option } from 'commander';
import { driftByStack, renderDriftMarkdown } from '../../tasks/shared/drift';
import { scanAll } from '../../tasks/shared/dynamo';
import { EXEMPTION_CHANGES } from '../../tasks/shared/ledger';
import { CliError } from '../errors';
import type { CliContext } from '../io';
import { examples, jsonOption } from '../options';
import { openTable } from '../tables';

interface DriftFlags {
  readonly since?: string;
  readonly stack?: string;
  readonly format?: string;
  readonly ledgerTable?: string;
  readonly wardenStack?: string;
  /** Same as `--format json`. */
  readonly json?: boolean;
}

async function driftCommand(flags: DriftFlags, io: { stdout(text: string): void }): Promise<number> {
  const format = flags.json ? 'json' : (flags.format ?? 'md');
  if (format !== 'md' && format !== 'json') throw new CliError(`--format must be md or json, not "${format}"`);
  const since = flags.since === undefined ? undefined : Date.parse(flags.since);
  if (since !== undefined && Number.isNaN(since))
    throw new CliError(`--since must be a date (ISO-8601), not "${flags.since}"`);

  const target = await openTable('ledger', {
    ...(flags.ledgerTable !== undefined ? { table: flags.ledgerTable } : {}),
    ...(flags.wardenStack !== undefined ? { stack: flags.wardenStack } : {}),
  });
  let records: Record<string, unknown>[];
  try {
    records = await scanAll(target.documents, target.table);
  } finally {
    await target.close();
  }

  if (flags.stack !== undefined) checkStackKnown(flags.stack, records);
  let scope: string;
  if (since !== undefined) {
    const from = new Date(since).toISOString();
    records = records.filter((r) => String(r.at) >= from);
    scope = `since ${from}`;
  } else {
    // The last sweep: the newest record a sweep wrote (exemption changes share the table, not the sweeps).
    const last = records
      .filter((r) => r.executionName !== EXEMPTION_CHANGES)
      .reduce<Record<string, unknown> | undefined>(
        (a, r) => (a === undefined || String(r.at) > String(a.at) ? r : a),
        undefined,
      );
    const execution = last?.executionName;
    records = records.filter((r) => r.executionName === execution);
    scope = execution === undefined ? 'no sweep recorded yet' : `sweep ${String(execution)}`;
  }
  let groups = driftByStack(records);
  if (flags.stack !== undefined) groups = groups.filter((g) => g.stack === flags.stack);

  if (format === 'json') {
    io.stdout(`${JSON.stringify({ scope, source: target.where, stacks: groups }, null, 2)}\n`);
  } else {
    io.stdout(`# Drift receipts (${scope})\n\nFrom ${target.where}.\n\n${renderDriftMarkdown(groups)}`);
  }
  return 0;
}

/**
 * `--stack NAME` that no receipt of the ledger names, in any sweep, is a typo or the wrong ledger:
 * an error saying which stacks there are, not "No remediation drifted" (which it says for a stack
 * that drifted in other sweeps only).
 */
function checkStackKnown(stack: string, records: readonly Record<string, unknown>[]): void {
  const stacks = [...new Set(driftByStack([...records]).map((g) => g.stack))];
  if (stacks.includes(stack)) return;
  const known =
    stacks.length === 0 ? 'none has drift receipts yet' : `stacks with drift receipts: ${stacks.join(', ')}`;
  throw new CliError(`no such stack "${stack}" in the ledger (${known})`, { usage: 'drift' });
}

/** `warden drift` and its options. */
function register(program: Command, cli: CliContext): void {
  const drift = program
    .command('drift')
    .summary('Drift receipts: what each IaC stack must take in so its next deploy keeps the fixes')
    .description(
      'Drift receipts from the ledger, grouped by the IaC stack that owns each resource (default: the last sweep).',
    )
    .option('--since <date>', 'everything since this date (ISO-8601) instead of the last sweep')
    .option('--stack <name>', 'only this IaC stack')
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'json']).default('md'))
    .addOption(jsonOption().implies({ format: 'json' }))
    .option('--ledger-table <name>', 'a deployed Ledger table (default: the embedded store)')
    .option('--warden-stack <name>', 'a deployed Warden stack whose LedgerTableName output names the table')
    .addHelpText('after', examples('warden drift', 'warden drift --since 2026-11-01 --stack payments-core --json'))
    .action(async () => cli.exit(await driftCommand(drift.opts<DriftFlags>(), cli.io)));
}

export type { DriftFlags };
export { driftCommand, register };
