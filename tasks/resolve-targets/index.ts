/** Lambda entry for `Resolve targets`. */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { artifactsStore, ddbDocument, lambdaHandler, taskEnv } from '../shared/runtime';
import { resolveTargetsTask as task } from './task';

export const handler = lambdaHandler(
  task.name,
  task.create(taskEnv(task), {
    ddb: ddbDocument(),
    artifacts: artifactsStore,
    // Organizations is global: the SDK signs for and calls its us-east-1 endpoint from any region.
    organizations: () => new OrganizationsClient({ retryMode: 'adaptive' }),
  }),
);
