/** Lambda entry for `Send to Security Hub`: one AssumeRole per member account, one client per account-region. */
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import { ruleCatalogue } from '../rules/catalogue';
import { createCredentialCache } from '../shared/aws/credentials';
import { artifactsStore, ddbDocument, lambdaHandler, taskEnv } from '../shared/runtime';
import { importFindingsTask as task } from './task';

export const handler = lambdaHandler(
  task.name,
  task.create(taskEnv(task), {
    artifacts: artifactsStore,
    ddb: ddbDocument(),
    rules: new Map(ruleCatalogue().map((entry) => [entry.id, entry])),
    hubs: (access) => {
      const credentials = createCredentialCache({
        sts: new STSClient({}),
        roleName: access.roleName,
        externalId: access.externalId,
        partition: access.partition,
        sessionName: 'warden-securityhub',
      });
      const clients = new Map<string, SecurityHubClient>();
      return async (accountId, region) => {
        const key = `${accountId}/${region}`;
        let client = clients.get(key);
        if (client === undefined) {
          client = new SecurityHubClient({
            region,
            retryMode: 'adaptive',
            credentials: () => credentials.credentialsFor(accountId),
          });
          clients.set(key, client);
        }
        return client;
      };
    },
  }),
);
