/** Manifest of Slack delivery (an optional subscriber of the Warden topic; webhook URL from Secrets Manager). */
import { bind, defineTask } from '../shared/task-manifest';
import { createSlackNotify } from './slack-notify';

interface SlackNotifyPorts {
  /** Reads the secret with this ARN as a string. */
  readonly secretText: (secretArn: string) => () => Promise<string>;
  readonly post: (url: string, body: string) => Promise<{ readonly status: number; readonly text: string }>;
}

const slackNotifyTask = defineTask({
  name: 'slack-notify',
  description: 'Warden: posts notifications to Slack',
  env: { SLACK_WEBHOOK_SECRET_ARN: bind.slackWebhookSecret() },
  access: [{ kind: 'slackWebhookSecret' }],
  create: (env, ports: SlackNotifyPorts) =>
    createSlackNotify({ webhookSecret: ports.secretText(env.SLACK_WEBHOOK_SECRET_ARN), post: ports.post }),
});

export type { SlackNotifyPorts };
export { slackNotifyTask };
