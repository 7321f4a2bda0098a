/**
 * The `warden` command. Exit code 0 when the command ran (whatever a sweep found); 2 with one line
 * on stderr when it could not run (bad flag, unreadable snapshot, malformed file).
 */
import '../local/polyfills';
import { parseArgs } from 'node:util';
import { driftCommand } from './commands/drift';
import { eventCommand } from './commands/event';
import { exemptCommand } from './commands/exempt';
import { sweepCommand } from './commands/sweep';
import { CliError } from './errors';

const USAGE = `Usage:
  warden sweep [--snapshot DIR] [--accounts FILE] [--exemptions FILE]
               [--mode audit|notify|remediate] [--rules id,…] [--report DIR] [--json]
      Without --snapshot, sweeps the bundled sample estate (examples/estate).
      Runs the synthesized SweepStateMachine locally; remediations are planned, never sent.

  warden exempt add --id ID --rule RULE|* --account ACCOUNT|* [--region REGION|*] --resource ARN-GLOB
                    --effect SUPPRESS|NOTIFY_ONLY --reason TEXT --requested-by WHO --approved-by WHO
                    --expires ISO-UTC [--ticket URL] [--max-days N] [--allow-broad] [--replace]
  warden exempt list [--json]
  warden exempt remove --id ID [--account ACCOUNT]
  warden exempt what-if --resource ARN-GLOB [--rule RULE] [--account ACCOUNT] [--region REGION]
                        [--snapshot DIR] [--json]
      add/list/remove work on the embedded store (.warden/store) unless --table NAME or --stack NAME
      names a deployed Exemptions table (default AWS credentials).

  warden drift [--since DATE] [--stack NAME] [--format md|json] [--ledger-table NAME | --warden-stack NAME]
      Drift receipts from the ledger, grouped by the IaC stack that owns each resource: what to put into
      the template so the next deploy does not undo Warden's fix. Default: the last sweep.

  warden event FILE [--snapshot DIR] [--accounts FILE] [--exemptions FILE] [--watch-list FILE] [--json]
      Runs one EventBridge event (the whole envelope, as the bus delivers it) through the synthesized
      EventStateMachine locally; the resources it names are read from the snapshot (default: the
      bundled estate). Prints which end it reached (Processed, Ignored, Rejected) and why.`;

interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Runs the CLI and returns its exit code; never throws. */
async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    io.stderr(`warden: ${errorLine(error).split('\n')[0]}\n`);
    if (process.env.WARDEN_DEBUG) console.error(error);
    return 2;
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === 'sweep') {
    const { values, positionals } = parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: true,
      options: {
        snapshot: { type: 'string' },
        accounts: { type: 'string' },
        exemptions: { type: 'string' },
        mode: { type: 'string' },
        rules: { type: 'string' },
        report: { type: 'string' },
        json: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
      },
    });
    if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"`);
    return sweepCommand(values, io);
  }
  if (command === 'exempt') {
    const { values, positionals } = parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: true,
      options: {
        id: { type: 'string' },
        rule: { type: 'string' },
        account: { type: 'string' },
        region: { type: 'string' },
        resource: { type: 'string' },
        effect: { type: 'string' },
        reason: { type: 'string' },
        'requested-by': { type: 'string' },
        'approved-by': { type: 'string' },
        ticket: { type: 'string' },
        expires: { type: 'string' },
        'max-days': { type: 'string' },
        'allow-broad': { type: 'boolean' },
        replace: { type: 'boolean' },
        table: { type: 'string' },
        stack: { type: 'string' },
        snapshot: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    if (positionals.length > 1) throw new CliError(`unexpected argument "${positionals[1]}"`);
    return exemptCommand(positionals[0], values, io);
  }
  if (command === 'drift') {
    const { values, positionals } = parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: true,
      options: {
        since: { type: 'string' },
        stack: { type: 'string' },
        format: { type: 'string' },
        'ledger-table': { type: 'string' },
        'warden-stack': { type: 'string' },
      },
    });
    if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"`);
    return driftCommand(values, io);
  }
  if (command === 'event') {
    const { values, positionals } = parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: true,
      options: {
        snapshot: { type: 'string' },
        accounts: { type: 'string' },
        exemptions: { type: 'string' },
        'watch-list': { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    if (positionals.length > 1) throw new CliError(`unexpected argument "${positionals[1]}"`);
    return eventCommand(positionals[0], values, io);
  }
  throw new CliError(`unknown command "${command}"\n${USAGE}`);
}

function errorLine(error: unknown): string {
  if (error instanceof CliError) return error.message;
  if (error instanceof Error) {
    // parseArgs errors (unknown option, missing value) and file-reading errors are the user's to fix.
    const code = (error as NodeJS.ErrnoException).code;
    if (code?.startsWith('ERR_PARSE_ARGS')) return error.message;
    return `${error.name}: ${error.message}`;
  }
  return String(error);
}

export type { CliIo };
export { runCli };
