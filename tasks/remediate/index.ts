/** Lambda entry for `Remediate`: SDK clients holding the WardenRemediate role's credentials, at most once per remediation. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { clientsFor } from '../shared/aws/clients';
import { createCredentialCache } from '../shared/aws/credentials';
import { ssmKillSwitch } from '../shared/kill-switch';
import { remediationMetrics } from '../shared/metrics';
import { ddbDocument, lambdaHandler, taskEnv } from '../shared/runtime';
import { idempotentRemediate } from './idempotency';
import { remediateTask as task } from './task';

const env = taskEnv(task);

// At most once per remediation: a retried state gets the stored result (./idempotency.ts).
const idempotent = idempotentRemediate(
  task.create(env, {
    ddb: ddbDocument(),
    killSwitch: (parameter) => ssmKillSwitch(new SSMClient({ retryMode: 'adaptive' }), parameter),
    remediationClients: (access) => {
      const credentials = createCredentialCache({
        sts: new STSClient({ retryMode: 'adaptive' }),
        ...access,
        sessionName: 'warden-remediate',
      });
      return async (accountId, region) => {
        const creds = await credentials.credentialsFor(accountId);
        return clientsFor(region, creds);
      };
    },
  }),
  { client: new DynamoDBClient({ retryMode: 'adaptive' }), tableName: env.IDEMPOTENCY_TABLE },
);

const run = lambdaHandler(task.name, idempotent.run, {
  metrics: (_event, output) => remediationMetrics(output),
});

export const handler: typeof run = async (event, context) => {
  idempotent.config.registerLambdaContext(context);
  return run(event, context);
};
