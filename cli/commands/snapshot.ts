/**
 * `warden snapshot --live --out DIR`: collects the accounts live (as `warden sweep --live` does) and
 * writes what it read as AWS Config snapshot files, so the audit can be replayed offline and shared.
 * An account that cannot be read is reported and skipped; the others are still written.
 */
import type { Command } from 'commander';
import { AccountTargetSchema } from '../../tasks/shared/schemas';
import { CliError } from '../errors';
import type { CliContext, CliIo } from '../io';
import { type LiveFlags, liveSetup } from '../live';
import { examples, jsonOption, profileOption } from '../options';
import { prepareOutputDir } from '../output-dir';
import { writeSnapshot } from '../snapshot-writer';
import { styleFor } from '../terminal';

interface SnapshotFlags extends LiveFlags {
  readonly live?: boolean;
  readonly out?: string;
  readonly json?: boolean;
}

async function snapshotCommand(flags: SnapshotFlags, io: CliIo): Promise<number> {
  if (!flags.live)
    throw new CliError('snapshot reads live accounts: pass --live (and --out DIR)', { usage: 'snapshot' });
  if (flags.out === undefined)
    throw new CliError('--out DIR is needed: where to write the snapshot files', { usage: 'snapshot' });
  const dir = await prepareOutputDir(flags.out, '--out');
  const live = await liveSetup(flags, '--regions');
  const style = styleFor(io.terminal?.color === true);
  try {
    const items = [];
    const accounts: { accountId: string; alias: string; status: string; resources: number; errors: string[] }[] = [];
    for (const account of live.accounts) {
      try {
        const result = await live.source.collect(AccountTargetSchema.parse(account));
        items.push(...result.items);
        accounts.push({
          accountId: account.accountId,
          alias: account.alias,
          status: 'OK',
          resources: result.items.length,
          errors: result.regionErrors.map((e) => `${e.region}: ${e.error}`),
        });
      } catch (error) {
        accounts.push({
          accountId: account.accountId,
          alias: account.alias,
          status: 'UNREACHABLE',
          resources: 0,
          errors: [(error as Error).message],
        });
      }
    }
    const files = await writeSnapshot(dir, items);
    if (flags.json) {
      io.stdout(`${JSON.stringify({ out: dir, files, resources: items.length, accounts }, null, 2)}\n`);
      return 0;
    }
    for (const a of accounts) {
      io.stdout(
        `  ${a.accountId}  ${a.alias.padEnd(18)} ${style.status(a.status.padEnd(12))} ${a.resources} resources\n`,
      );
      for (const e of a.errors) io.stdout(`      ${style.yellow(e)}\n`);
    }
    io.stdout(`Wrote ${items.length} configuration items in ${files.length} files under ${dir}\n`);
    io.stdout(`Replay it offline: warden sweep --snapshot ${flags.out}\n`);
    return 0;
  } finally {
    live.close();
  }
}

/** `warden snapshot` and its options. */
function register(program: Command, cli: CliContext): void {
  const snapshot = program
    .command('snapshot')
    .summary('Collect your accounts live into Config snapshot files, to sweep offline later')
    .description(
      'Collects your accounts live (as sweep --live does) and writes what it read as AWS Config snapshot files, so the audit can be replayed offline with warden sweep --snapshot DIR.',
    )
    .option('--live', 'collect from AWS with your credentials (the only source for now; required)')
    .option('--out <dir>', 'where to write AWSLogs/<account>/Config/<region>/yyyy/m/d/ConfigSnapshot/…json.gz')
    .option('--accounts <file>', 'JSON array of accounts (default: the account of your credentials)')
    .option('--regions <list>', 'regions to read, comma-separated (default: each account’s, or the profile’s)')
    .option('--role <name>', 'role to assume in accounts other than your own', 'WardenAudit')
    .addOption(profileOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      examples(
        'warden snapshot --live --profile audit --regions eu-west-1 --out ./snap',
        'warden sweep --snapshot ./snap --report out        # replay it offline',
      ),
    )
    .action(async () => cli.exit(await snapshotCommand(snapshot.opts<SnapshotFlags>(), cli.io)));
}

export type { SnapshotFlags };
export { register, snapshotCommand };
