/** The SDK clients a remediation is sent with, holding the remediation role's credentials in one account-region. */
import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { ClientClass } from '../inventory/collector';

interface AwsClients {
  readonly s3: S3Client;
  readonly ec2: EC2Client;
  /** For the account-level S3 public access block, read before and after a bucket is changed. */
  readonly s3control?: S3ControlClient;
  /** A client of any other service (KMS, DynamoDB, …) in the same account-region, with the same credentials. */
  of<C>(client: ClientClass<C>): C;
}

/** The clients of one account-region as the Lambda and the CLI build them: adaptive retries, one client per service. */
function clientsFor(region: string, credentials: AwsCredentialIdentity): AwsClients {
  const made = new Map<unknown, unknown>();
  const of = <C>(client: ClientClass<C>): C => {
    const existing = made.get(client);
    if (existing !== undefined) return existing as C;
    const created = new client({ region, credentials, retryMode: 'adaptive' });
    made.set(client, created);
    return created;
  };
  return { s3: of(S3Client), ec2: of(EC2Client), s3control: of(S3ControlClient), of };
}

export type { AwsClients };
export { clientsFor };
