/**
 * The `warden` command: arguments parsed by commander; each module under commands/ registers its own
 * subcommand with its options and reads them typed (`.opts<T>()`), and this module composes them.
 * Exit codes: 0 the command ran (whatever a sweep found); 1 an execution did not succeed (a followed
 * deployed one, a local one, or a rejected event); 2 it could not run (bad flag, unreadable file,
 * AWS refused) — with one line on stderr saying what to do; 3 `--fail-on SEVERITY` found
 * un-exempted findings at or above it (Prowler's exit code, for CI). Stack traces only with `--debug` (or WARDEN_DEBUG=1).
 */
import '../local/polyfills';
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { errorLine } from './errors';
import type { CliContext, CliIo } from './io';
import { examples } from './options';
import { styleFor, terminalOf } from './terminal';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf-8')) as { version: string })
  .version;

interface CommandModule {
  register(program: Command, cli: CliContext): void;
}

/**
 * The commands, in the order `warden --help` lists them; each module registers its own options.
 * They are loaded on demand: a command's module pulls in the AWS SDK clients, aws-cdk-lib (the
 * local runner synthesizes the state machines), aws-local-stepfunctions or dynalite, which take
 * most of a start (issue 20, item 13), so `warden --version` loads none and `warden rules` one.
 */
const COMMANDS: Readonly<Record<string, () => Promise<CommandModule>>> = {
  sweep: () => import('./commands/sweep'),
  exempt: () => import('./commands/exempt'),
  drift: () => import('./commands/drift'),
  event: () => import('./commands/event'),
  trail: () => import('./commands/trail'),
  snapshot: () => import('./commands/snapshot'),
  executions: () => import('./commands/executions'),
  accounts: () => import('./commands/accounts'),
  rules: () => import('./commands/rules'),
  validate: () => import('./commands/validate'),
};

/**
 * The command modules `argv` needs: none for `--version` alone, the named command's for
 * `warden NAME …`, and all of them otherwise (the overall help, a mistyped name's suggestion).
 */
function commandsFor(argv: readonly string[]): string[] {
  const all = Object.keys(COMMANDS);
  const name = argv.find((a) => !a.startsWith('-'));
  if (name === undefined && argv.length > 0 && argv.every((a) => a === '--version' || a === '-V' || a === '--debug')) {
    return [];
  }
  return name !== undefined && all.includes(name) ? [name] : all;
}

/** The program, built anew for every run so that nothing of one run leaks into the next (tests run many). */
async function program(cli: CliContext, argv: readonly string[]): Promise<Command> {
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
      )}\nExit codes: 0 ran (whatever was found) · 1 an execution did not succeed (or an event was rejected) · 2 could not run · 3 --fail-on: findings at or above it remain.\nRun "warden <command> --help" for a command's flags and examples.\n`,
    );
  const modules = await Promise.all(commandsFor(argv).map((name) => COMMANDS[name]!()));
  for (const command of modules) command.register(warden, cli);
  return warden;
}

/** What `warden --help` shows after each command's name. */
const TERMS: Record<string, string> = {
  sweep: '[--snapshot DIR | --live | --remote] [options]',
  exempt: 'add|list|remove|what-if [options]',
  drift: '[options]',
  event: 'FILE [options]',
  trail: 'FILE|DIR... [options]',
  snapshot: '--live --out DIR [options]',
  executions: 'list|show ARN [options]',
};

/** Runs the CLI and returns its exit code; never throws. */
async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug') || (process.env.WARDEN_DEBUG ?? '') !== '';
  let code = 0;
  const warden = await program(
    {
      io,
      exit: (c) => {
        code = c;
      },
    },
    argv,
  );
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
