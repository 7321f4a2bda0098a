/** Lambda entry for `Fetch current state`: the audit role in the event's account. */
import { EC2Client } from '@aws-sdk/client-ec2';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { STSClient } from '@aws-sdk/client-sts';
import { createCredentialCache } from '../shared/aws/credentials';
import { liveReader } from '../shared/inventory/live-reader';
import { artifactsStore, lambdaHandler, taskEnv } from '../shared/runtime';
import { fetchResourceTask as task } from './task';

export const handler = lambdaHandler(
  task.name,
  task.create(taskEnv(task), {
    artifacts: artifactsStore,
    resourceReader: (access) =>
      liveReader({
        credentials: createCredentialCache({
          sts: new STSClient({ retryMode: 'adaptive' }),
          ...access,
          sessionName: 'warden-event',
        }),
        clients: {
          client: (client, region, creds) => new client({ region, credentials: creds, retryMode: 'adaptive' }),
          // Buckets may live in another region than the event's endpoint: follow S3's redirects.
          s3: (region, creds) =>
            new S3Client({ region, credentials: creds, retryMode: 'adaptive', followRegionRedirects: true }),
          s3control: (region, creds) => new S3ControlClient({ region, credentials: creds, retryMode: 'adaptive' }),
          ec2: (region, creds) => new EC2Client({ region, credentials: creds, retryMode: 'adaptive' }),
          rds: (region, creds) => new RDSClient({ region, credentials: creds, retryMode: 'adaptive' }),
        },
      }),
  }),
);
