/** Slack delivery of the topic's notifications, with the webhook URL from the secret. */
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../tasks/shared/errors';
import { createSlackNotify, slackMessage, slackText, webhookUrlOf } from '../../../tasks/slack-notify/slack-notify';

const URL = 'https://hooks.slack.com/services/T000/B000/XXXX';
const snsEvent = (subject: string | null, message: string, severity?: string) => ({
  Records: [
    {
      EventSource: 'aws:sns',
      Sns: {
        Subject: subject,
        Message: message,
        MessageAttributes: severity === undefined ? {} : { severity: { Type: 'String', Value: severity } },
      },
    },
  ],
});

describe('slack-notify', () => {
  it('posts the subject and the body, severity marked, Slack control characters escaped', async () => {
    const posts: { url: string; body: string }[] = [];
    let secretReads = 0;
    const notify = createSlackNotify({
      webhookSecret: async () => {
        secretReads += 1;
        return JSON.stringify({ url: URL });
      },
      post: async (url, body) => {
        posts.push({ url, body });
        return { status: 200, text: 'ok' };
      },
    });
    await notify(snsEvent('[HIGH] rule: a/b <x>', 'line 1 & <2>', 'HIGH'));
    await notify(snsEvent('[LOW] again', 'm'));
    expect(secretReads).toBe(1);
    expect(posts.map((p) => p.url)).toEqual([URL, URL]);
    expect(JSON.parse(posts[0]?.body ?? '')).toEqual({
      text: ':red_circle: *[HIGH] rule: a/b &lt;x&gt;*\n```line 1 &amp; &lt;2&gt;```',
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: ':red_circle: *[HIGH] rule: a/b &lt;x&gt;*', verbatim: true },
        },
        { type: 'section', text: { type: 'mrkdwn', text: '```line 1 &amp; &lt;2&gt;```', verbatim: true } },
      ],
    });
  });

  it('a refused delivery fails the invocation (Lambda retries it), naming the status', async () => {
    const notify = createSlackNotify({
      webhookSecret: async () => URL,
      post: async () => ({ status: 429, text: 'rate_limited' }),
    });
    await expect(notify(snsEvent('s', 'm'))).rejects.toMatchObject({
      name: 'SlackRateLimited',
      message: 'Slack refused the message: HTTP 429 rate_limited',
    });
  });

  it('accepts only a Slack webhook URL from the secret', () => {
    expect(webhookUrlOf(` ${URL} `)).toBe(URL);
    expect(webhookUrlOf(JSON.stringify({ webhookUrl: URL }))).toBe(URL);
    expect(() => webhookUrlOf('https://evil.example.com/x')).toThrow(InvalidInputError);
    expect(() => webhookUrlOf('{not json')).toThrow('neither a URL nor JSON');
  });

  it('keeps long bodies under Slack’s text limit', () => {
    expect(slackText('s', 'x'.repeat(100_000), undefined).length).toBeLessThan(40_000);
  });
});

describe('slackMessage', () => {
  it('posts the head and the body in verbatim mrkdwn sections, each under Slack’s 3,000 characters', () => {
    const body = Array.from({ length: 400 }, (_, i) => `line ${i} <@U024BE7LH> & ${'x'.repeat(60)}`).join('\n');
    const message = slackMessage('[HIGH] a <!here>', body, 'HIGH');
    expect(message.blocks.length).toBeGreaterThan(2);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks) {
      expect(block.text.type).toBe('mrkdwn');
      expect(block.text.verbatim).toBe(true);
      expect(block.text.text.length).toBeLessThanOrEqual(3000);
      expect(block.text.text).not.toMatch(/[<>]/);
    }
    expect(message.blocks[0]?.text.text).toBe(':red_circle: *[HIGH] a &lt;!here&gt;*');
    // Nothing of the body is lost between the sections.
    const joined = message.blocks
      .slice(1)
      .map((b) => b.text.text.slice(3, -3))
      .join('\n');
    expect(joined).toBe(body.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'));
  });

  it('escapes a subject that forges a line, and marks no severity for an unknown one (even "constructor")', () => {
    const message = slackMessage('[HIGH] x\nDecision: NONE', 'm', 'constructor');
    expect(message.blocks[0]?.text.text).toBe('*[HIGH] x\\nDecision: NONE*');
  });
});
