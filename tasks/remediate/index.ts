/** Lambda entry for `Remediate`: SDK clients holding the WardenRemediate role's credentials. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { activeRules } from '../rules/settings';
import { createCredentialCache } from '../shared/aws/credentials';
import { ssmKillSwitch } from '../shared/kill-switch';
import { remediationMetrics } from '../shared/metrics';
import { ddbDocument, lambdaHandler, requiredEnv, wardenConfig } from '../shared/runtime';
import { idempotentRemediate } from './idempotency';
import { createRemediate } from './remediate';

const credentials = createCredentialCache({
  sts: new STSClient({ retryMode: 'adaptive' }),
  roleName: requiredEnv('REMEDIATE_ROLE_NAME'),
  externalId: requiredEnv('EXTERNAL_ID'),
  partition: requiredEnv('AWS_PARTITION'),
  sessionName: 'warden-remediate',
});

// At most once per remediation: a retried state gets the stored result (./idempotency.ts).
const idempotent = idempotentRemediate(
  createRemediate({
    killSwitch: ssmKillSwitch(new SSMClient({ retryMode: 'adaptive' }), requiredEnv('KILL_SWITCH_PARAMETER')),
    loopBreaker: { ddb: ddbDocument(), ledgerTable: requiredEnv('LEDGER_TABLE'), ...wardenConfig().loopBreaker },
    sweepCap: {
      ddb: ddbDocument(),
      table: requiredEnv('BLAST_RADIUS_TABLE'),
      maxResources: wardenConfig().blastRadius.perSweep.maxResources,
    },
    // The live state is judged with the deployment's parameters, as the decision was.
    rules: activeRules(wardenConfig()),
    clientsFor: async (accountId, region) => {
      const creds = await credentials.credentialsFor(accountId);
      return {
        s3: new S3Client({ region, credentials: creds, retryMode: 'adaptive' }),
        ec2: new EC2Client({ region, credentials: creds, retryMode: 'adaptive' }),
        s3control: new S3ControlClient({ region, credentials: creds, retryMode: 'adaptive' }),
      };
    },
  }),
  { client: new DynamoDBClient({ retryMode: 'adaptive' }), tableName: requiredEnv('IDEMPOTENCY_TABLE') },
);

const run = lambdaHandler('remediate', idempotent.run, {
  metrics: (_event, output) => remediationMetrics(output),
});

export const handler: typeof run = async (event, context) => {
  idempotent.config.registerLambdaContext(context);
  return run(event, context);
};
