/**
 * `warden sweep --remote`: starts the deployed SweepStateMachine with the caller's credentials,
 * prints the console URL, follows the execution with live progress and prints the final summary.
 * Exit code 0 when it succeeded, 1 when it failed, timed out or was aborted.
 */
import { DescribeStateMachineCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { executionNameFor } from '../../local/run-sweep';
import { type AwsFlags, clientConfig, regionOfArn } from '../aws';
import type { CliIo } from '../io';
import { progressBar, SweepProgress } from '../progress';
import { styleFor } from '../terminal';
import {
  consoleUrl,
  executionJson,
  type FollowOptions,
  followExecution,
  renderExecution,
  sweepStateMachineArn,
} from './sfn';

interface RemoteSweepFlags extends AwsFlags {
  readonly stack?: string;
  readonly stateMachine?: string;
  readonly mode?: string;
  readonly rules?: string;
  readonly dryRun?: boolean;
  readonly json?: boolean;
  /** `--account`: only these account ids of the deployed registry. */
  readonly accountIds?: readonly string[];
}

async function remoteSweep(
  flags: RemoteSweepFlags,
  io: CliIo,
  follow: Pick<FollowOptions, 'pollMs' | 'sleep'> = {},
): Promise<number> {
  const stateMachineArn = await sweepStateMachineArn(flags);
  // The execution runs where its state machine is, whatever the profile's default region.
  const sfn = new SFNClient({ ...clientConfig(flags), region: regionOfArn(stateMachineArn) });
  try {
    const rules = flags.rules
      ?.split(',')
      .map((r) => r.trim())
      .filter((r) => r !== '');
    const input = {
      trigger: 'warden sweep --remote',
      ...(flags.mode !== undefined ? { mode: flags.mode } : {}),
      ...(rules !== undefined && rules.length > 0 ? { rules } : {}),
      ...(flags.dryRun ? { dryRun: true } : {}),
      ...(flags.accountIds !== undefined ? { accounts: flags.accountIds } : {}),
    };
    const { definition } = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: executionNameFor(new Date()), input: JSON.stringify(input) }),
    );
    const executionArn = started.executionArn as string;
    const style = styleFor(io.terminal?.color === true);
    if (!flags.json) io.stdout(`Started ${executionArn}\n  ${style.cyan(consoleUrl(executionArn))}\n`);

    const progress = new SweepProgress(definition === undefined ? {} : JSON.parse(definition));
    const bar = progressBar(io, flags.json === true);
    let followed: Awaited<ReturnType<typeof followExecution>>;
    try {
      followed = await followExecution(sfn, executionArn, {
        ...follow,
        onEvent: (event) => {
          progress.add(event);
          bar.update(progress.snapshot());
        },
        onMapRun: (run) => {
          progress.mapRun(run);
          bar.update(progress.snapshot());
        },
      });
    } finally {
      bar.done();
    }
    if (flags.json) io.stdout(`${JSON.stringify(executionJson(followed), null, 2)}\n`);
    else io.stdout(renderExecution(followed, style));
    return followed.execution.status === 'SUCCEEDED' ? 0 : 1;
  } finally {
    sfn.destroy();
  }
}

export type { RemoteSweepFlags };
export { remoteSweep };
