import { describe, expect, it } from 'vitest';
import { driftByStack, NO_STACK, renderDriftMarkdown } from '../../../tasks/shared/drift';

const record = (arn: string, outcome: string | undefined, iac?: Record<string, unknown>, owner?: string) => ({
  findingId: arn,
  ruleId: 's3-bucket-encryption',
  arn,
  accountId: '111111111111',
  region: 'us-east-1',
  outcome,
  at: '2026-11-22T06:05:00.000Z',
  executionName: 'sweep-1',
  iac,
  owner,
});

describe('drift receipts', () => {
  it('groups applied and planned remediations by stack, leaves other decisions out', () => {
    const cfn = {
      tool: 'cloudformation',
      stack: 'payments-core',
      logicalId: 'Artifacts',
      propertyPath: 'BucketEncryption.X',
      suggestedChange: 'set to "AES256"',
      cdk: 'encryption: S3_MANAGED',
      terraform: 'sse_algorithm = "AES256"',
    };
    const groups = driftByStack([
      record('arn:aws:s3:::b', 'SUCCEEDED', cfn),
      record('arn:aws:s3:::a', 'PLANNED', cfn),
      record('arn:aws:s3:::c', 'FAILED', cfn),
      record('arn:aws:s3:::d', 'SKIPPED_LOOP', cfn),
      record('arn:aws:s3:::e', undefined, cfn),
      record(
        'arn:aws:s3:::loose',
        'SUCCEEDED',
        { tool: 'unknown', propertyPath: 'P', suggestedChange: 'S' },
        'team@example.com',
      ),
    ]);
    expect(groups.map((g) => [g.stack, g.tool, g.receipts.map((r) => r.arn)])).toEqual([
      ['payments-core', 'cloudformation', ['arn:aws:s3:::a', 'arn:aws:s3:::b']],
      [NO_STACK, 'unknown', ['arn:aws:s3:::loose']],
    ]);
    expect(groups[1]?.owner).toBe('team@example.com');
    const md = renderDriftMarkdown(groups);
    expect(md).toContain('### Stack `payments-core` (cloudformation)');
    expect(md).toContain('`arn:aws:s3:::a` (logical id `Artifacts`) — s3-bucket-encryption, would change (dry run)');
    expect(md).toContain('  - CloudFormation: `BucketEncryption.X`: set to "AES256"');
    expect(md).toContain('  - Terraform: `sse_algorithm = "AES256"`');
    expect(md).toContain(`### ${NO_STACK} — owner team@example.com`);
  });

  it('a change sent but not verified is drift too, and says so; a skipped one is not (issue 14 item 9)', () => {
    const iac = { tool: 'cloudformation', stack: 'payments-core', propertyPath: 'P', suggestedChange: 'S' };
    const groups = driftByStack([
      record('arn:aws:s3:::u', 'SENT_UNVERIFIED', iac),
      record('arn:aws:s3:::s', 'SKIPPED_ALREADY_COMPLIANT', iac),
    ]);
    expect(groups.flatMap((g) => g.receipts.map((r) => [r.arn, r.outcome]))).toEqual([
      ['arn:aws:s3:::u', 'SENT_UNVERIFIED'],
    ]);
    expect(renderDriftMarkdown(groups)).toContain('changed (not verified: the read-back failed)');
  });

  it('says so when nothing drifted', () => {
    expect(renderDriftMarkdown([])).toBe('No remediation drifted from its infrastructure-as-code.\n');
  });
});
