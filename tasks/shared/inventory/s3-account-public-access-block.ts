/**
 * The account-level S3 Block Public Access setting as the AWS Config
 * `AWS::S3::AccountPublicAccessBlock` item (`configuration.{blockPublicAcls, ignorePublicAcls,
 * blockPublicPolicy, restrictPublicBuckets}`, resourceId = the account id), read with S3 Control
 * GetPublicAccessBlock.
 *
 * - `NoSuchPublicAccessBlockConfiguration` (404) means "not configured": all four settings off, which is
 *   what S3 enforces then;
 * - any other error (AccessDenied above all) means "unknown": the item carries
 *   `unknown.configuration`, so a rule that needs it yields an ERROR finding, never a compliant one;
 * - throttling propagates (Step Functions `Retry`).
 */
import { GetPublicAccessBlockCommand, type S3ControlClient } from '@aws-sdk/client-s3-control';
import { errorName } from '../aws/aws-errors';
import type { ConfigurationItem } from '../model';
import { isThrottlingError } from '../throttling';
import { partitionOf, toConfigCase } from './config-case';

/** IAM actions of this collector's calls (S3 Control GetPublicAccessBlock). */
const ACCOUNT_PUBLIC_ACCESS_BLOCK_READS = ['s3:GetAccountPublicAccessBlock'] as const;

const NOT_CONFIGURED = 'NoSuchPublicAccessBlockConfiguration';

const ALL_OFF = {
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
} as const;

function accountPublicAccessBlockArn(accountId: string, region: string): string {
  return `arn:${partitionOf(region)}:s3::${accountId}:account-public-access-block`;
}

/**
 * The account's item, labelled with `region` (the setting is account-wide; Config records it per region).
 */
async function collectAccountPublicAccessBlock(
  s3control: S3ControlClient,
  account: { readonly accountId: string },
  region: string,
): Promise<ConfigurationItem> {
  const base = {
    resourceType: 'AWS::S3::AccountPublicAccessBlock',
    resourceId: account.accountId,
    arn: accountPublicAccessBlockArn(account.accountId, region),
    accountId: account.accountId,
    region,
    availabilityZone: 'Not Applicable',
    status: 'OK',
    supplementaryConfiguration: {},
    tags: {},
    relationships: [],
  };
  try {
    const output = await s3control.send(new GetPublicAccessBlockCommand({ AccountId: account.accountId }));
    return {
      ...base,
      configuration: { ...ALL_OFF, ...(toConfigCase(output.PublicAccessBlockConfiguration ?? {}) as object) },
    };
  } catch (error) {
    if (isThrottlingError(error)) throw error;
    const name = errorName(error);
    if (name === NOT_CONFIGURED) return { ...base, configuration: { ...ALL_OFF } };
    return { ...base, configuration: {}, unknown: { configuration: name } };
  }
}

export { ACCOUNT_PUBLIC_ACCESS_BLOCK_READS, accountPublicAccessBlockArn, collectAccountPublicAccessBlock };
