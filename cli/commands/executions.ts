/**
 * `warden executions list|show`: executions of the deployed SweepStateMachine, as the console lists
 * and shows them — status, times, console URL, each state's visits and the failure path.
 */
import { type ExecutionStatus, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { type Command, Option } from 'commander';
import { CENTRAL_STACK_NAME } from '../../infra/names';
import { type AwsFlags, clientConfig, regionOfArn } from '../aws';
import { CliError } from '../errors';
import type { CliContext, CliIo } from '../io';
import { examples, jsonOption, profileOption, regionOption } from '../options';
import { consoleUrl, executionJson, followExecution, renderExecution, sweepStateMachineArn } from '../remote/sfn';
import { styleFor } from '../terminal';

interface ListFlags extends AwsFlags {
  readonly stack?: string;
  readonly stateMachine?: string;
  readonly status?: string;
  readonly max?: string;
  readonly json?: boolean;
}

async function executionsListCommand(flags: ListFlags, io: CliIo): Promise<number> {
  const max = Number(flags.max ?? 20);
  if (!Number.isInteger(max) || max < 1 || max > 1000)
    throw new CliError('--max must be a whole number from 1 to 1000', { usage: 'executions list' });
  const stateMachineArn = await sweepStateMachineArn(flags);
  const sfn = new SFNClient({ ...clientConfig(flags), region: regionOfArn(stateMachineArn) });
  try {
    const { executions = [] } = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn,
        maxResults: max,
        ...(flags.status !== undefined ? { statusFilter: flags.status as ExecutionStatus } : {}),
      }),
    );
    const rows = executions.map((e) => ({
      name: e.name ?? null,
      executionArn: e.executionArn ?? '',
      status: e.status ?? null,
      startDate: e.startDate?.toISOString() ?? null,
      stopDate: e.stopDate?.toISOString() ?? null,
      consoleUrl: consoleUrl(e.executionArn ?? ''),
    }));
    if (flags.json) {
      io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    const style = styleFor(io.terminal?.color === true);
    if (rows.length === 0)
      io.stdout(`No executions of ${stateMachineArn}${flags.status ? ` with status ${flags.status}` : ''}\n`);
    for (const r of rows) {
      io.stdout(
        `${style.status((r.status ?? '').padEnd(10))} ${String(r.name).padEnd(32)} ${r.startDate ?? ''}  ${r.stopDate ?? '(running)'}\n  ${style.dim(r.executionArn)}\n`,
      );
    }
    return 0;
  } finally {
    sfn.destroy();
  }
}

interface ShowFlags extends AwsFlags {
  readonly json?: boolean;
}

async function executionsShowCommand(arn: string, flags: ShowFlags, io: CliIo): Promise<number> {
  if (!/^arn:[\w-]+:states:[\w-]+:\d{12}:execution:[^:]+:[^:]+$/.test(arn))
    throw new CliError(`"${arn}" is not an execution ARN (arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME)`, {
      usage: 'executions show',
    });
  const sfn = new SFNClient({ ...clientConfig(flags), region: regionOfArn(arn) });
  try {
    // A running execution is shown as it is now, not followed: one pass over its history.
    const shown = await followExecution(sfn, arn, { once: true });
    if (flags.json) io.stdout(`${JSON.stringify(executionJson(shown), null, 2)}\n`);
    else io.stdout(renderExecution(shown, styleFor(io.terminal?.color === true)));
    return 0;
  } finally {
    sfn.destroy();
  }
}

/** `warden executions list|show` and their options. */
function register(program: Command, cli: CliContext): void {
  const executions = program
    .command('executions')
    .description('Executions of the deployed SweepStateMachine')
    .argument('[subcommand]')
    .addHelpText('after', examples('warden executions list', 'warden executions show arn:aws:states:…:execution:…'))
    // Reached only when the word after `executions` is not one of its subcommands.
    .action(async (sub: string | undefined) => {
      throw new CliError(`executions needs list or show${sub ? `, not "${sub}"` : ''}`, {
        usage: 'executions',
      });
    });
  const list = executions
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
    .addOption(profileOption())
    .addOption(regionOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      examples('warden executions list --status FAILED', 'warden executions list --json | jq ".[0].executionArn"'),
    )
    .action(async () => cli.exit(await executionsListCommand(list.opts<ListFlags>(), cli.io)));
  const show = executions
    .command('show')
    .description('One execution: status, console URL, each state’s visits, failures and the final summary')
    .argument('<arn>', 'the execution ARN')
    .addOption(profileOption())
    .addOption(regionOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      examples(
        'warden executions show arn:aws:states:eu-west-1:111111111111:execution:Sweep:sweep-2026-11-22T06-00-00Z',
      ),
    )
    .action(async (arn: string) => cli.exit(await executionsShowCommand(arn, show.opts<ShowFlags>(), cli.io)));
}

export type { ListFlags, ShowFlags };
export { executionsListCommand, executionsShowCommand, register };
