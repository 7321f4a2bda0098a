import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Exemption,
  type ExemptionTarget,
  exemptionMatches,
  findExemption,
  findUnhonoured,
  globMatches,
  globWildcards,
  isActive,
  isBroadGlob,
  parseExemption,
  parseExemptions,
  parseUtcTimestamp,
  unhonouredScope,
} from '../../../tasks/shared/exemptions';

const KNOWN = new Set(['s3-bucket-encryption', 's3-bucket-public-access-block', 'ec2-instance-required-tags']);

/** A valid raw item as stored in DynamoDB (unmarshalled), with a TTL attribute beside it. */
const rawItem = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  exemptionId: 'EX-12',
  ruleId: 's3-bucket-encryption',
  accountId: '111122223333',
  region: 'us-east-1',
  resource: 'arn:aws:s3:::legacy-*',
  effect: 'SUPPRESS',
  reason: 'legacy data lake, migrating in Q3',
  requestedBy: 'alice@example.com',
  approvedBy: 'bob@example.com',
  ticket: 'https://jira.example.com/browse/SEC-42',
  expiresAt: '2030-12-31T00:00:00Z',
  purgeAt: 1924992000,
  ...overrides,
});

const ex = (overrides: Partial<Exemption> = {}): Exemption => ({
  exemptionId: 'EX-1',
  ruleId: '*',
  accountId: '*',
  region: '*',
  resource: '*',
  effect: 'SUPPRESS',
  reason: 'r',
  requestedBy: 'a',
  approvedBy: 'b',
  expiresAt: '2030-01-01T00:00:00Z',
  expiresAtMs: Date.parse('2030-01-01T00:00:00Z'),
  ...overrides,
});

const target: ExemptionTarget = {
  ruleId: 's3-bucket-encryption',
  accountId: '111122223333',
  region: 'us-east-1',
  arn: 'arn:aws:s3:::legacy-logs',
};
const NOW = new Date('2026-06-01T12:00:00Z');

function problemOf(raw: unknown): { exemptionId: string; problem: string } {
  const result = parseExemption(raw, KNOWN);
  if (result.ok) throw new Error(`expected a problem, got ${JSON.stringify(result.exemption)}`);
  return result.problem;
}

describe('parseExemption: valid items', () => {
  it('parses a full item, drops unknown extra fields (TTL purgeAt) and computes expiresAtMs', () => {
    expect(parseExemption(rawItem(), KNOWN)).toEqual({
      ok: true,
      exemption: {
        exemptionId: 'EX-12',
        ruleId: 's3-bucket-encryption',
        accountId: '111122223333',
        region: 'us-east-1',
        resource: 'arn:aws:s3:::legacy-*',
        effect: 'SUPPRESS',
        reason: 'legacy data lake, migrating in Q3',
        requestedBy: 'alice@example.com',
        approvedBy: 'bob@example.com',
        ticket: 'https://jira.example.com/browse/SEC-42',
        expiresAt: '2030-12-31T00:00:00Z',
        expiresAtMs: Date.UTC(2030, 11, 31),
      },
    });
  });

  it.each([
    ['* rule, account, region', { ruleId: '*', accountId: '*', region: '*' }],
    ['NOTIFY_ONLY', { effect: 'NOTIFY_ONLY' }],
    ['us-gov-west-1', { region: 'us-gov-west-1' }],
    ['cn-north-1', { region: 'cn-north-1' }],
    ['ap-southeast-2', { region: 'ap-southeast-2' }],
    ['eu-west-1', { region: 'eu-west-1' }],
    ['glob starting with *', { resource: '*legacy*' }],
    ['exact ARN', { resource: 'arn:aws:s3:::legacy-logs' }],
  ])('accepts %s', (_name, overrides) => {
    expect(parseExemption(rawItem(overrides), KNOWN).ok).toBe(true);
  });

  it('treats a missing, null or empty ticket as no ticket', () => {
    for (const ticket of [undefined, null, '', '   ']) {
      const result = parseExemption(rawItem({ ticket }), KNOWN);
      expect(result.ok && 'ticket' in result.exemption).toBe(false);
      expect(result.ok).toBe(true);
    }
  });

  it('trims reason, requestedBy and approvedBy', () => {
    const result = parseExemption(rawItem({ reason: '  why  ', approvedBy: '\tbob ' }), KNOWN);
    expect(result.ok && [result.exemption.reason, result.exemption.approvedBy]).toEqual(['why', 'bob']);
  });
});

describe('parseExemption: expiresAt', () => {
  it.each([
    ['2030-12-31T00:00:00Z', Date.UTC(2030, 11, 31)],
    ['2030-12-31T00:00:00+00:00', Date.UTC(2030, 11, 31)],
    ['2030-12-31T23:59Z', Date.UTC(2030, 11, 31, 23, 59)],
    ['2030-12-31T23:59:59.5Z', Date.UTC(2030, 11, 31, 23, 59, 59, 500)],
    ['2030-12-31T23:59:59.123456789Z', Date.UTC(2030, 11, 31, 23, 59, 59, 123)],
    ['2028-02-29T00:00:00Z', Date.UTC(2028, 1, 29)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
  ])('accepts %s', (expiresAt, ms) => {
    const result = parseExemption(rawItem({ expiresAt }), KNOWN);
    expect(result.ok && [result.exemption.expiresAt, result.exemption.expiresAtMs]).toEqual([expiresAt, ms]);
  });

  it.each([
    ['non-UTC offset', '2030-12-31T00:00:00+01:00'],
    ['negative offset', '2030-12-31T00:00:00-05:00'],
    ['-00:00 (offset unknown)', '2030-12-31T00:00:00-00:00'],
    ['local time without zone', '2030-12-31T00:00:00'],
    ['date only', '2030-12-31'],
    ['February 30', '2026-02-30T00:00:00Z'],
    ['February 29 of a non-leap year', '2026-02-29T00:00:00Z'],
    ['February 29 of 1900', '1900-02-29T00:00:00Z'],
    ['April 31', '2026-04-31T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['day 0', '2026-01-00T00:00:00Z'],
    ['hour 24', '2026-01-01T24:00:00Z'],
    ['minute 60', '2026-01-01T00:60:00Z'],
    ['leap second', '2026-12-31T23:59:60Z'],
    ['space instead of T', '2030-12-31 00:00:00Z'],
    ['free text', 'next tuesday'],
    ['empty', ''],
  ])('rejects %s', (_name, expiresAt) => {
    const { problem } = problemOf(rawItem({ expiresAt }));
    expect(problem).toBe(
      `expiresAt: must be an ISO-8601 UTC timestamp of a real date ending in Z or +00:00, such as 2030-12-31T00:00:00Z (got '${expiresAt}')`,
    );
  });

  it('rejects an epoch number (the TTL attribute is a separate field)', () => {
    expect(problemOf(rawItem({ expiresAt: 1924992000 })).problem).toBe(
      'expiresAt: must be an ISO-8601 UTC timestamp string such as 2030-12-31T00:00:00Z (got number)',
    );
  });

  it('parseUtcTimestamp handles years before 100 (Date.UTC would map them to 19xx)', () => {
    expect(parseUtcTimestamp('0050-01-01T00:00:00Z')).toBe(Date.parse('0050-01-01T00:00:00Z'));
  });
});

describe('parseExemption: malformed fields', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['missing exemptionId', { exemptionId: undefined }, 'exemptionId: required, non-empty'],
    ['blank exemptionId', { exemptionId: '  ' }, 'exemptionId: required, non-empty'],
    ['missing ruleId', { ruleId: undefined }, "ruleId: required: a rule id or '*'"],
    [
      'unknown ruleId (typo)',
      { ruleId: 's3-bucket-encrypton' },
      "ruleId: unknown rule id 's3-bucket-encrypton' (did you mean 's3-bucket-encryption'?); expected a known rule id or '*'",
    ],
    [
      'unknown ruleId (nothing close)',
      { ruleId: 'lambda-public-url' },
      "ruleId: unknown rule id 'lambda-public-url'; expected a known rule id or '*'",
    ],
    ['missing accountId', { accountId: undefined }, "accountId: required: 12 digits or '*'"],
    [
      'accountId with 11 digits',
      { accountId: '11112222333' },
      "accountId: must be exactly 12 digits or '*' (got '11112222333')",
    ],
    [
      'accountId with a letter',
      { accountId: '11112222333x' },
      "accountId: must be exactly 12 digits or '*' (got '11112222333x')",
    ],
    [
      'accountId as a DynamoDB Number',
      { accountId: 11122223333 },
      "accountId: must be a string of exactly 12 digits or '*' (a number loses leading zeros) (got number)",
    ],
    ['missing region', { region: undefined }, "region: required: a region name or '*'"],
    [
      'region with a typo',
      { region: 'us-east1' },
      "region: must be a region name such as us-east-1, or '*' (got 'us-east1')",
    ],
    [
      'region in upper case',
      { region: 'US-EAST-1' },
      "region: must be a region name such as us-east-1, or '*' (got 'US-EAST-1')",
    ],
    [
      'region as an availability zone',
      { region: 'us-east-1a' },
      "region: must be a region name such as us-east-1, or '*' (got 'us-east-1a')",
    ],
    ['missing resource', { resource: undefined }, 'resource: required: a non-empty glob over the resource ARN'],
    ['empty resource', { resource: '' }, 'resource: required: a non-empty glob over the resource ARN'],
    [
      'resource that is a bucket name, not an ARN glob',
      { resource: 'legacy-*' },
      "resource: must be a glob over a resource ARN, e.g. arn:aws:s3:::legacy-* ('legacy-*' can never match an ARN)",
    ],
    ['missing effect', { effect: undefined }, 'effect: required: SUPPRESS or NOTIFY_ONLY'],
    ['lower-case effect', { effect: 'suppress' }, 'effect: must be SUPPRESS or NOTIFY_ONLY (got "suppress")'],
    ['unknown effect', { effect: 'IGNORE' }, 'effect: must be SUPPRESS or NOTIFY_ONLY (got "IGNORE")'],
    ['missing reason', { reason: undefined }, 'reason: required, non-empty'],
    ['blank requestedBy', { requestedBy: ' \n ' }, 'requestedBy: required, non-empty'],
    ['missing approvedBy', { approvedBy: undefined }, 'approvedBy: required, non-empty'],
    ['null approvedBy (DynamoDB NULL)', { approvedBy: null }, 'approvedBy: required, non-empty'],
    ['approvedBy as a number', { approvedBy: 7 }, 'approvedBy: must be a string (got number)'],
    ['ticket as a list', { ticket: ['SEC-1'] }, 'ticket: must be a string when present (got array)'],
    [
      'missing expiresAt',
      { expiresAt: undefined },
      'expiresAt: required: an ISO-8601 UTC timestamp such as 2030-12-31T00:00:00Z',
    ],
  ])('%s', (_name, overrides, problem) => {
    const raw = rawItem(overrides);
    for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete raw[key];
    const expectedId =
      typeof raw.exemptionId === 'string' && raw.exemptionId.trim() ? raw.exemptionId : '(missing exemptionId)';
    expect(problemOf(raw)).toEqual({ exemptionId: expectedId, problem });
  });

  it('names every failing field at once, in field order', () => {
    expect(problemOf(rawItem({ approvedBy: '', region: 'mars-1', effect: 'NOPE' })).problem).toBe(
      "region: must be a region name such as us-east-1, or '*' (got 'mars-1'); " +
        'effect: must be SUPPRESS or NOTIFY_ONLY (got "NOPE"); approvedBy: required, non-empty',
    );
  });

  it.each([
    ['null', null, 'item: must be an object (got null)'],
    ['a string', 'EX-1', 'item: must be an object (got string)'],
    ['an array', [rawItem()], 'item: must be an object (got array)'],
  ])('rejects %s', (_name, raw, problem) => {
    expect(problemOf(raw)).toEqual({ exemptionId: '(missing exemptionId)', problem });
  });

  it('reports a non-string exemptionId as (missing exemptionId)', () => {
    expect(problemOf(rawItem({ exemptionId: 12 }))).toEqual({
      exemptionId: '(missing exemptionId)',
      problem: 'exemptionId: must be a string (got number)',
    });
  });
});

describe('parseExemptions', () => {
  it('keeps valid items, reports invalid ones and later duplicates', () => {
    const { exemptions, problems } = parseExemptions(
      [rawItem(), rawItem({ exemptionId: 'EX-13', approvedBy: '' }), rawItem({ reason: 'second copy' })],
      KNOWN,
    );
    expect(exemptions.map((e) => [e.exemptionId, e.reason])).toEqual([['EX-12', 'legacy data lake, migrating in Q3']]);
    expect(problems).toEqual([
      { exemptionId: 'EX-13', problem: 'approvedBy: required, non-empty' },
      {
        exemptionId: 'EX-12',
        problem: 'exemptionId: duplicate of an earlier item with the same id; this one is ignored',
      },
    ]);
  });
});

describe('globMatches', () => {
  it.each<[string, string, boolean]>([
    // anchoring
    ['arn:aws:s3:::legacy-*', 'arn:aws:s3:::legacy-1', true],
    ['arn:aws:s3:::legacy-*', 'arn:aws:s3:::legacy-', true],
    ['arn:aws:s3:::legacy-*', 'arn:aws:s3:::legacy-a/b', true],
    ['arn:aws:s3:::legacy-*', 'arn:aws:s3:::x-legacy-1', false],
    ['arn:aws:s3:::legacy-*', 'xarn:aws:s3:::legacy-1', false],
    ['arn:aws:s3:::legacy', 'arn:aws:s3:::legacy-1', false],
    ['arn:aws:s3:::legacy', 'arn:aws:s3:::legacy', true],
    // * crosses / and :
    ['arn:aws:ec2:*:instance/*', 'arn:aws:ec2:us-east-1:111122223333:instance/i-0abc', true],
    ['*', '', true],
    ['**', 'anything at all', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'a-b-c-d', false],
    ['*\n', 'x\n', true],
    ['a*', 'a\nb', true],
    // regex metacharacters are literal
    ['arn:aws:s3:::my.bucket', 'arn:aws:s3:::my.bucket', true],
    ['arn:aws:s3:::my.bucket', 'arn:aws:s3:::myxbucket', false],
    ['arn:aws:s3:::b?', 'arn:aws:s3:::b?', true],
    ['arn:aws:s3:::b?', 'arn:aws:s3:::b', false],
    ['arn:aws:s3:::b?', 'arn:aws:s3:::bx', false],
    ['arn:aws:s3:::a+', 'arn:aws:s3:::aa', false],
    ['arn:aws:s3:::a+', 'arn:aws:s3:::a+', true],
    ['arn:aws:s3:::(a)', 'arn:aws:s3:::(a)', true],
    ['arn:aws:s3:::(a)', 'arn:aws:s3:::a', false],
    ['arn:aws:s3:::[ab]', 'arn:aws:s3:::a', false],
    ['arn:aws:s3:::[ab]', 'arn:aws:s3:::[ab]', true],
    ['a|b', 'a', false],
    ['a|b', 'a|b', true],
    ['^a$', '^a$', true],
    ['a{2}', 'aa', false],
    ['a\\d', 'a\\d', true],
    ['a\\d', 'a1', false],
    // case-sensitive
    ['arn:aws:s3:::Legacy-*', 'arn:aws:s3:::legacy-1', false],
  ])('%j vs %j -> %s', (glob, text, matches) => {
    expect(globMatches(glob, text)).toBe(matches);
  });

  it('property: a glob without * matches exactly itself', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).filter((s) => !s.includes('*')),
        fc.string({ unit: 'binary' }),
        (s, other) => {
          expect(globMatches(s, s)).toBe(true);
          expect(globMatches(s, other)).toBe(other === s);
          expect(globMatches(s, `${s}x`)).toBe(false);
          expect(globMatches(s, `x${s}`)).toBe(false);
        },
      ),
    );
  });

  it('property: *s* matches any string containing s', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).filter((s) => !s.includes('*')),
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'binary' }),
        (s, before, after) => {
          expect(globMatches(`*${s}*`, `${before}${s}${after}`)).toBe(true);
        },
      ),
    );
  });

  it('property: *s* matches no string that does not contain s', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1 }).filter((s) => !s.includes('*')),
        fc.string({ unit: 'binary' }),
        (s, text) => {
          expect(globMatches(`*${s}*`, text)).toBe(text.includes(s));
        },
      ),
    );
  });
});

/**
 * The reference: the textbook dynamic programme over (glob position, text position), obviously
 * right and quadratic, for small inputs only.
 */
function referenceGlobMatch(glob: string, text: string): boolean {
  // row[j]: glob[0..i) matches text[0..j)
  let row = Array.from({ length: text.length + 1 }, (_, j) => j === 0);
  for (const g of glob) {
    const next = new Array<boolean>(text.length + 1).fill(false);
    next[0] = g === '*' && row[0] === true;
    for (let j = 1; j <= text.length; j++) {
      next[j] = g === '*' ? row[j] === true || next[j - 1] === true : row[j - 1] === true && text[j - 1] === g;
    }
    row = next;
  }
  return row[text.length] === true;
}

describe('globMatches against a reference matcher', () => {
  // A small alphabet so that pieces really recur in the text and the greedy walk is put to the test.
  const char = fc.constantFrom('a', 'b', '-', ':');
  const text = fc.array(char, { maxLength: 14 }).map((cs) => cs.join(''));
  const glob = fc.array(fc.oneof(char, fc.constant('*')), { maxLength: 10 }).map((cs) => cs.join(''));

  it('property: agrees with the reference on random globs and texts', () => {
    fc.assert(
      fc.property(glob, text, (g, t) => {
        expect(globMatches(g, t)).toBe(referenceGlobMatch(g, t));
      }),
      { numRuns: 5000 },
    );
  });

  it('property: agrees with the reference on texts built to match (the pieces placed, the stars filled)', () => {
    fc.assert(
      fc.property(glob, fc.array(text, { minLength: 10, maxLength: 10 }), fc.nat(3), (g, fills, drop) => {
        let i = 0;
        const built = g.replace(/\*/g, () => fills[i++ % fills.length] ?? '');
        // Sometimes one character fewer, so near misses are covered too.
        const t = drop === 0 ? built.slice(1) : built;
        expect(globMatches(g, t)).toBe(referenceGlobMatch(g, t));
      }),
      { numRuns: 5000 },
    );
  });

  it('counts wildcards, a run of stars once', () => {
    expect(globWildcards('arn:aws:s3:::bucket')).toBe(0);
    expect(globWildcards('arn:aws:s3:::*')).toBe(1);
    expect(globWildcards('arn:aws:s3:::**-**')).toBe(2);
    expect(globWildcards('*a*b*c*')).toBe(4);
  });
});

describe('exemption matching: worst cases of a backtracking matcher', () => {
  // Each of these takes from seconds to hours with the former `.*` RegExp (issue 14); `Check
  // exemptions` then timed out and the whole account FAILED. The matcher is linear: they return at once.
  const bucket63 = `arn:aws:s3:::a${'-'.repeat(61)}a`;
  const stars = (n: number, sep: string) => Array.from({ length: n }, () => '*').join(sep);

  it.each<[string, string, string, boolean]>([
    ['8 stars on a legal 63-character bucket name', `arn:aws:s3:::${stars(8, '-')}-prod`, bucket63, false],
    ['12 stars on a legal 63-character bucket name', `arn:aws:s3:::${stars(12, '-')}-prod`, bucket63, false],
    ['29 stars', `arn:aws:s3:::${stars(29, '-')}-prod`, bucket63, false],
    [
      '5 stars with literals between them on a 100-character ARN',
      'arn:aws:s3:::*ab*ab*ab*ab*abc',
      `arn:aws:s3:::${'ab'.repeat(43)}x`,
      false,
    ],
    ['29 stars that do match', `arn:aws:s3:::${stars(29, '-')}`, bucket63.replace('a-', 'a'), true],
  ])('%s', (_what, resource, arn, matches) => {
    const exemption = ex({ resource, expiresAt: '2030-01-01T00:00:00Z' });
    expect(exemptionMatches(exemption, { ...target, arn }, NOW)).toBe(matches);
  });

  it('a 2,000-character ARN against 30 stars separated by literals', () => {
    const arn = `arn:aws:s3:::${'x-'.repeat(993)}y`;
    expect(arn.length).toBeGreaterThan(1999);
    expect(globMatches(`arn:aws:s3:::${stars(30, 'x-')}z`, arn)).toBe(false);
    expect(globMatches(`arn:aws:s3:::${stars(30, 'x-')}y`, arn)).toBe(true);
  });
});

describe('isActive', () => {
  const e = ex({ expiresAtMs: Date.parse('2030-01-01T00:00:00Z') });
  it.each([
    ['1 ms before expiresAt', '2029-12-31T23:59:59.999Z', true],
    ['exactly at expiresAt', '2030-01-01T00:00:00.000Z', false],
    ['1 ms after expiresAt', '2030-01-01T00:00:00.001Z', false],
    ['years before', '2020-01-01T00:00:00Z', true],
  ])('%s -> %s', (_name, now, active) => {
    expect(isActive(e, new Date(now))).toBe(active);
  });

  it('throws on an invalid clock instead of deciding', () => {
    expect(() => isActive(e, new Date('nope'))).toThrow('isActive: now is not a valid date');
  });
});

describe('exemptionMatches', () => {
  it.each<[string, Partial<Exemption>, Partial<ExemptionTarget>, boolean]>([
    ['all *', {}, {}, true],
    ['same rule', { ruleId: 's3-bucket-encryption' }, {}, true],
    ['other rule', { ruleId: 's3-bucket-public-access-block' }, {}, false],
    ['same account', { accountId: '111122223333' }, {}, true],
    ['other account', { accountId: '444455556666' }, {}, false],
    ['same region', { region: 'us-east-1' }, {}, true],
    ['other region', { region: 'eu-west-1' }, {}, false],
    // S3 bucket ARNs carry no account or region: scoping uses the target's fields.
    [
      'S3 ARN, account and region scoped',
      { accountId: '111122223333', region: 'us-east-1', resource: 'arn:aws:s3:::legacy-*' },
      {},
      true,
    ],
    [
      'S3 ARN, account scoped, other account',
      { accountId: '111122223333', resource: 'arn:aws:s3:::legacy-*' },
      { accountId: '999988887777' },
      false,
    ],
    ['glob matches', { resource: 'arn:aws:s3:::legacy-*' }, {}, true],
    [
      'glob does not match (anchored)',
      { resource: 'arn:aws:s3:::legacy-*' },
      { arn: 'arn:aws:s3:::x-legacy-1' },
      false,
    ],
    ['expired', { expiresAtMs: NOW.getTime() }, {}, false],
    ['active by 1 ms', { expiresAtMs: NOW.getTime() + 1 }, {}, true],
  ])('%s -> %s', (_name, exOverrides, targetOverrides, matches) => {
    expect(exemptionMatches(ex(exOverrides), { ...target, ...targetOverrides }, NOW)).toBe(matches);
  });
});

describe('findExemption', () => {
  const at = (iso: string) => ({ expiresAt: iso, expiresAtMs: Date.parse(iso) });

  it('returns undefined when nothing matches', () => {
    expect(findExemption([ex({ ruleId: 'ec2-instance-required-tags' })], target, NOW)).toBeUndefined();
    expect(findExemption([], target, NOW)).toBeUndefined();
  });

  it('ignores expired exemptions', () => {
    const expired = ex({ exemptionId: 'EX-old', ...at('2026-01-01T00:00:00Z') });
    expect(findExemption([expired], target, NOW)).toBeUndefined();
  });

  it('prefers NOTIFY_ONLY over SUPPRESS, whatever the order and expiry', () => {
    const suppress = ex({ exemptionId: 'EX-A', effect: 'SUPPRESS', ...at('2027-01-01T00:00:00Z') });
    const notify = ex({ exemptionId: 'EX-Z', effect: 'NOTIFY_ONLY', ...at('2035-01-01T00:00:00Z') });
    expect(findExemption([suppress, notify], target, NOW)?.exemptionId).toBe('EX-Z');
    expect(findExemption([notify, suppress], target, NOW)?.exemptionId).toBe('EX-Z');
  });

  it('does not let an expired NOTIFY_ONLY beat an active SUPPRESS', () => {
    const suppress = ex({ exemptionId: 'EX-A', effect: 'SUPPRESS' });
    const notify = ex({ exemptionId: 'EX-Z', effect: 'NOTIFY_ONLY', ...at('2026-01-01T00:00:00Z') });
    expect(findExemption([notify, suppress], target, NOW)?.exemptionId).toBe('EX-A');
  });

  it('among equal effects, the one expiring first, then the smallest id', () => {
    const late = ex({ exemptionId: 'EX-1', ...at('2031-01-01T00:00:00Z') });
    const soonB = ex({ exemptionId: 'EX-B', ...at('2027-01-01T00:00:00Z') });
    const soonA = ex({ exemptionId: 'EX-A', ...at('2027-01-01T00:00:00Z') });
    expect(findExemption([late, soonB, soonA], target, NOW)?.exemptionId).toBe('EX-A');
    expect(findExemption([soonA, late, soonB], target, NOW)?.exemptionId).toBe('EX-A');
    expect(findExemption([late, soonB], target, NOW)?.exemptionId).toBe('EX-B');
  });
});

describe('isBroadGlob', () => {
  it.each<[string, string, string, boolean]>([
    // every resource of every account
    ['*', '*', '*', true],
    ['*', '*', '***', true],
    ['*', '*', 'arn:*', true],
    ['*', '*', 'arn:aws:*', true],
    ['*', '*', 'arn:aws-cn:*', true],
    ['*', '*', 'arn:*:*:*:*:*', true],
    ['*', '*', 'arn:aws*', true],
    // issue 14: the resource part is only wildcards, or the partition/service is one with rule/account *
    ['*', '*', 'arn:aws:s3:::*', true],
    ['*', '*', 'arn:aws:ec2:*', true],
    ['*', '*', 'arn:*:s3:::*', true],
    ['*', '*', 'arn:aws:*:*:*:*/*', true],
    ['s3-bucket-encryption', '*', 'arn:*:s3:::legacy-*', true],
    ['*', '111122223333', 'arn:aws:*:*:*:*/*', true],
    // every resource of a service in one account is still switching the rule off there
    ['s3-bucket-encryption', '111122223333', 'arn:aws:s3:::*', true],
    ['s3-bucket-encryption', '111122223333', '*', true],
    ['s3-bucket-encryption', '111122223333', 'arn:*', true],
    ['ec2-instance-required-tags', '111122223333', 'arn:aws:ec2:us-east-1:111122223333:*', true],
    // narrow enough
    ['*', '*', 'arn:aws:s3:::legacy-*', false],
    ['*', '*', 'arn:aws:ec2:*:instance/i-0abc*', false],
    ['*', '*', 'arn:aws:ec2:*:*:instance/i-0abc', false],
    ['s3-bucket-encryption', '111122223333', 'arn:*:s3:::legacy-*', false],
    ['s3-bucket-encryption', '111122223333', 'arn:aws:*:*:*:*/*', false],
    ['*', '*', 'arn:aws:s3:::bucket', false],
    ['*', '*', 'arn:aws:ec2:us-east-1:111122223333:instance/*', false],
  ])('rule %s, account %s, resource %s -> %s', (ruleId, accountId, resource, broad) => {
    expect(isBroadGlob({ ruleId, accountId, resource })).toBe(broad);
  });
});

describe('unhonouredScope / findUnhonoured: what an invalid item still covers', () => {
  const scopeOf = (raw: Record<string, unknown>) => {
    const parsed = parseExemption(raw, KNOWN);
    if (parsed.ok) throw new Error('expected an invalid item');
    return unhonouredScope(raw, parsed.problem, KNOWN);
  };

  it('keeps the readable scope fields and names the problem', () => {
    expect(scopeOf(rawItem({ effect: 'suppress' }))).toEqual({
      exemptionId: 'EX-12',
      ruleId: 's3-bucket-encryption',
      accountId: '111122223333',
      region: 'us-east-1',
      resource: 'arn:aws:s3:::legacy-*',
      expiresAtMs: Date.parse('2030-12-31T00:00:00Z'),
      problem: 'effect: must be SUPPRESS or NOTIFY_ONLY (got "suppress")',
    });
  });

  it('reads unreadable rule, region and resource as *, and the expiry leniently (or not at all)', () => {
    expect(
      scopeOf(
        rawItem({
          ruleId: 's3-bucket-encryptoin',
          region: 42,
          resource: 's3://legacy',
          expiresAt: '2030-01-01T00:00:00+01:00',
        }),
      ),
    ).toMatchObject({ ruleId: '*', region: '*', resource: '*', expiresAtMs: Date.parse('2029-12-31T23:00:00Z') });
    expect(scopeOf(rawItem({ expiresAt: 'next spring' }))).not.toHaveProperty('expiresAtMs');
    expect(scopeOf(rawItem({ expiresAt: '1' }))).not.toHaveProperty('expiresAtMs');
    expect(scopeOf(rawItem({ resource: undefined }))).toMatchObject({ resource: '*' });
  });

  it('covers nothing without a readable account (the partition key: it belongs to no account)', () => {
    expect(scopeOf(rawItem({ accountId: '11112222333', effect: 'x' }))).toBeUndefined();
    expect(scopeOf(rawItem({ accountId: 111122223333, effect: 'x' }))).toBeUndefined();
    expect(unhonouredScope('not an object', { exemptionId: 'x', problem: 'p' }, KNOWN)).toBeUndefined();
  });

  it('findUnhonoured: scope, activity, and the smallest id when several cover', () => {
    const a = scopeOf(rawItem({ exemptionId: 'B', effect: 'x' }));
    const b = scopeOf(rawItem({ exemptionId: 'A', effect: 'x', resource: 'arn:aws:s3:::*' }));
    const past = scopeOf(rawItem({ exemptionId: '0', effect: 'x', expiresAt: '2026-01-01T00:00:00Z' }));
    const items = [a, b, past].filter((u) => u !== undefined);
    expect(findUnhonoured(items, target, NOW)?.exemptionId).toBe('A');
    expect(findUnhonoured(items, { ...target, region: 'eu-west-1' }, NOW)).toBeUndefined();
    expect(findUnhonoured(items, { ...target, ruleId: 'ec2-instance-required-tags' }, NOW)).toBeUndefined();
    expect(findUnhonoured(items, { ...target, arn: 'arn:aws:s3:::other' }, NOW)?.exemptionId).toBe('A');
    expect(() => findUnhonoured(items, target, new Date(Number.NaN))).toThrow(TypeError);
  });
});

describe('tag-scoped exemptions (issue 20 item 19)', () => {
  const tagged: ExemptionTarget = { ...target, tags: { 'warden:exempt': 'SEC-1042', team: 'data' } };

  it('an item may name resource tags (key → value glob); they are kept, and a malformed one is refused', () => {
    const parsed = parseExemption(rawItem({ tags: { 'warden:exempt': 'SEC-*' } }), KNOWN);
    expect(parsed.ok && parsed.exemption.tags).toEqual({ 'warden:exempt': 'SEC-*' });
    expect(problemOf(rawItem({ tags: {} })).problem).toBe('tags: must name at least one tag when present');
    expect(problemOf(rawItem({ tags: { team: 7 } })).problem).toContain('tags.team: must be a string');
    expect(problemOf(rawItem({ tags: ['team=data'] })).problem).toContain('tags: must be an object');
    const plain = parseExemption(rawItem({ tags: null }), KNOWN);
    expect(plain.ok && 'tags' in plain.exemption).toBe(false);
  });

  it('matches only a resource carrying every named tag with a matching value (keys exact, values globbed)', () => {
    expect(exemptionMatches(ex({ tags: { 'warden:exempt': 'SEC-1042' } }), tagged, NOW)).toBe(true);
    expect(exemptionMatches(ex({ tags: { 'warden:exempt': 'SEC-*', team: 'data' } }), tagged, NOW)).toBe(true);
    expect(exemptionMatches(ex({ tags: { 'warden:exempt': 'SEC-1042', team: 'web' } }), tagged, NOW)).toBe(false);
    expect(exemptionMatches(ex({ tags: { 'Warden:Exempt': 'SEC-1042' } }), tagged, NOW)).toBe(false);
    expect(exemptionMatches(ex({ tags: { 'warden:exempt': '*' } }), target, NOW)).toBe(false);
    expect(exemptionMatches(ex({ tags: { constructor: '*' } }), { ...target, tags: {} }, NOW)).toBe(false);
  });

  it('a broad resource glob is scoped by a tag with a value, not by a tag that only has to exist', () => {
    const base = { ruleId: '*', accountId: '*', resource: '*' };
    expect(isBroadGlob(base)).toBe(true);
    expect(isBroadGlob({ ...base, tags: { 'warden:exempt': 'SEC-1042' } })).toBe(false);
    expect(isBroadGlob({ ...base, tags: { 'warden:exempt': '*' } })).toBe(true);
  });

  it('an item that is not honoured still covers only what its readable tags name; unreadable tags cover everything', () => {
    const problem = { exemptionId: 'EX-12', problem: 'approvedBy: required' };
    const narrow = unhonouredScope(rawItem({ approvedBy: '', tags: { team: 'web' } }), problem, KNOWN);
    const wide = unhonouredScope(rawItem({ approvedBy: '', tags: { team: 7 } }), problem, KNOWN);
    const legacy = { ...tagged, arn: 'arn:aws:s3:::legacy-logs' };
    expect(findUnhonoured(narrow === undefined ? [] : [narrow], legacy, NOW)).toBeUndefined();
    expect(findUnhonoured(wide === undefined ? [] : [wide], legacy, NOW)?.exemptionId).toBe('EX-12');
  });
});
