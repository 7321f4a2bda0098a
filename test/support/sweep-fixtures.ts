/** Small, valid inputs for task handler tests: a sweep, a target, findings. */
import type { AccountTarget, Finding } from '../../tasks/shared/model';
import type { Sweep } from '../../tasks/shared/schemas';

const SWEEP: Sweep = {
  sweepId: 'sweep-2026-11-22T06-00Z',
  executionName: 'sweep-2026-11-22T06-00Z',
  executionArn: 'arn:aws:states:us-east-1:999999999999:execution:Sweep:sweep-2026-11-22T06-00Z',
  startedAt: '2026-11-22T06:00:00.000Z',
  mode: 'remediate',
  dryRun: false,
  rules: null,
};

const TARGET: AccountTarget = {
  accountId: '111111111111',
  alias: 'payments-prod',
  owner: 'payments@example.com',
  regions: ['us-east-1'],
};

function bucketFinding(name: string, overrides: Partial<Finding> = {}): Finding {
  return {
    findingId: `f-${name}`,
    ruleId: 's3-bucket-encryption',
    severity: 'HIGH',
    accountId: TARGET.accountId,
    region: 'us-east-1',
    resourceType: 'AWS::S3::Bucket',
    resourceId: name,
    arn: `arn:aws:s3:::${name}`,
    status: 'NON_COMPLIANT',
    message: 'no default encryption',
    tags: {},
    plan: [
      {
        service: 's3',
        operation: 'PutBucketEncryption',
        input: {
          Bucket: name,
          ExpectedBucketOwner: TARGET.accountId,
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
          },
        },
      },
    ],
    ...overrides,
  };
}

export { bucketFinding, SWEEP, TARGET };
