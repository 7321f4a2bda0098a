/**
 * Text that comes from AWS data (resource ids and names, tags, user names, error messages, items
 * operators wrote) shown to people: in SNS messages, Slack and the Markdown report. One function,
 * `untrusted`, makes any such field one visible line: every control character — C0 and C1, DEL,
 * the Unicode line and paragraph separators, bidirectional overrides, the BOM — becomes a visible
 * escape (`\n`, `\u2028`), and the field is capped. So a newline in a bucket name can never forge a
 * line such as `Decision: NONE (exempted)` under a real one, and an override cannot reorder what is
 * shown. The other functions wrap it for where the text goes (quoted, Markdown, Slack mrkdwn).
 */

/** Longest a field is shown, in code points; the rest is cut with `…`. */
const FIELD_MAX = 512;

/** Escapes people read as they would in source code. */
const NAMED_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
]);

/**
 * Never shown as they are: C0 controls, DEL and C1 controls (incl. NEL U+0085), the Arabic letter
 * mark, LRM/RLM, the line and paragraph separators, the bidirectional embeddings, overrides and
 * isolates, and the BOM / zero-width no-break space.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/;

/** A lone UTF-16 surrogate (not encodable as UTF-8). */
const LONE_SURROGATE = /^[\uD800-\uDFFF]$/;

function escapeChar(ch: string): string {
  return NAMED_ESCAPES.get(ch) ?? `\\u${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * One field from AWS data as one safe, visible line: control and invisible formatting characters
 * escaped (`\n`, `\u001B`, `\u202E`), lone surrogates replaced with U+FFFD, at most `max` code
 * points (then `…`). Anything that is not a string is shown as `String(value)`.
 */
function untrusted(value: unknown, max = FIELD_MAX): string {
  const text = typeof value === 'string' ? value : String(value ?? '');
  let out = '';
  let count = 0;
  for (const ch of text) {
    if (count === max) return `${out}…`;
    out += UNSAFE.test(ch) ? escapeChar(ch) : LONE_SURROGATE.test(ch) ? '\uFFFD' : ch;
    count += 1;
  }
  return out;
}

/**
 * Whether text is shown as it is by `untrusted` (no control or invisible formatting character, no
 * lone surrogate), whatever its length: what fields people write for display (a registry alias,
 * owner, OU) must be, so they can never be text that ends or reorders a line of a notice.
 */
function isPlainText(value: string): boolean {
  return untrusted(value, Number.POSITIVE_INFINITY) === value;
}

/** A value that reads unambiguously without quotes: ids, ARNs, e-mail addresses, aliases. */
const BARE = /^[A-Za-z0-9._:/@+=,*#$-]+$/;

/**
 * An identifier from AWS data (resource id, ARN, alias, owner, exemption id, stack name): as it is
 * when it is a plain token, else in double quotes with `"` and `\` escaped — so where it ends is
 * never in doubt — and in both cases `untrusted`.
 */
function shown(value: unknown, max = FIELD_MAX): string {
  const text = typeof value === 'string' ? value : String(value ?? '');
  if (BARE.test(text) && [...text].length <= max) return text;
  return `"${untrusted(text.replace(/["\\]/g, '\\$&'), max)}"`;
}

/**
 * Untrusted text in Markdown (a table cell or prose): `untrusted`, then HTML's `&`, `<`, `>` as
 * entities (no raw tag or autolink survives), and the characters Markdown reads as syntax —
 * emphasis, code, links, table pipes, the backslash itself — backslash-escaped.
 */
function markdownText(value: unknown, max = FIELD_MAX): string {
  return untrusted(value, max)
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * Untrusted text as a Markdown code span (shown literally: no emphasis, no link): `untrusted`, a
 * fence longer than any run of backticks in it, and `\|` for table pipes (GitHub-flavoured tables
 * split cells on `|` even inside code spans, and drop the backslash there). A code span shows
 * entities as typed, so text holding `<`, `>` or `&` is given as `markdownText` instead: the
 * report never holds raw HTML, even for a reader that does not follow CommonMark.
 */
function markdownCode(value: unknown, max = FIELD_MAX): string {
  const text = untrusted(value, max);
  if (/[<>&]/.test(text)) return markdownText(value, max);
  const cell = text.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...cell.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = cell.startsWith('`') || cell.endsWith('`') || cell === '' ? ' ' : '';
  return `${fence}${pad}${cell}${pad}${fence}`;
}

/**
 * Text for a Slack mrkdwn text object: Slack's three control characters as entities (Slack:
 * "Escaping text": `&`, `<`, `>`), so no `<!channel>`, `<@U…>` or `<url|label>` can be formed from
 * it. Line breaks are kept: this is for text that is already lines (a notification body made of
 * `untrusted` fields); every other control character is escaped.
 */
function slackMrkdwn(text: string): string {
  return text
    .split('\n')
    .map((line) => untrusted(line, Number.POSITIVE_INFINITY))
    .join('\n')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export { FIELD_MAX, isPlainText, markdownCode, markdownText, shown, slackMrkdwn, untrusted };
