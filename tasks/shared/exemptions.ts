/**
 * Exemptions (DESIGN §4.2): validation of stored items and matching against findings.
 *
 * An item comes from the DynamoDB `Exemptions` table (already unmarshalled to plain JS) or from a
 * `--exemptions FILE` JSON array. An item that fails validation never matches; it is reported with
 * why (`ExemptionProblem`), and still keeps what it was meant to cover from being remediated
 * (`UnhonouredExemption`). An expired exemption never matches, whatever DynamoDB TTL has or hasn't
 * deleted yet.
 */
import { z } from 'zod';
import type { ExemptionProblem } from './model';

const EXEMPTION_EFFECTS = ['SUPPRESS', 'NOTIFY_ONLY'] as const;
type ExemptionEffect = (typeof EXEMPTION_EFFECTS)[number];

/** A validated exemption. Plain data (JSON-serializable), so it can travel through Step Functions. */
interface Exemption {
  readonly exemptionId: string;
  /** A rule id or `*`. */
  readonly ruleId: string;
  /** 12 digits or `*`. */
  readonly accountId: string;
  /** A region name or `*`. */
  readonly region: string;
  /** Anchored glob over the resource ARN: `*` matches any run of characters, nothing else is special. */
  readonly resource: string;
  /**
   * Resource tags the resource must carry as well, key → value glob (all of them, keys compared
   * exactly as AWS does), like Prowler's mutelist `Tags`: e.g. `{"warden:exempt": "SEC-1042"}`. @default none
   */
  readonly tags?: Readonly<Record<string, string>>;
  readonly effect: ExemptionEffect;
  readonly reason: string;
  readonly requestedBy: string;
  readonly approvedBy: string;
  readonly ticket?: string;
  /** As given in the item (ISO-8601 UTC). */
  readonly expiresAt: string;
  /** `expiresAt` in epoch milliseconds; the exemption is active strictly before this instant. */
  readonly expiresAtMs: number;
}

/** What an exemption is matched against: a finding's rule, account, region, resource ARN and tags. */
interface ExemptionTarget {
  readonly ruleId: string;
  readonly accountId: string;
  readonly region: string;
  readonly arn: string;
  /** The resource's tags as collected; absent = none known (a tag-scoped exemption then does not match). */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Whether the target carries every tag of `scope` with a value its glob matches (no scope: yes). */
function tagsMatch(scope: Readonly<Record<string, string>> | undefined, tags: ExemptionTarget['tags']): boolean {
  if (scope === undefined) return true;
  return Object.entries(scope).every(([key, glob]) => {
    const value = tags?.[key];
    return value !== undefined && Object.hasOwn(tags ?? {}, key) && globMatches(glob, value);
  });
}

/**
 * An item Warden does not honour — it fails validation (DESIGN §4.2) or breaks the exemption policy
 * (exemption-policy.ts) — reduced to the scope it was meant to cover. It never exempts anything,
 * and it never lets a finding inside that scope be remediated: such a finding is notified, with
 * `problem` named (issue 14, "nothing lost, nothing widened"). A scope field that cannot be read
 * (missing, of the wrong type, an unknown rule id, a malformed region, a glob that can never match an
 * ARN) is `*`: the item's own account still bounds it. The account is the table's partition key, so
 * an item without a readable `accountId` covers nothing (it cannot be tied to any account).
 */
interface UnhonouredExemption {
  readonly exemptionId: string;
  readonly ruleId: string;
  readonly accountId: string;
  readonly region: string;
  readonly resource: string;
  /** The tags it names, when they can be read; absent: any resource (the conservative reading). */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * When the item stops covering anything: its `expiresAt` read leniently (a date-time starting
   * `YYYY-MM-DD` that `Date.parse` understands, `+01:00` included). Absent when unreadable: covers
   * until fixed.
   */
  readonly expiresAtMs?: number;
  /** Why it is not honoured. */
  readonly problem: string;
}

type ParseExemptionResult =
  | { readonly ok: true; readonly exemption: Exemption }
  | { readonly ok: false; readonly problem: ExemptionProblem };

const ACCOUNT_ID = /^\d{12}$/;
/** `us-east-1`, `eu-west-1`, `ap-southeast-2`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`, … */
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
/**
 * ISO-8601 date-time in UTC: `YYYY-MM-DDThh:mm[:ss[.fff…]]` followed by `Z` or `+00:00`.
 * Other offsets (`+01:00`, `-00:00` = "offset unknown"), local times and bare dates are rejected.
 */
const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|\+00:00)$/;

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/**
 * Epoch milliseconds of an ISO-8601 UTC timestamp, or undefined when it is not one or names a date
 * that does not exist (`2026-02-30T00:00:00Z`, `…T24:00:00Z`, leap seconds). Digits beyond the
 * millisecond are truncated, so an exemption never lasts longer than written.
 */
function parseUtcTimestamp(text: string): number | undefined {
  const m = ISO_UTC.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime();
}

/** A glob cut at its `*`s: the literal pieces, in order (`a*b**c` → `a`, `b`, ``, `c`). */
const pieceCache = new Map<string, readonly string[]>();
function globPieces(glob: string): readonly string[] {
  let pieces = pieceCache.get(glob);
  if (pieces === undefined) {
    if (pieceCache.size >= 10_000) pieceCache.clear();
    pieces = glob.split('*');
    pieceCache.set(glob, pieces);
  }
  return pieces;
}

/**
 * Whether an exemption glob matches a text (an ARN): anchored at both ends, case-sensitive, `*`
 * matches any run of characters (none, `/`, `:` and newlines included), every other character is
 * literal. Linear in the text, whatever the glob: the first piece must be a prefix and the last a
 * suffix; each middle piece is taken at its leftmost occurrence after the previous one. Taking the
 * leftmost is always right for `*`-only globs: it leaves the most text for the pieces after it, and
 * the stars around it absorb whatever lies between. No backtracking, hence no ReDoS (a RegExp of
 * `.*` runs backtracks exponentially in the number of stars).
 */
function globMatches(glob: string, text: string): boolean {
  const pieces = globPieces(glob);
  const first = pieces[0] ?? '';
  if (pieces.length === 1) return text === first;
  const last = pieces[pieces.length - 1] ?? '';
  const end = text.length - last.length;
  if (end < first.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  let from = first.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i] ?? '';
    if (piece === '') continue;
    const at = text.indexOf(piece, from);
    if (at === -1 || at + piece.length > end) return false;
    from = at + piece.length;
  }
  return true;
}

/** How many wildcards a glob has (a run of `*` counts once: `**` means what `*` means). */
function globWildcards(glob: string): number {
  return glob.split(/\*+/).length - 1;
}

/**
 * Whether a glob can match some ARN at all (every ARN starts with `arn:`). `my-bucket` or
 * `s3://my-bucket` never would, so such an item is reported instead of lying silently dead.
 */
function canMatchAnArn(glob: string): boolean {
  const star = glob.indexOf('*');
  if (star === -1) return glob.startsWith('arn:');
  const head = glob.slice(0, star);
  return head.startsWith('arn:') || 'arn:'.startsWith(head);
}

/** Levenshtein distance, for "did you mean" on a mistyped rule id. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function closestRuleId(ruleId: string, knownRuleIds: ReadonlySet<string>): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const id of [...knownRuleIds].sort()) {
    const distance = editDistance(ruleId, id);
    if (distance <= 3 && (best === undefined || distance < best.distance)) best = { id, distance };
  }
  return best?.id;
}

/**
 * A string field. `missing` is the message for an absent (undefined/null) value, `expected` what a
 * value of another type (a DynamoDB Number, a list, …) is told it should have been.
 */
function stringField(missing: string, expected = 'a string') {
  return z.string({
    error: (issue) =>
      issue.input === undefined || issue.input === null
        ? missing
        : `must be ${expected} (got ${typeName(issue.input)})`,
  });
}

/** Required, non-empty after trim; stored trimmed. */
function requiredText() {
  return stringField('required, non-empty').trim().min(1, { error: 'required, non-empty' });
}

/**
 * One schema per set of known rule ids: building a zod schema costs far more than parsing with it,
 * and a sweep validates every item of the table with the same set.
 */
const schemas = new WeakMap<ReadonlySet<string>, ReturnType<typeof buildExemptionItemSchema>>();
function exemptionItemSchema(knownRuleIds: ReadonlySet<string>) {
  let schema = schemas.get(knownRuleIds);
  if (schema === undefined) {
    schema = buildExemptionItemSchema(knownRuleIds);
    schemas.set(knownRuleIds, schema);
  }
  return schema;
}

/**
 * The zod schema of a stored exemption item (DESIGN §4.2). Unknown extra fields (a TTL `purgeAt`,
 * audit timestamps, …) are allowed and dropped. `knownRuleIds` makes a mistyped rule id a reported
 * problem rather than an exemption that silently never matches.
 */
function buildExemptionItemSchema(knownRuleIds: ReadonlySet<string>) {
  return z
    .object({
      exemptionId: requiredText(),
      ruleId: stringField("required: a rule id or '*'").superRefine((ruleId, ctx) => {
        if (ruleId === '*' || knownRuleIds.has(ruleId)) return;
        const suggestion = closestRuleId(ruleId, knownRuleIds);
        ctx.addIssue({
          code: 'custom',
          message: `unknown rule id '${ruleId}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}; expected a known rule id or '*'`,
          input: ruleId,
        });
      }),
      accountId: stringField(
        "required: 12 digits or '*'",
        "a string of exactly 12 digits or '*' (a number loses leading zeros)",
      ).refine((v) => v === '*' || ACCOUNT_ID.test(v), {
        error: (issue) => `must be exactly 12 digits or '*' (got '${String(issue.input)}')`,
      }),
      region: stringField("required: a region name or '*'").refine((v) => v === '*' || REGION.test(v), {
        error: (issue) => `must be a region name such as us-east-1, or '*' (got '${String(issue.input)}')`,
      }),
      resource: stringField('required: a non-empty glob over the resource ARN')
        .min(1, { error: 'required: a non-empty glob over the resource ARN', abort: true })
        .refine(canMatchAnArn, {
          error: (issue) =>
            `must be a glob over a resource ARN, e.g. arn:aws:s3:::legacy-* ('${String(issue.input)}' can never match an ARN)`,
        }),
      tags: z
        .record(
          z.string().min(1, 'tag keys are 1 to 128 characters').max(128, 'tag keys are 1 to 128 characters'),
          z.string({ error: 'must be a string: a glob over the tag value' }).max(256),
          { error: 'must be an object of tag key → value glob, e.g. {"warden:exempt": "SEC-1042"}' },
        )
        .refine((tags) => Object.keys(tags).length > 0, { error: 'must name at least one tag when present' })
        .nullish()
        .transform((v) => v ?? undefined),
      effect: z.enum(EXEMPTION_EFFECTS, {
        error: (issue) =>
          issue.input === undefined || issue.input === null
            ? 'required: SUPPRESS or NOTIFY_ONLY'
            : `must be SUPPRESS or NOTIFY_ONLY (got ${JSON.stringify(issue.input) ?? typeName(issue.input)})`,
      }),
      reason: requiredText(),
      requestedBy: requiredText(),
      approvedBy: requiredText(),
      // DynamoDB NULL and the console's empty string both mean "no ticket".
      ticket: z
        .string({ error: (issue) => `must be a string when present (got ${typeName(issue.input)})` })
        .trim()
        .nullish()
        .transform((v) => (v ? v : undefined)),
      expiresAt: stringField(
        'required: an ISO-8601 UTC timestamp such as 2030-12-31T00:00:00Z',
        'an ISO-8601 UTC timestamp string such as 2030-12-31T00:00:00Z',
      ).transform((text, ctx) => {
        const ms = parseUtcTimestamp(text);
        if (ms === undefined) {
          ctx.addIssue({
            code: 'custom',
            message: `must be an ISO-8601 UTC timestamp of a real date ending in Z or +00:00, such as 2030-12-31T00:00:00Z (got '${text}')`,
            input: text,
          });
          return z.NEVER;
        }
        return { text, ms };
      }),
    })
    .transform(
      (item): Exemption => ({
        exemptionId: item.exemptionId,
        ruleId: item.ruleId,
        accountId: item.accountId,
        region: item.region,
        resource: item.resource,
        ...(item.tags === undefined ? {} : { tags: item.tags }),
        effect: item.effect,
        reason: item.reason,
        requestedBy: item.requestedBy,
        approvedBy: item.approvedBy,
        ...(item.ticket === undefined ? {} : { ticket: item.ticket }),
        expiresAt: item.expiresAt.text,
        expiresAtMs: item.expiresAt.ms,
      }),
    );
}

function rawExemptionId(raw: unknown): string {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const id = (raw as Record<string, unknown>).exemptionId;
    if (typeof id === 'string' && id.trim() !== '') return id;
  }
  return '(missing exemptionId)';
}

/**
 * Validates one stored item. The problem names every failing field and why, e.g.
 * `approvedBy: required, non-empty; expiresAt: must be an ISO-8601 UTC timestamp …`.
 */
function parseExemption(raw: unknown, knownRuleIds: ReadonlySet<string>): ParseExemptionResult {
  const exemptionId = rawExemptionId(raw);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problem: { exemptionId, problem: `item: must be an object (got ${typeName(raw)})` } };
  }
  const result = exemptionItemSchema(knownRuleIds).safeParse(raw);
  if (result.success) return { ok: true, exemption: result.data };
  const problem = result.error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : 'item'}: ${issue.message}`)
    .join('; ');
  return { ok: false, problem: { exemptionId, problem } };
}

/**
 * Validates a list of items (a DynamoDB scan or a `--exemptions FILE` array). Items sharing an
 * exemptionId: the first is kept and each later one is reported (ids are unique in the table).
 */
function parseExemptions(
  raws: readonly unknown[],
  knownRuleIds: ReadonlySet<string>,
): { exemptions: Exemption[]; problems: ExemptionProblem[] } {
  const exemptions: Exemption[] = [];
  const problems: ExemptionProblem[] = [];
  const seen = new Set<string>();
  for (const raw of raws) {
    const parsed = parseExemption(raw, knownRuleIds);
    if (!parsed.ok) {
      problems.push(parsed.problem);
    } else if (seen.has(parsed.exemption.exemptionId)) {
      problems.push({
        exemptionId: parsed.exemption.exemptionId,
        problem: 'exemptionId: duplicate of an earlier item with the same id; this one is ignored',
      });
    } else {
      seen.add(parsed.exemption.exemptionId);
      exemptions.push(parsed.exemption);
    }
  }
  return { exemptions, problems };
}

/**
 * The scope an item that is not honoured still covers (see `UnhonouredExemption`), or undefined when
 * it covers nothing: no readable account, or not an object at all.
 */
function unhonouredScope(
  raw: unknown,
  problem: ExemptionProblem,
  knownRuleIds: ReadonlySet<string>,
): UnhonouredExemption | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const item = raw as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : undefined);
  const accountId = typeof item.accountId === 'string' ? item.accountId : undefined;
  if (accountId === undefined || (accountId !== '*' && !ACCOUNT_ID.test(accountId))) return undefined;
  const ruleId = text(item.ruleId);
  const region = text(item.region);
  const resource = typeof item.resource === 'string' ? item.resource : undefined;
  const expiresAt = text(item.expiresAt);
  // Only a date that starts like ISO-8601 is read (Date.parse would take `1` for 2001-01-01).
  const expiresAtMs =
    expiresAt === undefined || !/^\d{4}-\d{2}-\d{2}/.test(expiresAt) ? Number.NaN : Date.parse(expiresAt);
  return {
    exemptionId: problem.exemptionId,
    ruleId: ruleId !== undefined && (ruleId === '*' || knownRuleIds.has(ruleId)) ? ruleId : '*',
    accountId,
    region: region !== undefined && (region === '*' || REGION.test(region)) ? region : '*',
    resource: resource !== undefined && resource !== '' && canMatchAnArn(resource) ? resource : '*',
    // Tags narrow the scope only when they can be read as written; otherwise it covers every resource.
    ...(readableTags(item.tags) === undefined ? {} : { tags: readableTags(item.tags) }),
    ...(Number.isNaN(expiresAtMs) ? {} : { expiresAtMs }),
    problem: problem.problem,
  };
}

/** A tag scope as written, when it is a non-empty object of strings. */
function readableTags(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  if (entries.length === 0 || !entries.every(([, v]) => typeof v === 'string')) return undefined;
  return Object.fromEntries(entries) as Record<string, string>;
}

/** The same scope for a valid exemption that breaks the policy. */
function unhonouredExemption(ex: Exemption, problem: string): UnhonouredExemption {
  return {
    exemptionId: ex.exemptionId,
    ruleId: ex.ruleId,
    accountId: ex.accountId,
    region: ex.region,
    resource: ex.resource,
    ...(ex.tags === undefined ? {} : { tags: ex.tags }),
    expiresAtMs: ex.expiresAtMs,
    problem,
  };
}

/** The first (smallest exemptionId) unhonoured item whose scope covers the target now. */
function findUnhonoured(
  items: readonly UnhonouredExemption[],
  target: ExemptionTarget,
  now: Date,
): UnhonouredExemption | undefined {
  const t = now.getTime();
  if (Number.isNaN(t)) throw new TypeError('findUnhonoured: now is not a valid date');
  let best: UnhonouredExemption | undefined;
  for (const u of items) {
    const covers =
      (u.ruleId === '*' || u.ruleId === target.ruleId) &&
      (u.accountId === '*' || u.accountId === target.accountId) &&
      (u.region === '*' || u.region === target.region) &&
      (u.expiresAtMs === undefined || t < u.expiresAtMs) &&
      globMatches(u.resource, target.arn) &&
      tagsMatch(u.tags, target.tags);
    if (covers && (best === undefined || u.exemptionId < best.exemptionId)) best = u;
  }
  return best;
}

/** Active strictly before `expiresAt`; at exactly `expiresAt` it has expired. */
function isActive(ex: Exemption, now: Date): boolean {
  const t = now.getTime();
  // A broken clock must not silently decide anything: the caller treats this like a failed lookup.
  if (Number.isNaN(t)) throw new TypeError('isActive: now is not a valid date');
  return t < ex.expiresAtMs;
}

/**
 * Whether an exemption covers a target now. Rule, account and region are compared with the
 * target's own fields (not parsed from the ARN: S3 bucket ARNs, `arn:aws:s3:::bucket`, carry
 * neither account nor region); the resource glob is matched against the whole ARN.
 */
function exemptionMatches(ex: Exemption, target: ExemptionTarget, now: Date): boolean {
  return (
    (ex.ruleId === '*' || ex.ruleId === target.ruleId) &&
    (ex.accountId === '*' || ex.accountId === target.accountId) &&
    (ex.region === '*' || ex.region === target.region) &&
    globMatches(ex.resource, target.arn) &&
    tagsMatch(ex.tags, target.tags) &&
    isActive(ex, now)
  );
}

/** Orders candidates: NOTIFY_ONLY first, then the earliest expiry, then the smallest exemptionId. */
function precedence(a: Exemption, b: Exemption): number {
  if (a.effect !== b.effect) return a.effect === 'NOTIFY_ONLY' ? -1 : 1;
  if (a.expiresAtMs !== b.expiresAtMs) return a.expiresAtMs - b.expiresAtMs;
  if (a.exemptionId === b.exemptionId) return 0;
  return a.exemptionId < b.exemptionId ? -1 : 1;
}

/**
 * The exemption that applies to a target, if any. When several match:
 * 1. a NOTIFY_ONLY exemption wins over SUPPRESS: someone asked to be told, so Warden never stays
 *    silent because another exemption would have suppressed the finding;
 * 2. among exemptions with the same effect, the one expiring first (it is the one the report should
 *    point at: it lapses soonest);
 * 3. then the smallest exemptionId (code-unit order), so the answer is deterministic whatever the
 *    order DynamoDB returned the items in.
 */
function findExemption(exemptions: readonly Exemption[], target: ExemptionTarget, now: Date): Exemption | undefined {
  let best: Exemption | undefined;
  for (const ex of exemptions) {
    if (exemptionMatches(ex, target, now) && (best === undefined || precedence(ex, best) < 0)) best = ex;
  }
  return best;
}

/**
 * The resource part of a glob (after `arn:partition:service:region:account:`) and how many of the
 * five prefix fields are fixed text before the first `*`. When a `*` sits inside the prefix it may
 * swallow colons, so the resource part is read as narrowly as the glob allows: after the colon
 * that would close the prefix if there is one, else after the glob's last colon, else all of it.
 */
function arnGlobParts(glob: string): { fixedFields: number; resourcePart: string } {
  const star = glob.indexOf('*');
  const head = star === -1 ? glob : glob.slice(0, star);
  const fixedFields = Math.min(5, head.split(':').length - 1);
  const rest = glob.split(':');
  if (fixedFields === 5) return { fixedFields, resourcePart: rest.slice(5).join(':') };
  const tail = glob.slice(head.length).split(':');
  const needed = 5 - fixedFields;
  const resourcePart = tail.length > needed ? tail.slice(needed).join(':') : (tail[tail.length - 1] ?? '');
  return { fixedFields, resourcePart };
}

/**
 * Whether an exemption is broad, the policy `warden exempt add` enforces (unless `--allow-broad`)
 * and the sweep's review reports:
 * - its resource part (after `arn:partition:service:region:account:`) is nothing but wildcards
 *   (`*`, `arn:*`, `arn:aws:ec2:*`, `arn:aws:s3:::*`, `arn:*:s3:::*`, `arn:aws:ec2:*:*:*`): every
 *   resource of a service, whatever the rule and account — that is switching a rule off, which is
 *   the account's or the rule's mode, not an exemption; or
 * - its partition or service is a wildcard (`arn:aws:*:*:*:*\/*`, `arn:*:s3:::legacy-*`) while
 *   its rule or its account is `*`;
 * unless it also names a resource tag with a value to match (`tags`), which scopes it to the
 * resources someone tagged.
 */
function isBroadGlob(ex: Pick<Exemption, 'ruleId' | 'accountId' | 'resource' | 'tags'>): boolean {
  if (!ex.resource.includes('*')) return false;
  // A tag with a value to match is a scope of its own; a value glob of only `*` asks for the key alone.
  if (Object.values(ex.tags ?? {}).some((glob) => glob.replaceAll('*', '') !== '')) return false;
  const { fixedFields, resourcePart } = arnGlobParts(ex.resource);
  if (resourcePart.includes('*') && resourcePart.replaceAll('*', '') === '') return true;
  return fixedFields <= 2 && (ex.ruleId === '*' || ex.accountId === '*');
}

export {
  EXEMPTION_EFFECTS,
  type Exemption,
  type ExemptionEffect,
  type ExemptionTarget,
  exemptionItemSchema,
  exemptionMatches,
  findExemption,
  findUnhonoured,
  globMatches,
  globWildcards,
  isActive,
  isBroadGlob,
  type ParseExemptionResult,
  parseExemption,
  parseExemptions,
  parseUtcTimestamp,
  type UnhonouredExemption,
  unhonouredExemption,
  unhonouredScope,
};
