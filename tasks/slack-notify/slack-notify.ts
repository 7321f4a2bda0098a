/**
 * Optional Slack delivery: a subscriber of the Warden topic that posts each notification to a Slack
 * incoming webhook. The webhook URL is a secret (Secrets Manager: the URL itself, or JSON with
 * `url`/`webhookUrl`), read once and cached. A delivery Slack refuses fails the invocation, so
 * Lambda's asynchronous retries (and the subscription's dead-letter queue) take over.
 *
 * What the topic carries is text, never Slack markup: the subject and body are escaped for mrkdwn
 * (`&`, `<`, `>` as entities, so no link or `<!channel>`/`<@U…>` mention can be formed; control
 * characters escaped) and posted in `verbatim` text objects, so Slack does not turn a bare
 * `@channel`, `#channel` or URL in them into a mention or link either.
 */
import { z } from 'zod';
import { InvalidInputError } from '../shared/errors';
import { parseInput } from '../shared/schemas';
import { slackMrkdwn, untrusted } from '../shared/untrusted-text';

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

/** Looked up in a Map: a `severity` attribute of `constructor` is no severity, not Object's constructor. */
const SEVERITY_MARK: ReadonlyMap<string, string> = new Map([
  ['CRITICAL', ':rotating_light:'],
  ['HIGH', ':red_circle:'],
  ['MEDIUM', ':large_orange_circle:'],
  ['LOW', ':large_yellow_circle:'],
  ['INFORMATIONAL', ':information_source:'],
]);

/** Slack's limit on a section's text is 3,000 characters; each chunk of the body stays below it. */
const SECTION_TEXT_MAX = 2_900;
/** Slack takes at most 50 blocks a message: the head and up to 49 chunks of the body. */
const BODY_BLOCKS_MAX = 49;

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

/** The escaped head line: severity mark, then the subject in bold (one line, escaped). */
function slackHead(subject: string | null | undefined, severity: string | undefined): string {
  const known = severity === undefined ? undefined : SEVERITY_MARK.get(severity);
  const mark = known === undefined ? '' : `${known} `;
  return `${mark}*${slackMrkdwn(untrusted(subject ?? 'Warden notification', 250))}*`;
}

/** The body escaped for mrkdwn, with no ``` that would close its code block. */
function slackBody(message: string): string {
  return slackMrkdwn(message).replace(/```/g, "'''");
}

/** Slack `mrkdwn` text for one SNS notification: the subject in bold, then the body as preformatted text. */
function slackText(subject: string | null | undefined, message: string, severity: string | undefined): string {
  const head = slackHead(subject, severity);
  const body = slackBody(message);
  const room = SLACK_TEXT_MAX - head.length - 10;
  return `${head}\n\`\`\`${body.length > room ? `${body.slice(0, room)}…` : body}\`\`\``;
}

interface SlackSection {
  readonly type: 'section';
  readonly text: { readonly type: 'mrkdwn'; readonly text: string; readonly verbatim: true };
}

const section = (text: string): SlackSection => ({ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } });

/**
 * The escaped body cut into pieces that each fit a section: at line ends where it can, never inside
 * an entity (`&amp;`) the escaping made.
 */
function bodyChunks(message: string): string[] {
  const chunks: string[] = [];
  let current = '';
  const flush = () => {
    if (current !== '') chunks.push(current);
    current = '';
  };
  for (const line of message.split('\n')) {
    let rest = slackBody(line);
    while (rest.length > SECTION_TEXT_MAX) {
      flush();
      let cut = SECTION_TEXT_MAX;
      const amp = rest.lastIndexOf('&', cut);
      if (amp > cut - 6 && amp > 0) cut = amp;
      chunks.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    const next = current === '' ? rest : `${current}\n${rest}`;
    if (next.length > SECTION_TEXT_MAX) {
      flush();
      current = rest;
    } else current = next;
  }
  flush();
  return chunks;
}

/**
 * The webhook's JSON for one SNS notification: Block Kit sections (the head, then the body as
 * preformatted text), and `text` as the fallback Slack shows in notifications.
 */
function slackMessage(
  subject: string | null | undefined,
  message: string,
  severity: string | undefined,
): { readonly text: string; readonly blocks: SlackSection[] } {
  const chunks = bodyChunks(message);
  const shownChunks = chunks.slice(0, BODY_BLOCKS_MAX);
  if (chunks.length > BODY_BLOCKS_MAX) shownChunks[shownChunks.length - 1] += '\n[message truncated]';
  return {
    text: slackText(subject, message, severity),
    blocks: [section(slackHead(subject, severity)), ...shownChunks.map((c) => section(`\`\`\`${c}\`\`\``))],
  };
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
      const body = JSON.stringify(slackMessage(record.Sns.Subject, record.Sns.Message, severity));
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
export { createSlackNotify, slackMessage, slackText, webhookUrlOf };
