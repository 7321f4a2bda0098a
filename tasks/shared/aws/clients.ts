/** The SDK clients a remediation is sent with, holding the remediation role's credentials in one account-region. */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3ControlClient } from '@aws-sdk/client-s3-control';

interface AwsClients {
  readonly s3: S3Client;
  readonly ec2: EC2Client;
  /** For the account-level S3 public access block, read before and after a bucket is changed. */
  readonly s3control?: S3ControlClient;
}

export type { AwsClients };
