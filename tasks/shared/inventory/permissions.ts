/**
 * What reading each resource type costs in IAM: the actions its collector's calls need (declared
 * next to each collector). A rule's read permissions are composed from these (its resource types and
 * the related types it reads through its evaluation context), as Cloud Custodian's resource managers
 * declare `get_permissions`, so a rule never hand-lists what a collector does.
 */
import { COLLECTORS } from './collectors';
import { EC2_INSTANCE_READS } from './ec2-instances';
import { SECURITY_GROUP_READS, SUBNET_READS, VPC_READS } from './ec2-network';
import { EC2_VOLUME_READS } from './ec2-volumes';
import { RDS_INSTANCE_READS } from './rds-instances';
import { ACCOUNT_PUBLIC_ACCESS_BLOCK_READS } from './s3-account-public-access-block';
import { S3_BUCKET_READS } from './s3-buckets';

const COLLECTOR_READS: Readonly<Record<string, readonly string[]>> = {
  'AWS::S3::Bucket': S3_BUCKET_READS,
  'AWS::S3::AccountPublicAccessBlock': ACCOUNT_PUBLIC_ACCESS_BLOCK_READS,
  'AWS::EC2::Instance': EC2_INSTANCE_READS,
  'AWS::EC2::SecurityGroup': SECURITY_GROUP_READS,
  'AWS::EC2::Subnet': SUBNET_READS,
  'AWS::EC2::VPC': VPC_READS,
  'AWS::EC2::Volume': EC2_VOLUME_READS,
  'AWS::RDS::DBInstance': RDS_INSTANCE_READS,
  ...Object.fromEntries(
    COLLECTORS.flatMap((collector) => collector.resourceTypes.map((type) => [type, collector.reads] as const)),
  ),
};

/** A resource type no collector reads: a rule for it could never see a resource. */
class NoCollectorError extends Error {
  public constructor(public readonly resourceType: string) {
    super(`no collector reads ${resourceType} (tasks/shared/inventory/permissions.ts lists the collected types)`);
    this.name = 'NoCollectorError';
  }
}

/** The IAM actions the collectors of `resourceTypes` need, de-duplicated, in declaration order. */
function collectorReads(resourceTypes: readonly string[]): string[] {
  const actions = resourceTypes.flatMap((type) => {
    const reads = COLLECTOR_READS[type];
    if (reads === undefined) throw new NoCollectorError(type);
    return reads;
  });
  return [...new Set(actions)];
}

export { COLLECTOR_READS, collectorReads, NoCollectorError };
