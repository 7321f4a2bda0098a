/** `warden drift` prints the receipts of the last sweep, grouped by stack, from the embedded store. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  process.env.WARDEN_HOME = mkdtempSync(join(tmpdir(), 'warden-home-'));
  const first = await cli('drift');
  expect(first.stdout, first.stderr).toContain('no sweep recorded yet');
  const sweep = await cli('sweep', '--json');
  expect(sweep.code, sweep.stderr).toBe(0);
  // Two commands, the first of them synthesizing the app: longer than one hook's default on a loaded machine.
}, 180_000);

describe('warden drift', () => {
  it('groups the last sweep’s receipts by stack with the property path and the value to set', async () => {
    const { code, stdout } = await cli('drift', '--format', 'json');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.scope).toMatch(/^sweep sweep-/);
    const stack = out.stacks.find((g: { stack: string }) => g.stack === 'payments-core');
    expect(stack).toMatchObject({
      tool: 'cloudformation',
      receipts: [
        expect.objectContaining({
          arn: 'arn:aws:s3:::payments-core-artifactsbucket-1x8qk2m4v7zd',
          logicalId: 'ArtifactsBucket',
          outcome: 'PLANNED',
          propertyPath:
            'BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm',
          suggestedChange: 'set to "AES256"',
        }),
      ],
    });
    // Only remediations are drift: exempted and notified findings are not in it.
    const arns = out.stacks.flatMap((g: { receipts: { arn: string }[] }) => g.receipts.map((r) => r.arn));
    expect(arns).not.toContain('arn:aws:s3:::legacy-logs-2019');
  });

  it('--stack narrows to one stack; markdown names it', async () => {
    const { stdout } = await cli('drift', '--stack', 'payments-core');
    expect(stdout).toContain('### Stack `payments-core` (cloudformation)');
    expect(stdout).not.toContain('(no IaC stack)');
  });

  it('--since takes every sweep since a date', async () => {
    await new Promise((r) => setTimeout(r, 1100)); // execution names are unique to the second
    expect((await cli('sweep', '--json')).code).toBe(0);
    const last = JSON.parse((await cli('drift', '--format', 'json')).stdout);
    const since = JSON.parse((await cli('drift', '--since', '2026-01-01', '--format', 'json')).stdout);
    const count = (o: { stacks: { receipts: unknown[] }[] }) => o.stacks.reduce((n, g) => n + g.receipts.length, 0);
    expect(count(since)).toBe(2 * count(last));
  });

  it('refuses bad flags with one line', async () => {
    expect(await cli('drift', '--format', 'xml')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--format .*'xml' is invalid\. Allowed choices are md, json/),
    });
    expect(await cli('drift', '--since', 'yesterday')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--since must be a date'),
    });
  });

  it('--stack that no receipt in the ledger names is an error, not "No remediation drifted" (issue 20 item 5)', async () => {
    const { code, stdout, stderr } = await cli('drift', '--stack', 'nope');
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toMatch(/^warden: no such stack "nope" in the ledger \(stacks with drift receipts: .*payments-core/);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
