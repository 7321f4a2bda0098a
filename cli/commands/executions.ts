/**
 * `warden executions list|show`: executions of the deployed SweepStateMachine, as the console lists
 * and shows them — status, times, console URL, each state's visits and the failure path.
 */
import { type ExecutionStatus, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { type AwsFlags, clientConfig, regionOfArn } from '../aws';
import { CliError } from '../errors';
import type { CliIo } from '../io';
import { consoleUrl, executionJson, followExecution, renderExecution, sweepStateMachineArn } from '../remote/sfn';
import { styleFor } from '../terminal';

interface ListFlags extends AwsFlags {
  readonly stack?: string;
  readonly 'state-machine'?: string;
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

export { executionsListCommand, executionsShowCommand };
