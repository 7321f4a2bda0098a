/** The one way AWS data is shown to people: one visible line, capped, quoted or escaped for where it goes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isPlainText,
  markdownCode,
  markdownText,
  shown,
  slackMrkdwn,
  untrusted,
} from '../../../tasks/shared/untrusted-text';

describe('untrusted', () => {
  it('escapes every line break and control or invisible formatting character visibly', () => {
    expect(untrusted('a\nb\rc\td')).toBe('a\\nb\\rc\\td');
    expect(untrusted('x\u2028y\u2029z\u0085w')).toBe('x\\u2028y\\u2029z\\u0085w');
    expect(untrusted('\u001b[31mred\u007f\u009b')).toBe('\\u001B[31mred\\u007F\\u009B');
    expect(untrusted('abc\u202Etxt.exe\u2066\uFEFF')).toBe('abc\\u202Etxt.exe\\u2066\\uFEFF');
    expect(untrusted('lone \uD800 surrogate')).toBe('lone \uFFFD surrogate');
    expect(untrusted('données-été 💳')).toBe('données-été 💳');
  });

  it('caps a field at the given number of code points', () => {
    expect(untrusted('x'.repeat(600))).toBe(`${'x'.repeat(512)}…`);
    expect(untrusted('💳💳💳', 2)).toBe('💳💳…');
    expect(untrusted(undefined)).toBe('');
    expect(untrusted(42)).toBe('42');
  });

  it('property: the result is one line with no control or invisible formatting character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = untrusted(s);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
        expect(out).not.toMatch(/[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/);
      }),
    );
  });
});

describe('isPlainText', () => {
  it('accepts text untrusted shows as it is, whatever its length, and nothing else', () => {
    for (const ok of ['payments-prod', 'Équipe données (prod)', 'a'.repeat(5000), 'ou-ab12-payments1']) {
      expect(isPlainText(ok)).toBe(true);
    }
    for (const bad of ['a\nb', 'a\rb', 'a\u2028b', 'a\u2029b', 'a\u0085b', 'a\u202Eb', 'a\u0000b', 'a\uD800b']) {
      expect(isPlainText(bad)).toBe(false);
    }
  });
});

describe('shown', () => {
  it('leaves a plain identifier bare and quotes anything else, escaping quotes and backslashes', () => {
    expect(shown('arn:aws:s3:::my-bucket')).toBe('arn:aws:s3:::my-bucket');
    expect(shown('team-payments@example.com')).toBe('team-payments@example.com');
    expect(shown('my bucket')).toBe('"my bucket"');
    expect(shown('a"b\\c\nDecision: NONE')).toBe('"a\\"b\\\\c\\nDecision: NONE"');
    expect(shown('')).toBe('""');
  });
});

describe('markdownText and markdownCode', () => {
  it('escape HTML, table pipes and Markdown syntax, on one line', () => {
    expect(markdownText('<script>alert(1)</script> | [x](javascript:y) *b* `c`\nd')).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; \\| \\[x\\](javascript:y) \\*b\\* \\`c\\`\\\\nd',
    );
    expect(markdownText('a & b')).toBe('a &amp; b');
  });

  it('fence a code span past its backticks, escape its pipes, and never hold raw HTML', () => {
    expect(markdownCode('arn:aws:s3:::b')).toBe('`arn:aws:s3:::b`');
    expect(markdownCode('a`b|c')).toBe('``a`b\\|c``');
    expect(markdownCode('`x')).toBe('`` `x ``');
    expect(markdownCode('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('slackMrkdwn', () => {
  it('keeps the text’s own lines, escapes &, <, > and every other control character', () => {
    expect(slackMrkdwn('Who: <!channel> <@U024BE7LH> <https://evil|click> & co\nnext\u2028line\r')).toBe(
      'Who: &lt;!channel&gt; &lt;@U024BE7LH&gt; &lt;https://evil|click&gt; &amp; co\nnext\\u2028line\\r',
    );
  });
});
