/**
 * How the CLI is put together: each command module registers its own commander subcommand and
 * reads its flags through its typed options interface (commander's camelCase names), and `main.ts`
 * only composes them — so no module of cli/ imports one that imports it back.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DescribeStateMachineCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main';

const CLI = resolve('cli');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourcesUnder(join(dir, e.name)) : /\.(ts|mjs)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** The relative modules a file imports or re-exports, type-only ones included (they tie the modules too). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf-8');
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1] as string);
  return specifiers
    .filter((s) => s.startsWith('.'))
    .map((s) => {
      const base = resolve(dirname(file), s);
      return [base, `${base}.ts`, join(base, 'index.ts')].find((f) => /\.(ts|mjs)$/.test(f) && existsSync(f)) ?? base;
    });
}

/** Every cycle of the import graph restricted to cli/, each as the path of files that closes it. */
function importCycles(): string[][] {
  const files = sourcesUnder(CLI);
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((i) => i.startsWith(`${CLI}/`))]));
  const cycles: string[][] = [];
  const done = new Set<string>();
  const visit = (file: string, path: string[]) => {
    const at = path.indexOf(file);
    if (at >= 0) {
      cycles.push([...path.slice(at), file].map((f) => relative(process.cwd(), f)));
      return;
    }
    if (done.has(file)) return;
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    done.add(file);
  };
  for (const f of files) visit(f, []);
  return cycles;
}

describe('the modules of cli/', () => {
  it('import no module that imports them back (no import cycle, type-only imports included)', () => {
    const graphSize = sourcesUnder(CLI).length;
    expect(graphSize).toBeGreaterThan(10);
    expect(importCycles()).toEqual([]);
  });

  it('main.ts composes the commands; only bin.mjs imports it', () => {
    const main = join(CLI, 'main.ts');
    const importers = sourcesUnder(CLI).filter((f) => importsOf(f).includes(main));
    expect(importers.map((f) => relative(CLI, f))).toEqual(['bin.mjs']);
    expect(importsOf(main).filter((i) => i.includes('/commands/'))).toHaveLength(6);
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
