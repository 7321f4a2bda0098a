/**
 * Member accounts reached through the live collectors that hold nothing (no buckets, instances,
 * groups, volumes, subnets, VPCs or databases), with AssumeRole answered by the test: for workflow
 * tests of what happens to accounts that cannot be reached or whose tasks fail.
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
import { createCredentialCache } from '../../tasks/shared/aws/credentials';
import type { ClientClass } from '../../tasks/shared/inventory/collector';
import { collectAccountLive } from '../../tasks/shared/inventory/index';
import type { ResourceSource } from '../../tasks/shared/inventory/source';
import { S3_EC2_RDS_TYPES } from './collected-types';
import { PlaceboServiceError } from './placebo';

/**
 * The `source` of `runLocalSweep` for empty accounts. `assumeRole` sees each AssumeRole's role ARN
 * and throws the error STS would to refuse it; when it returns, temporary credentials are issued.
 */
function emptyLiveAccounts(assumeRole: (roleArn: string) => void): ResourceSource {
  const sts = new STSClient({ region: 'us-east-1' });
  mockClient(sts)
    .on(AssumeRoleCommand)
    .callsFake((input: { RoleArn: string }) => {
      assumeRole(input.RoleArn);
      return {
        Credentials: {
          AccessKeyId: 'ASIA',
          SecretAccessKey: 'secret',
          SessionToken: 'token',
          Expiration: new Date('2099-01-01T00:00:00Z'),
        },
      };
    });
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
    client: <C>(client: ClientClass<C>, region: string) => new client({ region }),
    resourceTypes: S3_EC2_RDS_TYPES,
  };
  return { collect: (target) => collectAccountLive(target, deps) };
}

export { emptyLiveAccounts };
