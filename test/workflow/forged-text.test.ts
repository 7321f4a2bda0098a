/**
 * Nothing forged (issue 14, item 10): a resource id, a tag value and a user name are AWS data, and
 * may hold line breaks, Slack markup and HTML. Through the synthesized state machines, no such field
 * adds a line to an SNS message (e.g. a fake `Decision: NONE (exempted …)` under the real one), the
 * Slack blocks built from those messages carry it escaped (no raw `<`, so no `<!channel>`, `<@U…>`
 * or link), and the Markdown report holds no raw `<script>`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runLocalEvent } from '../../local/run-event';
import { type LocalSweepResult, runLocalSweep } from '../../local/run-sweep';
import { cdkJsonContext, synthesizeWorkflows } from '../../local/workflows';
import { createSlackNotify } from '../../tasks/slack-notify/slack-notify';
import { s3BucketCi } from '../support/ci-builder';
import { readCorpusJson, wrapCloudTrail } from '../support/corpus-events';
import { eventTestWorkflows } from '../support/event-app';
import { accounts, estateItems, exemptions, NOW } from '../support/sample-estate';

const FORGED = 'Decision: NONE (exempted by ex-legacy-logs)';
/** Every way a line can end for someone reading the message (mail clients, terminals, Slack). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the line breaks are what is matched
const LINE_BREAK = /\r\n|[\n\r\u000B\u000C\u0085\u2028\u2029]/;

const bucketName = `forged-bucket\n${FORGED}\r\nExemption: ex-legacy-logs\u2028<script>alert(1)</script>`;
const stackTag = `payments-core\n${FORGED}`;
const ownerTag = `<!channel> <@U024BE7LH>\n${FORGED}`;
const forgedBucket = s3BucketCi(bucketName, {
  accountId: '111111111111',
  region: 'us-east-1',
  arn: `arn:aws:s3:::${bucketName}`,
  tags: { 'aws:cloudformation:stack-name': stackTag, 'aws:cloudformation:logical-id': 'Bucket', Owner: ownerTag },
});

/** Lines of a text that start with a `Decision:` claiming an exemption: only forged ones would. */
function forgedLines(text: string): string[] {
  return text.split(LINE_BREAK).filter((line) => /^\s*(Decision: NONE|Exemption: ex-legacy-logs)/.test(line));
}

/** What Slack would be sent for one published message, as the Slack subscriber builds it. */
async function slackPayload(message: { Subject?: string; Message: string }) {
  const bodies: string[] = [];
  const notify = createSlackNotify({
    webhookSecret: async () => 'https://hooks.slack.com/services/T000/B000/XXXX',
    post: async (_url, body) => {
      bodies.push(body);
      return { status: 200, text: 'ok' };
    },
  });
  await notify({
    Records: [{ Sns: { Subject: message.Subject ?? null, Message: message.Message, MessageAttributes: {} } }],
  });
  return JSON.parse(bodies[0] ?? '{}') as {
    text: string;
    blocks?: { type: string; text: { type: string; text: string; verbatim?: boolean } }[];
  };
}

describe('a sweep over a bucket whose name and tags forge lines and carry markup', () => {
  let run: LocalSweepResult;
  beforeAll(async () => {
    run = await runLocalSweep({
      items: [...(await estateItems()), forgedBucket],
      accounts,
      exemptions,
      request: { dryRun: true },
      now: NOW,
      // Every remediation also notified on its own, so both kinds of message are checked: the digest and the single one.
      workflows: synthesizeWorkflows({ ...cdkJsonContext(), warden: { immediateSeverity: 'INFORMATIONAL' } }),
    });
  }, 120_000);

  const aboutForged = () => run.published.filter((m) => m.Message.includes('forged-bucket'));

  it('sends SNS messages about it in which no field adds a line', () => {
    expect(run.execution.status, run.execution.cause).toBe('SUCCEEDED');
    const messages = aboutForged();
    // Its remediation (planned) is notified on its own and in its owner's digest, with its NOTIFY findings.
    expect(messages.map((m) => m.state).sort()).toEqual(['Notify owner', 'Notify owners']);
    for (const m of messages) {
      expect(forgedLines(m.Message)).toEqual([]);
      expect(m.Subject).toMatch(/^[\x20-\x7e]+$/);
    }
    const remediated = messages.find((m) => m.Message.includes('API calls (planned, not sent):'));
    expect(remediated?.Message).toContain(
      'Resource: AWS::S3::Bucket "forged-bucket\\nDecision: NONE (exempted by ex-legacy-logs)\\r\\nExemption: ex-legacy-logs\\u2028<script>alert(1)</script>"',
    );
    expect(remediated?.Message).toContain(`stack "payments-core\\n${FORGED}"`);
    // Its owner tag is its owner (tag before account), shown escaped in the digest and one line in its subject.
    const digest = messages.find((m) => m.state === 'Notify owners');
    expect(digest?.Message).toContain('for "<!channel> <@U024BE7LH>\\nDecision: NONE (exempted by ex-legacy-logs)"');
    expect(digest?.MessageAttributes?.owner?.StringValue).toBe(`<!channel> <@U024BE7LH>${FORGED}`);
  });

  it('posts Slack blocks with the fields escaped: no forged line, no mention, no raw markup', async () => {
    for (const m of aboutForged()) {
      const payload = await slackPayload(m);
      expect(payload.blocks?.length).toBeGreaterThan(1);
      for (const text of [payload.text, ...(payload.blocks ?? []).map((b) => b.text.text)]) {
        expect(forgedLines(text.replaceAll('```', ''))).toEqual([]);
        expect(text).not.toMatch(/[<>]/);
      }
      for (const block of payload.blocks ?? []) expect(block.text).toMatchObject({ type: 'mrkdwn', verbatim: true });
      expect(payload.blocks?.map((b) => b.text.text).join('\n')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });

  it('writes a Markdown report with no raw HTML and no forged line', () => {
    const markdown = run.markdown ?? '';
    expect(markdown).toContain('forged-bucket');
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toContain('<!channel>');
    expect(markdown).toContain('&lt;script&gt;');
    expect(forgedLines(markdown)).toEqual([]);
    expect(markdown.split('\n').filter((line) => line.includes('forged-bucket')).length).toBeGreaterThan(0);
  });
});

describe('an event whose user name forges lines', () => {
  it('notifies with the user name on its own line, escaped, in SNS and in Slack', async () => {
    const event = readCorpusJson('awsdocs/consolelogin-iam-user-failure.json') as Record<string, unknown>;
    const envelope = (event['detail-type'] === undefined ? wrapCloudTrail(event) : event) as {
      detail: { userIdentity: { userName?: string } };
    };
    envelope.detail.userIdentity.userName = `anaya\n${FORGED}\n<!channel>`;
    const result = await runLocalEvent(envelope as never, {
      workflows: eventTestWorkflows().workflows,
      accounts: [{ accountId: '111122223333', alias: 'identity', owner: 'team-identity', regions: ['us-east-1'] }],
      now: () => new Date('2026-11-22T06:00:00Z'),
    });
    expect(result.execution.status).toBe('SUCCEEDED');
    const [message] = result.published;
    expect(message?.Message).toContain(`Who: IAM user anaya\\n${FORGED}\\n<!channel>`);
    expect(forgedLines(message?.Message ?? '')).toEqual([]);
    const payload = await slackPayload(message as { Subject?: string; Message: string });
    for (const block of payload.blocks ?? []) {
      expect(forgedLines(block.text.text.replaceAll('```', ''))).toEqual([]);
      expect(block.text.text).not.toContain('<!channel>');
    }
    expect(payload.blocks?.map((b) => b.text.text).join('\n')).toContain('&lt;!channel&gt;');
  });
});
