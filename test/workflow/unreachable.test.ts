/**
 * Unreachable accounts through the synthesized SweepStateMachine with the live collectors (issue 10
 * item 2): of six accounts, one refuses AssumeRole (AccessDenied) and one answers with an expired
 * token; those two end UNREACHABLE with the reason, the other four are swept to the end, and the
 * operators get exactly one message per unreachable account.
 */

import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import {
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LocalSweepResult, runLocalSweep } from '../../local/run-sweep';
import { createCredentialCache } from '../../tasks/collect/live/credentials';
import { collectAccountLive } from '../../tasks/collect/live/index';
import { PlaceboServiceError } from '../support/placebo';

const ACCOUNTS = ['100000000001', '100000000002', '100000000003', '100000000004', '100000000005', '100000000006'];
const DENIED = '100000000002';
const EXPIRED = '100000000005';

let run: LocalSweepResult;

beforeAll(async () => {
  const sts = new STSClient({ region: 'us-east-1' });
  const stsMock = mockClient(sts);
  stsMock.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => {
    if (input.RoleArn.includes(DENIED)) {
      throw new PlaceboServiceError(
        'AccessDenied',
        `User is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`,
        403,
        {},
      );
    }
    if (input.RoleArn.includes(EXPIRED)) {
      throw new PlaceboServiceError('ExpiredToken', 'The security token included in the request is expired', 400, {});
    }
    return {
      Credentials: {
        AccessKeyId: 'ASIA',
        SecretAccessKey: 'secret',
        SessionToken: 'token',
        Expiration: new Date('2099-01-01T00:00:00Z'),
      },
    };
  });
  // Every reachable account is empty: no buckets, instances, groups, volumes, subnets, VPCs or databases.
  mockClient(S3Client).on(ListBucketsCommand).resolves({ Buckets: [] });
  mockClient(S3ControlClient)
    .on(GetPublicAccessBlockCommand)
    .rejects(new PlaceboServiceError('NoSuchPublicAccessBlockConfiguration', 'none', 404, {}));
  const ec2 = mockClient(EC2Client);
  ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
  ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
  ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
  ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
  ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
  mockClient(RDSClient).on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });

  const deps = {
    credentials: createCredentialCache({ sts, roleName: 'WardenAudit', externalId: 'warden' }),
    s3: (region: string) => new S3Client({ region }),
    ec2: (region: string) => new EC2Client({ region }),
    rds: (region: string) => new RDSClient({ region }),
    s3control: (region: string) => new S3ControlClient({ region }),
    config: (region: string) => new ConfigServiceClient({ region }),
  };
  run = await runLocalSweep({
    items: [],
    accounts: ACCOUNTS.map((accountId, i) => ({ accountId, alias: `acct-${i + 1}`, regions: ['us-east-1'] })),
    source: { collect: (target) => collectAccountLive(target, deps) },
    request: { dryRun: true },
    now: () => new Date('2026-11-22T06:00:00Z'),
  });
});

describe('unreachable accounts do not stop a sweep', () => {
  it('the two ends UNREACHABLE with the reason; the four others are swept', () => {
    expect(run.execution.status).toBe('SUCCEEDED');
    const byAccount = Object.fromEntries((run.report?.accounts ?? []).map((a) => [a.accountId, a]));
    expect(Object.keys(byAccount).sort()).toEqual(ACCOUNTS);
    expect(byAccount[DENIED]).toMatchObject({ status: 'UNREACHABLE', error: expect.stringContaining('AccessDenied') });
    expect(byAccount[EXPIRED]).toMatchObject({ status: 'UNREACHABLE', error: expect.stringContaining('ExpiredToken') });
    expect(ACCOUNTS.filter((a) => byAccount[a]?.status === 'OK')).toHaveLength(4);
  });

  it('operators are told once per unreachable account, and about nothing else', () => {
    const toOperators = run.published.filter((m) => m.state === 'Notify operators');
    expect(toOperators).toHaveLength(2);
    expect(toOperators.map((m) => [DENIED, EXPIRED].find((a) => m.Message.includes(a))).sort()).toEqual([
      DENIED,
      EXPIRED,
    ]);
  });
});
