import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../../tasks/shared/model';
import {
  composeNotification,
  composeUnreachableNotification,
  toSubject,
} from '../../../../tasks/shared/notification/compose';

/** SNS Subject: ASCII, begins with a letter/number/punctuation, no control characters, < 100 characters. */
const SNS_SUBJECT = /^[!-~][ -~]{0,98}$/;

const finding = (overrides: Partial<Finding> = {}): Finding => ({
  findingId: 'f0c1a2b3c4d5e6f708192a3b',
  ruleId: 's3-bucket-encryption',
  severity: 'HIGH',
  accountId: '111122223333',
  region: 'us-east-1',
  resourceType: 'AWS::S3::Bucket',
  resourceId: 'my-bucket',
  arn: 'arn:aws:s3:::my-bucket',
  status: 'NON_COMPLIANT',
  message: 'bucket has no default encryption rule',
  tags: {},
  ...overrides,
});

describe('composeNotification: subject', () => {
  it('reads severity, rule, alias/region, resource type and id', () => {
    const n = composeNotification(finding(), { accountAlias: 'payments-prod' });
    expect(n.subject).toBe('[HIGH] s3-bucket-encryption: payments-prod/us-east-1 bucket my-bucket');
  });

  it.each([
    ['AWS::EC2::SecurityGroup', 'sg-0123', '[HIGH] s3-bucket-encryption: a/us-east-1 security group sg-0123'],
    ['AWS::RDS::DBInstance', 'db1', '[HIGH] s3-bucket-encryption: a/us-east-1 db instance db1'],
    ['AWS::EC2::Instance', 'i-0abc', '[HIGH] s3-bucket-encryption: a/us-east-1 instance i-0abc'],
  ])('names %s readably', (resourceType, resourceId, subject) => {
    expect(composeNotification(finding({ resourceType, resourceId }), { accountAlias: 'a' }).subject).toBe(subject);
  });

  it('marks ERROR findings', () => {
    const n = composeNotification(finding({ status: 'ERROR', severity: 'MEDIUM' }), { accountAlias: 'a' });
    expect(n.subject).toBe('[MEDIUM] [ERROR] s3-bucket-encryption: a/us-east-1 bucket my-bucket');
  });

  it('truncates long subjects to 99 characters with an ASCII ellipsis', () => {
    const n = composeNotification(finding({ resourceId: `b${'x'.repeat(200)}` }), { accountAlias: 'payments-prod' });
    expect(n.subject).toHaveLength(99);
    expect(n.subject).toBe(`[HIGH] s3-bucket-encryption: payments-prod/us-east-1 bucket b${'x'.repeat(35)}...`);
    expect(n.subject).toMatch(SNS_SUBJECT);
  });

  it('keeps long unicode names ASCII, single-line and short', () => {
    const n = composeNotification(finding({ resourceId: 'données-été\n\tＦｕｌｌ' }), {
      accountAlias: `${'Zahlungsverkehr-Produktion-💳-'.repeat(5)}日本`,
    });
    expect(n.subject).toHaveLength(99);
    expect(n.subject).toMatch(SNS_SUBJECT);
    expect(n.subject).toBe(
      '[HIGH] s3-bucket-encryption: Zahlungsverkehr-Produktion-?-Zahlungsverkehr-Produktion-?-Zahlungsv...',
    );
  });

  it('drops accents, replaces other non-ASCII per code point, turns control characters into spaces', () => {
    expect(toSubject('café 💳 日本\r\nok\u0007end\u0085x')).toBe('cafe ? ?? ok end x');
    expect(toSubject('  \n  leading space')).toBe('leading space');
    expect(toSubject('lone \uD800 surrogate')).toBe('lone ? surrogate');
  });

  it('property: any input gives a valid SNS subject', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1 }), (s) => {
        const subject = toSubject(`[LOW] ${s}`);
        expect(subject).toMatch(SNS_SUBJECT);
      }),
    );
  });
});

describe('composeNotification: message', () => {
  it('has every part for a remediated finding', () => {
    const n = composeNotification(
      finding({
        decision: 'REMEDIATE',
        decisionReason: 'mode is remediate',
        remediation: {
          outcome: 'SUCCEEDED',
          at: '2026-11-22T06:01:02Z',
          apiCalls: [
            {
              service: 's3',
              operation: 'PutBucketEncryption',
              input: {
                Bucket: 'my-bucket',
                ServerSideEncryptionConfiguration: {
                  Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
                },
              },
            },
          ],
        },
        iac: {
          tool: 'cloudformation',
          stack: 'payments-data',
          logicalId: 'LogsBucket',
          propertyPath: 'BucketEncryption.ServerSideEncryptionConfiguration',
          suggestedChange: 'add a rule with SSEAlgorithm AES256',
          cdk: 'encryption: s3.BucketEncryption.S3_MANAGED',
        },
      }),
      { accountAlias: 'payments-prod', owner: 'team-payments', executionName: 'sweep-2026-11-22T06-00Z' },
    );
    expect(n.message).toBe(
      [
        'Rule: s3-bucket-encryption',
        'Severity: HIGH',
        'Status: NON_COMPLIANT',
        'Resource: AWS::S3::Bucket my-bucket',
        'ARN: arn:aws:s3:::my-bucket',
        'Account: payments-prod (111122223333)',
        'Region: us-east-1',
        'Owner: team-payments',
        '',
        'What is wrong: bucket has no default encryption rule',
        'Decision: REMEDIATE (mode is remediate)',
        '',
        'Remediation: SUCCEEDED at 2026-11-22T06:01:02Z',
        '  Fixed and verified: the resource read back after the change is compliant.',
        'API calls:',
        '  s3:PutBucketEncryption {"Bucket":"my-bucket","ServerSideEncryptionConfiguration":{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}}',
        '',
        'Put the fix into your infrastructure code (cloudformation, stack payments-data, logical id LogsBucket), or the next deploy reverts it:',
        '  Property: BucketEncryption.ServerSideEncryptionConfiguration',
        '  Change: add a rule with SSEAlgorithm AES256',
        '  CDK: encryption: s3.BucketEncryption.S3_MANAGED',
        '',
        'Finding: f0c1a2b3c4d5e6f708192a3b',
        'Execution: sweep-2026-11-22T06-00Z',
      ].join('\n'),
    );
  });

  it('shows a failed remediation with its error, and planned calls as not sent', () => {
    const failed = composeNotification(
      finding({
        decision: 'REMEDIATE',
        remediation: {
          outcome: 'FAILED',
          error: 'AccessDenied',
          apiCalls: [{ service: 's3', operation: 'PutBucketEncryption', input: { Bucket: 'my-bucket' } }],
        },
      }),
      { accountAlias: 'a' },
    );
    expect(failed.message).toContain(
      'Remediation: FAILED\n  Not fixed: see the error; check the resource.\nRemediation error: AccessDenied\nAPI calls:\n  s3:PutBucketEncryption {"Bucket":"my-bucket"}',
    );
    const planned = composeNotification(
      finding({
        remediation: {
          outcome: 'PLANNED',
          apiCalls: [{ service: 's3', operation: 'PutBucketEncryption', input: { Bucket: 'my-bucket' } }],
        },
      }),
      { accountAlias: 'a' },
    );
    expect(planned.message).toContain(
      'Remediation: PLANNED\nAPI calls (planned, not sent):\n  s3:PutBucketEncryption {"Bucket":"my-bucket"}',
    );
  });

  it('shows the exemption, and the plan when nothing was remediated', () => {
    const n = composeNotification(
      finding({
        decision: 'NOTIFY',
        decisionReason: 'exemption EX-12 (notify only) until 2030-12-31T00:00:00Z: legacy',
        exemptionId: 'EX-12',
        plan: [
          {
            service: 'ec2',
            operation: 'CreateTags',
            input: { Resources: ['i-1'], Tags: [{ Key: 'Owner', Value: 'unassigned' }] },
          },
        ],
      }),
      { accountAlias: 'a' },
    );
    expect(n.message).toContain(
      'Decision: NOTIFY (exemption EX-12 (notify only) until 2030-12-31T00:00:00Z: legacy)\nExemption: EX-12\n\n' +
        'Fix Warden would apply in remediate mode (not sent):\n  ec2:CreateTags {"Resources":["i-1"],"Tags":[{"Key":"Owner","Value":"unassigned"}]}',
    );
  });

  it('leaves out what is unknown (owner, execution, decision, IaC)', () => {
    const n = composeNotification(finding(), { accountAlias: 'a' });
    expect(n.message).toBe(
      [
        'Rule: s3-bucket-encryption',
        'Severity: HIGH',
        'Status: NON_COMPLIANT',
        'Resource: AWS::S3::Bucket my-bucket',
        'ARN: arn:aws:s3:::my-bucket',
        'Account: a (111122223333)',
        'Region: us-east-1',
        '',
        'What is wrong: bucket has no default encryption rule',
        '',
        'Finding: f0c1a2b3c4d5e6f708192a3b',
      ].join('\n'),
    );
  });

  it('says an ERROR finding could not be evaluated', () => {
    const n = composeNotification(
      finding({ status: 'ERROR', message: 'ServerSideEncryptionConfiguration could not be read (AccessDenied)' }),
      {
        accountAlias: 'a',
      },
    );
    expect(n.message).toContain('Status: ERROR (the rule could not evaluate this resource)');
    expect(n.message).toContain('What is wrong: ServerSideEncryptionConfiguration could not be read (AccessDenied)');
  });

  it('caps a huge field, and the whole message under the SNS size limit', () => {
    const n = composeNotification(finding({ message: 'é'.repeat(300_000) }), { accountAlias: 'a' });
    expect(n.message).toContain(`What is wrong: ${'é'.repeat(4096)}…\n`);
    const calls = Array.from({ length: 200 }, () => ({
      service: 's3',
      operation: 'X',
      input: { v: 'é'.repeat(5000) },
    }));
    const huge = composeNotification(finding({ plan: calls }), { accountAlias: 'a' });
    expect(Buffer.byteLength(huge.message, 'utf8')).toBeLessThanOrEqual(240 * 1024);
    expect(huge.message.endsWith('é\n[message truncated]')).toBe(true);
  });
});

describe('composeNotification: attributes', () => {
  it('carries severity, ruleId, accountId, decision and owner', () => {
    const n = composeNotification(finding({ decision: 'NOTIFY' }), { accountAlias: 'a', owner: 'team-payments' });
    expect(n.attributes).toEqual({
      severity: 'HIGH',
      ruleId: 's3-bucket-encryption',
      accountId: '111122223333',
      decision: 'NOTIFY',
      owner: 'team-payments',
    });
  });

  it('omits unknown or empty values (SNS rejects empty attribute values)', () => {
    const n = composeNotification(finding(), { accountAlias: 'a', owner: '' });
    expect(n.attributes).toEqual({ severity: 'HIGH', ruleId: 's3-bucket-encryption', accountId: '111122223333' });
  });

  it('strips control characters from attribute values', () => {
    const n = composeNotification(finding(), { accountAlias: 'a', owner: 'team\u0000-ops\u001b' });
    expect(n.attributes.owner).toBe('team-ops');
  });
});

describe('composeUnreachableNotification', () => {
  it('names the account and the error', () => {
    const n = composeUnreachableNotification(
      { accountId: '444455556666', alias: 'analytics-dev' },
      'AccessDenied: not authorized to perform sts:AssumeRole on arn:aws:iam::444455556666:role/WardenAudit',
      'sweep-2026-11-22T06-00Z',
    );
    expect(n).toEqual({
      subject: '[ACCOUNT UNREACHABLE] analytics-dev (444455556666)',
      message: [
        'Warden could not audit account analytics-dev (444455556666); none of its resources were evaluated.',
        '',
        'Error: AccessDenied: not authorized to perform sts:AssumeRole on arn:aws:iam::444455556666:role/WardenAudit',
        '',
        'Check that the member stack is deployed in this account and that the central account may assume its WardenAudit role.',
        '',
        'Execution: sweep-2026-11-22T06-00Z',
      ].join('\n'),
      attributes: { severity: 'HIGH', accountId: '444455556666', kind: 'ACCOUNT_UNREACHABLE' },
    });
  });

  it('keeps the subject valid for long unicode aliases and omits a missing execution', () => {
    const n = composeUnreachableNotification({ accountId: '444455556666', alias: 'Ω'.repeat(150) }, 'timeout');
    expect(n.subject).toMatch(SNS_SUBJECT);
    expect(n.subject).toHaveLength(99);
    expect(n.subject).toBe(`[ACCOUNT UNREACHABLE] ${'?'.repeat(74)}...`);
    expect(n.message).not.toContain('Execution:');
  });
});
