/**
 * How the CLI is put together: each command module registers its own commander subcommand and
 * reads its flags through its typed options interface (commander's camelCase names), and `main.ts`
 * only composes them — so no module of cli/ imports one that imports it back.
 */
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DescribeStateMachineCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main';
import { importCycles, importsOf, sourcesUnder } from '../support/imports';

const CLI = resolve('cli');

describe('the modules of cli/', () => {
  it('import no module that imports them back (no import cycle, type-only imports included)', () => {
    const graphSize = sourcesUnder(CLI).length;
    expect(graphSize).toBeGreaterThan(10);
    expect(importCycles(sourcesUnder(CLI))).toEqual([]);
  });

  it('main.ts composes the commands; only bin.mjs imports it', () => {
    const main = join(CLI, 'main.ts');
    const importers = sourcesUnder(CLI).filter((f) => importsOf(f).includes(main));
    expect(importers.map((f) => relative(CLI, f))).toEqual(['bin.mjs']);
    expect(importsOf(main).filter((i) => i.includes('/commands/'))).toHaveLength(10);
  });
});

const sfn = mockClient(SFNClient);
const cfn = mockClient(CloudFormationClient);
const OTHER = 'arn:aws:states:us-west-2:999988887777:stateMachine:SomeOtherSweep';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** Multi-word flags: commander names them in camelCase; a command reading any other name would never see them. */
describe('a multi-word flag reaches its command', () => {
  beforeEach(() => {
    sfn.reset();
    cfn.reset();
  });

  it('executions list --state-machine: that state machine is listed, no stack is read', async () => {
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    const { code, stdout, stderr } = await cli('executions', 'list', '--state-machine', OTHER);
    expect([code, stderr]).toEqual([0, '']);
    expect(sfn.commandCalls(ListExecutionsCommand)[0]?.args[0].input).toEqual({
      stateMachineArn: OTHER,
      maxResults: 20,
    });
    expect(cfn.calls()).toHaveLength(0);
    expect(stdout).toBe(`No executions of ${OTHER}\n`);
  });

  it('sweep --remote --state-machine: that state machine is started, no stack is read', async () => {
    const missing = Object.assign(new Error(`State Machine Does Not Exist: '${OTHER}'`), {
      name: 'StateMachineDoesNotExist',
    });
    sfn.on(DescribeStateMachineCommand).rejects(missing);
    const { code, stderr } = await cli('sweep', '--remote', '--state-machine', OTHER);
    expect(code).toBe(2);
    expect(sfn.commandCalls(DescribeStateMachineCommand)[0]?.args[0].input).toEqual({ stateMachineArn: OTHER });
    expect(cfn.calls()).toHaveLength(0);
    expect(stderr).toContain('State Machine Does Not Exist');
  });

  it('drift --ledger-table and --warden-stack both reach the table choice', async () => {
    const { code, stderr } = await cli('drift', '--ledger-table', 'Ledger', '--warden-stack', 'WardenCentral');
    expect(code).toBe(2);
    expect(stderr).toBe('warden: give --table or --stack, not both\n');
  });

  it('event --watch-list: the watch-list file is read', async () => {
    const missing = join(tmpdir(), 'warden-no-such-watch-list.json');
    const { code, stderr } = await cli(
      'event',
      resolve('test/fixtures/events/create-vpc.json'),
      '--watch-list',
      missing,
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/^warden: .*watch-list file .*warden-no-such-watch-list\.json/);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
