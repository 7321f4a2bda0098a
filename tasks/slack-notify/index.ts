/** Lambda entry for Slack delivery (an optional subscriber of the Warden topic). */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { lambdaHandler, taskEnv } from '../shared/runtime';
import { slackNotifyTask as task } from './task';

const secrets = new SecretsManagerClient({ retryMode: 'adaptive' });

export const handler = lambdaHandler(
  task.name,
  task.create(taskEnv(task), {
    secretText: (secretId) => async () =>
      (await secrets.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString ?? '',
    post: async (url, body) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      return { status: res.status, text: await res.text() };
    },
  }),
);
