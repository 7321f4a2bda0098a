/** Lambda entry for Slack delivery (an optional subscriber of the Warden topic). */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { lambdaHandler, requiredEnv } from '../shared/runtime';
import { createSlackNotify } from './slack-notify';

const secrets = new SecretsManagerClient({ retryMode: 'adaptive' });
const secretId = requiredEnv('SLACK_WEBHOOK_SECRET_ARN');

export const handler = lambdaHandler(
  'slack-notify',
  createSlackNotify({
    webhookSecret: async () =>
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
