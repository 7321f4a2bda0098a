/**
 * The `warden` command: arguments parsed by commander, each command a thin module under commands/.
 * Exit codes: 0 the command ran (whatever a sweep found); 1 a deployed execution it followed did not
 * succeed; 2 it could not run (bad flag, unreadable file, AWS refused) — with one line on stderr
 * saying what to do. Stack traces only with `--debug` (or WARDEN_DEBUG=1).
 */
import '../local/polyfills';
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { CENTRAL_STACK_NAME } from '../infra/names';
import { MODES } from '../tasks/shared/model';
import { driftCommand } from './commands/drift';
import { eventCommand } from './commands/event';
import { executionsListCommand, executionsShowCommand } from './commands/executions';
import { exemptCommand } from './commands/exempt';
import { snapshotCommand } from './commands/snapshot';
import { sweepCommand } from './commands/sweep';
import { CliError, errorLine } from './errors';
import type { CliIo } from './io';
import { styleFor, terminalOf } from './terminal';

type Opts = Record<string, unknown>;

/** commander names options in camelCase; the command modules take them as typed: `--dry-run` → `dry-run`. */
function kebab(opts: Opts): Record<string, never> {
  return Object.fromEntries(
    Object.entries(opts).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), v]),
  ) as Record<string, never>;
}

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf-8')) as { version: string })
  .version;

/** The program, built anew for every run so that nothing of one run leaks into the next (tests run many). */
function program(io: CliIo, setCode: (code: number) => void): Command {
  const json = () => new Option('--json', 'print exactly one JSON document on stdout, nothing else');
  const profile = () =>
    new Option('--profile <name>', 'AWS profile for credentials and region (default: the SDK chain)');
  const region = () => new Option('--region <region>', 'AWS region (default: the profile’s or AWS_REGION)');
  const run =
    <A extends unknown[]>(fn: (...args: A) => Promise<number>) =>
    async (...args: A) =>
      setCode(await fn(...args));

  const warden = new Command('warden')
    .description(
      'Audits AWS accounts against rules and remediates or notifies, through Step Functions. Runs offline on the bundled sample estate, live on your accounts, or drives a deployed Warden.',
    )
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces on errors (also WARDEN_DEBUG=1)')
    .showSuggestionAfterError(true)
    .configureHelp({
      sortSubcommands: false,
      subcommandTerm: (cmd) => cmd.name() + (TERMS[cmd.name()] ? ` ${TERMS[cmd.name()]}` : ''),
    })
    .addHelpText(
      'after',
      `${examples(
        'warden sweep                                  # the bundled sample estate, offline',
        'warden sweep --snapshot ./AWSLogs --report out # your Config snapshots; out/index.html',
        'warden sweep --live --profile audit            # your account, live, remediations planned',
        'warden sweep --remote                          # start the deployed sweep and follow it',
        'warden exempt add --help                       # how to exempt a resource',
      )}\nExit codes: 0 ran (whatever was found) · 1 a followed execution did not succeed · 2 could not run.\nRun "warden <command> --help" for a command's flags and examples.\n`,
    );

  warden
    .command('sweep')
    .summary('Sweep accounts: offline on Config snapshots, --live on your accounts, or --remote (deployed)')
    .description(
      'One sweep through the SweepStateMachine: offline on AWS Config snapshots (default: the bundled sample estate), live on your accounts with your own credentials (--live), or the deployed state machine, followed to its end (--remote).',
    )
    .option('--snapshot <dir>', 'AWS Config snapshot files (*.json, *.json.gz), searched recursively')
    .option('--accounts <file>', 'JSON array of {"accountId", "alias", "owner"?, "ou"?, "regions"?}')
    .option('--exemptions <file>', 'JSON array of exemption items (added to those in the embedded store)')
    .addOption(new Option('--mode <mode>', 'ceiling on what rules may do').choices(MODES))
    .option('--rules <ids>', 'only these rule ids, comma-separated')
    .option('--report <dir>', 'write report.json, report.md and index.html (with the execution graph) there')
    .addOption(json())
    .option('--live', 'collect from your AWS accounts with your credentials, run the engine locally')
    .option(
      '--regions <list>',
      'with --live: regions to read, comma-separated (default: each account’s, or the profile’s)',
    )
    .option('--role <name>', 'with --live: role to assume in accounts other than your own', 'WardenAudit')
    .option('--apply', 'with --live: send the remediations (default: PLANNED, nothing is changed)')
    .option('--remote', 'start the deployed SweepStateMachine and follow it to the end')
    .option('--stack <name>', 'with --remote: the Warden central stack', CENTRAL_STACK_NAME)
    .option('--state-machine <arn>', 'with --remote: the state machine ARN (instead of reading --stack)')
    .option('--dry-run', 'with --remote: plan remediations, send nothing')
    .addOption(profile())
    .addOption(region())
    .addHelpText(
      'after',
      examples(
        'warden sweep',
        'warden sweep --snapshot ./AWSLogs --accounts accounts.json --report out',
        'warden sweep --rules s3-bucket-encryption --mode audit --json | jq .counts',
        'warden sweep --live --profile audit --regions eu-west-1,us-east-1',
        'warden sweep --live --accounts accounts.json --apply   # changes your resources',
        'warden sweep --remote --stack WardenCentral --dry-run',
      ),
    )
    .action(run(async (opts: Opts) => sweepCommand(kebab(opts), io)));

  const exempt = warden
    .command('exempt')
    .description('Add, list, remove exemptions, or see what a pattern would exempt')
    .argument('[subcommand]')
    .addHelpText(
      'after',
      examples(
        'warden exempt list',
        'warden exempt add --help',
        'warden exempt what-if --resource "arn:aws:s3:::legacy-*"',
      ),
    )
    // Reached only when the word after `exempt` is not one of its subcommands.
    .action(run(async (sub: string | undefined) => exemptCommand(sub, {}, io)));
  const store = (c: Command) =>
    c
      .option('--table <name>', 'a deployed Exemptions table (default: the embedded store, .warden/store)')
      .option('--stack <name>', 'a deployed Warden stack whose ExemptionsTableName output names the table');
  store(
    exempt
      .command('add')
      // Required fields are checked by the exemption admission, which names every problem at once.
      .description('Add an exemption (refused when too broad, too long, or incomplete)')
      .option('--id <id>', 'unique exemption id (required)')
      .option('--rule <rule>', 'a rule id, or * (required)')
      .option('--account <account>', '12-digit account id, or * (required)')
      .option('--region <region>', 'a region, or *', '*')
      .option('--resource <glob>', 'anchored glob over the resource ARN (* matches anything) (required)')
      .addOption(new Option('--effect <effect>', 'what it allows (required)').choices(['SUPPRESS', 'NOTIFY_ONLY']))
      .option('--reason <text>', 'why (required)')
      .option('--requested-by <who>', 'who asked (required)')
      .option('--approved-by <who>', 'who approved (required)')
      .option('--expires <iso>', 'expiry, ISO-8601 UTC (required)')
      .option('--ticket <url>', 'a ticket link')
      .option('--max-days <n>', 'longest allowed lifetime in days (default 180, at most 365)')
      .option(
        '--allow-broad',
        'allow a broad glob (every resource of a service, or any service with rule or account *)',
      )
      .option('--replace', 'overwrite an existing exemption with the same id'),
  )
    .addOption(json())
    .addHelpText(
      'after',
      examples(
        'warden exempt add --id legacy-logs --rule s3-bucket-encryption --account 111111111111 \\\n      --resource "arn:aws:s3:::legacy-logs-*" --effect SUPPRESS --reason "archived, read-only" \\\n      --requested-by alice --approved-by bob --expires 2027-01-31T00:00:00Z',
      ),
    )
    .action(run(async (opts: Opts) => exemptCommand('add', kebab(opts), io)));
  store(exempt.command('list').description('List exemptions with their state (active, expired, invalid)'))
    .addOption(json())
    .addHelpText('after', examples('warden exempt list', 'warden exempt list --stack WardenCentral --json'))
    .action(run(async (opts: Opts) => exemptCommand('list', kebab(opts), io)));
  store(
    exempt
      .command('remove')
      .description('Remove an exemption')
      .requiredOption('--id <id>', 'the exemption id')
      .option('--account <account>', 'its account, when the id is used in several'),
  )
    .addOption(json())
    .addHelpText('after', examples('warden exempt remove --id legacy-logs'))
    .action(run(async (opts: Opts) => exemptCommand('remove', kebab(opts), io)));
  exempt
    .command('what-if')
    .description('How many resources of a snapshot a pattern would exempt now')
    .requiredOption('--resource <glob>', 'anchored glob over the resource ARN')
    .option('--rule <rule>', 'only resources this rule evaluates')
    .option('--account <account>', 'only this account')
    .option('--region <region>', 'only this region')
    .option('--snapshot <dir>', 'Config snapshot files (default: the bundled estate)')
    .addOption(json())
    .addHelpText(
      'after',
      examples('warden exempt what-if --resource "arn:aws:s3:::legacy-*" --rule s3-bucket-encryption'),
    )
    .action(run(async (opts: Opts) => exemptCommand('what-if', kebab(opts), io)));

  warden
    .command('drift')
    .summary('Drift receipts: what each IaC stack must take in so its next deploy keeps the fixes')
    .description(
      'Drift receipts from the ledger, grouped by the IaC stack that owns each resource (default: the last sweep).',
    )
    .option('--since <date>', 'everything since this date (ISO-8601) instead of the last sweep')
    .option('--stack <name>', 'only this IaC stack')
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'json']).default('md'))
    .addOption(json().implies({ format: 'json' }))
    .option('--ledger-table <name>', 'a deployed Ledger table (default: the embedded store)')
    .option('--warden-stack <name>', 'a deployed Warden stack whose LedgerTableName output names the table')
    .addHelpText('after', examples('warden drift', 'warden drift --since 2026-11-01 --stack payments-core --json'))
    .action(run(async (opts: Opts) => driftCommand(kebab(opts), io)));

  warden
    .command('event')
    .summary('Run one EventBridge event through the EventStateMachine, locally')
    .description(
      'One EventBridge event (the whole envelope, as the bus delivers it) through the synthesized EventStateMachine, locally; says which end it reached (Processed, Ignored, Rejected) and why.',
    )
    .argument('[file]', 'the event as JSON')
    .allowExcessArguments(true)
    .option('--snapshot <dir>', 'current state of the resources it names (default: the bundled estate)')
    .option('--accounts <file>', 'JSON array of accounts')
    .option('--exemptions <file>', 'JSON array of exemption items')
    .option('--watch-list <file>', 'JSON array of {"eventSource", "eventName", "severity", "note"}')
    .addOption(json())
    .addHelpText(
      'after',
      examples('warden event examples/events/create-bucket.json', 'warden event my-event.json --json'),
    )
    .action(
      run(async (file: string | undefined, opts: Opts, cmd: Command) => {
        const extra = cmd.args[1];
        if (extra !== undefined) throw new CliError(`unexpected argument "${extra}"`, { usage: 'event' });
        return eventCommand(file, kebab(opts), io);
      }),
    );

  warden
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
    .addOption(profile())
    .addOption(json())
    .addHelpText(
      'after',
      examples(
        'warden snapshot --live --profile audit --regions eu-west-1 --out ./snap',
        'warden sweep --snapshot ./snap --report out        # replay it offline',
      ),
    )
    .action(run(async (opts: Opts) => snapshotCommand(kebab(opts), io)));

  const executions = warden
    .command('executions')
    .description('Executions of the deployed SweepStateMachine')
    .argument('[subcommand]')
    .addHelpText('after', examples('warden executions list', 'warden executions show arn:aws:states:…:execution:…'))
    .action(
      run(async (sub: string | undefined) => {
        throw new CliError(`warden executions needs list or show${sub ? `, not "${sub}"` : ''}`, {
          usage: 'executions',
        });
      }),
    );
  executions
    .command('list')
    .description('Recent executions, newest first')
    .option('--stack <name>', 'the Warden central stack', CENTRAL_STACK_NAME)
    .option('--state-machine <arn>', 'the state machine ARN (instead of reading --stack)')
    .addOption(
      new Option('--status <status>', 'only executions in this status').choices([
        'RUNNING',
        'SUCCEEDED',
        'FAILED',
        'TIMED_OUT',
        'ABORTED',
        'PENDING_REDRIVE',
      ]),
    )
    .option('--max <n>', 'how many', '20')
    .addOption(profile())
    .addOption(region())
    .addOption(json())
    .addHelpText(
      'after',
      examples('warden executions list --status FAILED', 'warden executions list --json | jq ".[0].executionArn"'),
    )
    .action(run(async (opts: Opts) => executionsListCommand(kebab(opts), io)));
  executions
    .command('show')
    .description('One execution: status, console URL, each state’s visits, failures and the final summary')
    .argument('<arn>', 'the execution ARN')
    .addOption(profile())
    .addOption(region())
    .addOption(json())
    .addHelpText(
      'after',
      examples(
        'warden executions show arn:aws:states:eu-west-1:111111111111:execution:Sweep:sweep-2026-11-22T06-00-00Z',
      ),
    )
    .action(run(async (arn: string, opts: Opts) => executionsShowCommand(arn, kebab(opts), io)));

  return warden;
}

/** What `warden --help` shows after each command's name. */
const TERMS: Record<string, string> = {
  sweep: '[--snapshot DIR | --live | --remote] [options]',
  exempt: 'add|list|remove|what-if [options]',
  drift: '[options]',
  event: 'FILE [options]',
  snapshot: '--live --out DIR [options]',
  executions: 'list|show ARN [options]',
};

/** Runs the CLI and returns its exit code; never throws. */
async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug') || (process.env.WARDEN_DEBUG ?? '') !== '';
  let code = 0;
  const warden = program(io, (c) => {
    code = c;
  });
  const all = [warden, ...warden.commands, ...warden.commands.flatMap((c) => c.commands)];
  for (const c of all) {
    c.exitOverride().configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      // Errors are written by runCli, as one line with what to do.
      outputError: () => undefined,
    });
  }
  if (argv.length === 0) {
    io.stdout(warden.helpInformation());
    return 2;
  }
  try {
    await warden.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'commander.help') return 2;
      const where = commandPath(argv, warden);
      io.stderr(
        `${styleFor(io.terminal?.color === true).red('warden:')} ${error.message.replace(/^error: /, '').split('\n')[0]} (see "warden ${where}--help")\n`,
      );
      return 2;
    }
    io.stderr(`${styleFor(io.terminal?.color === true).red('warden:')} ${errorLine(error, debug)}\n`);
    if (debug) io.stderr(`${(error as Error)?.stack ?? String(error)}\n`);
    return 2;
  }
}

/** `sweep ` or `exempt add ` from the arguments: where the help for a usage error is. */
function commandPath(argv: readonly string[], warden: Command): string {
  const first = warden.commands.find((c) => c.name() === argv[0]);
  if (first === undefined) return '';
  const second = first.commands.find((c) => c.name() === argv[1]);
  return `${first.name()} ${second === undefined ? '' : `${second.name()} `}`;
}

/** The io of the real process: `npx warden …`. */
function processIo(): CliIo {
  // A reader that stops early (`warden --help | head`) closes the pipe: that ends the command quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    terminal: terminalOf(process.stdout, process.stderr, process.env),
  };
}

export { processIo, runCli };
