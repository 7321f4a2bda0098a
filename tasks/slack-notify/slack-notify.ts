/**
 * Optional Slack delivery: a subscriber of the Warden topic that posts each notification to a Slack
 * incoming webhook. The webhook URL is a secret (Secrets Manager: the URL itself, or JSON with
 * `url`/`webhookUrl`), read once and cached. A delivery Slack refuses fails the invocation, so
 * Lambda's asynchronous retries (and the subscription's dead-letter queue) take over.
 */
import { z } from 'zod';
import { InvalidInputError } from '../shared/errors';
import { parseInput } from '../shared/schemas';

interface SlackNotifyDeps {
  /** The secret's string value. */
  readonly webhookSecret: () => Promise<string>;
  readonly post: (url: string, body: string) => Promise<{ readonly status: number; readonly text: string }>;
  /** How long the URL is cached. @default 300000 (5 minutes) */
  readonly cacheMs?: number;
  readonly now?: () => number;
}

const SnsEventSchema = z.object({
  Records: z.array(
    z.object({
      Sns: z.object({
        Subject: z.string().nullish(),
        Message: z.string(),
        MessageAttributes: z.record(z.string(), z.object({ Value: z.string() }).passthrough()).optional(),
      }),
    }),
  ),
});

/** Slack's limit on a message's text is 40,000 characters; keep clear of it. */
const SLACK_TEXT_MAX = 39_000;

const SEVERITY_MARK: Readonly<Record<string, string>> = {
  CRITICAL: ':rotating_light:',
  HIGH: ':red_circle:',
  MEDIUM: ':large_orange_circle:',
  LOW: ':large_yellow_circle:',
  INFORMATIONAL: ':information_source:',
};

/** The webhook URL out of the secret's value (a bare URL or JSON). Only Slack's hooks host is accepted. */
function webhookUrlOf(secret: string): string {
  let url = secret.trim();
  if (url.startsWith('{')) {
    try {
      const parsed = JSON.parse(url) as Record<string, unknown>;
      url = String(parsed.url ?? parsed.webhookUrl ?? '');
    } catch {
      throw new InvalidInputError('the Slack webhook secret is neither a URL nor JSON with "url"');
    }
  }
  if (!/^https:\/\/hooks\.slack(-gov)?\.com\/\S+$/.test(url)) {
    throw new InvalidInputError('the Slack webhook secret does not hold an https://hooks.slack.com/… URL');
  }
  return url;
}

/** Slack `mrkdwn` text for one SNS notification: the subject in bold, then the body as preformatted text. */
function slackText(subject: string | null | undefined, message: string, severity: string | undefined): string {
  // Slack reads &, < and > as control characters in text.
  const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const mark = severity === undefined ? '' : `${SEVERITY_MARK[severity] ?? ''} `;
  const head = `${mark}*${escapeText(subject ?? 'Warden notification')}*`;
  const body = escapeText(message).replace(/```/g, "'''");
  const room = SLACK_TEXT_MAX - head.length - 10;
  return `${head}\n\`\`\`${body.length > room ? `${body.slice(0, room)}…` : body}\`\`\``;
}

function createSlackNotify(deps: SlackNotifyDeps) {
  const cacheMs = deps.cacheMs ?? 300_000;
  const now = deps.now ?? (() => Date.now());
  let cached: { url: string; until: number } | undefined;
  const url = async () => {
    if (cached === undefined || cached.until <= now())
      cached = { url: webhookUrlOf(await deps.webhookSecret()), until: now() + cacheMs };
    return cached.url;
  };
  return async (event: unknown): Promise<{ delivered: number }> => {
    const { Records } = parseInput(SnsEventSchema, event, 'SNS event');
    for (const record of Records) {
      const severity = record.Sns.MessageAttributes?.severity?.Value;
      const body = JSON.stringify({ text: slackText(record.Sns.Subject, record.Sns.Message, severity) });
      const res = await deps.post(await url(), body);
      if (res.status < 200 || res.status >= 300) {
        const error = new Error(`Slack refused the message: HTTP ${res.status} ${res.text.slice(0, 200)}`);
        error.name = res.status === 429 ? 'SlackRateLimited' : 'SlackDeliveryFailed';
        throw error;
      }
    }
    return { delivered: Records.length };
  };
}

export type { SlackNotifyDeps };
export { createSlackNotify, slackText, webhookUrlOf };
