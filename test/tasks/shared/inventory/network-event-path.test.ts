/**
 * The event path (`liveReader`) with this area's collectors: a security group is read with the
 * region's network interfaces (`RELATED_TYPES`), and a snapshot named by an event is read through its
 * collector's `readOne` (gone = a ResourceDeleted item). (VPCs have no live reader yet, so
 * `vpc-flow-logs-enabled` is a sweep-only rule; `RELATED_TYPES` already names their flow logs.)
 */
import {
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCredentialCache } from '../../../../tasks/shared/aws/credentials';
import { liveReader } from '../../../../tasks/shared/inventory/live-reader';
import { PlaceboServiceError, stubPlacebo } from '../../../support/placebo';

const A = '644160558196';
const sts = mockClient(STSClient);
const ec2 = mockClient(EC2Client);

function reader() {
  return liveReader({
    credentials: createCredentialCache({ sts: new STSClient({ region: 'us-east-1' }), roleName: 'WardenAudit' }),
    clients: {
      client: (client, region) => new client({ region }),
      s3: (region) => new S3Client({ region }),
      s3control: (region) => new S3ControlClient({ region }),
      ec2: (region) => new EC2Client({ region }),
      rds: (region) => new RDSClient({ region }),
    },
  });
}

beforeEach(() => {
  sts.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: 'AKIA', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date('2099-01-01') },
  });
});
afterEach(() => {
  sts.reset();
  ec2.reset();
});

describe('the event path reads this area’s related types and resources', () => {
  it('a security group comes with the region’s network interfaces; denied ENIs leave the type unknown', async () => {
    ec2
      .on(DescribeSecurityGroupsCommand)
      .resolves({ SecurityGroups: [{ GroupId: 'sg-f9cc4d9f', GroupName: 'default' }] });
    stubPlacebo(
      ec2.on(DescribeNetworkInterfacesCommand),
      'test_security_group_used__ec2.DescribeNetworkInterfaces_1.json',
    );
    const ref = {
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: 'sg-f9cc4d9f',
      accountId: A,
      region: 'us-west-2',
    };
    const read = await reader().read({ accountId: A, refs: [ref] });
    expect(read.related.filter((ci) => ci.resourceType === 'AWS::EC2::NetworkInterface')).toHaveLength(4);
    ec2.on(DescribeNetworkInterfacesCommand).rejects(new PlaceboServiceError('UnauthorizedOperation', 'no', 403, {}));
    expect((await reader().read({ accountId: A, refs: [ref] })).relatedUnknown).toEqual(['AWS::EC2::NetworkInterface']);
  });

  it('a snapshot named by an event is read by its collector; one that is gone is ResourceDeleted', async () => {
    stubPlacebo(
      ec2.on(DescribeSnapshotsCommand),
      'test_ebs_snapshot_set_permissions_matched_everyone_only__ec2.DescribeSnapshots_1.json',
    );
    const ref = { resourceType: 'AWS::EC2::Snapshot', resourceId: 'snap-af0eb71b', accountId: A, region: 'us-east-1' };
    const [found] = (await reader().read({ accountId: A, refs: [ref] })).items;
    expect(found).toMatchObject({ resourceType: 'AWS::EC2::Snapshot', resourceId: 'snap-af0eb71b', status: 'OK' });
    ec2.reset();
    ec2.on(DescribeSnapshotsCommand).rejects(new PlaceboServiceError('InvalidSnapshot.NotFound', 'gone', 400, {}));
    const [gone] = (await reader().read({ accountId: A, refs: [ref] })).items;
    expect(gone?.status).toBe('ResourceDeleted');
  });
});
