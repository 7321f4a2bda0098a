/**
 * RDS DB instances of one account-region as AWS Config `AWS::RDS::DBInstance` configuration items.
 *
 * Config records RDS bean-style: only the first letter of each member is lower-cased
 * (`dBInstanceIdentifier`, `dbiResourceId`, `storageEncrypted`, `iAMDatabaseAuthenticationEnabled`,
 * awslabs/aws-config-resource-schema); its `resourceId` is the `DbiResourceId` (`db-…`) and its
 * `resourceName` the instance identifier. Tags come with DescribeDBInstances (`TagList`) and go to the
 * top-level `tags`.
 */
import { type DBInstance, DescribeDBInstancesCommand, type RDSClient } from '@aws-sdk/client-rds';
import { collectPages } from '../aws/pager';
import type { ConfigurationItem, Relationship } from '../model';
import { partitionOf, tagMap, toBeanCase } from './config-case';

/** Largest page DescribeDBInstances allows (MaxRecords 20–100). */
const PAGE_SIZE = 100;

/** IAM actions of this collector's calls. */
const RDS_INSTANCE_READS = ['rds:DescribeDBInstances'] as const;

function dbInstanceToCi(db: DBInstance, accountId: string, region: string): ConfigurationItem | undefined {
  const identifier = db.DBInstanceIdentifier;
  const resourceId = db.DbiResourceId ?? identifier;
  if (resourceId === undefined) return undefined;
  const { TagList, ...rest } = db;
  const relationships: Relationship[] = (db.VpcSecurityGroups ?? [])
    .map((g) => g.VpcSecurityGroupId)
    .filter((id): id is string => id !== undefined)
    .map((id) => ({
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: id,
      name: 'Is associated with SecurityGroup',
    }));
  return {
    resourceType: 'AWS::RDS::DBInstance',
    resourceId,
    ...(identifier === undefined ? {} : { resourceName: identifier }),
    arn: db.DBInstanceArn ?? `arn:${partitionOf(region)}:rds:${region}:${accountId}:db:${identifier ?? resourceId}`,
    accountId,
    region,
    ...(db.AvailabilityZone === undefined ? {} : { availabilityZone: db.AvailabilityZone }),
    status: 'OK',
    configuration: toBeanCase(rest) as Record<string, unknown>,
    supplementaryConfiguration: {},
    tags: tagMap(TagList),
    relationships,
  };
}

/** Every DB instance of the region (all pages). Errors propagate (see `collectAccountLive`). */
async function collectDbInstances(
  rds: RDSClient,
  account: { readonly accountId: string },
  region: string,
): Promise<ConfigurationItem[]> {
  const instances = await collectPages('DescribeDBInstances', async (marker) => {
    const page = await rds.send(
      new DescribeDBInstancesCommand({ MaxRecords: PAGE_SIZE, ...(marker === undefined ? {} : { Marker: marker }) }),
    );
    return { items: page.DBInstances ?? [], nextToken: page.Marker };
  });
  return instances.map((db) => dbInstanceToCi(db, account.accountId, region)).filter((ci) => ci !== undefined);
}

export { collectDbInstances, dbInstanceToCi, RDS_INSTANCE_READS };
