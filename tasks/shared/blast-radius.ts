/**
 * The blast-radius cap (issue 14): how many resources one run may change. A wrong setting (say a
 * `requiredTags` with a typo) would otherwise tag every instance of the organization in one sweep.
 *
 * Three caps, each configurable (config `blastRadius`), each with a safe default:
 * - **per rule, per account** (`perRule`, default 50 and 20 % of what the rule evaluated there):
 *   decided in `Check exemptions`, which sees all of one account's decisions;
 * - **per account** (`perAccount`, default 100, all rules together, after the per-rule cap): same;
 * - **per sweep** (`perSweep`, default 500, all accounts together): accounts run in parallel child
 *   executions, so `Remediate` reserves a slot on a shared counter (one DynamoDB item per
 *   execution, atomic conditional UpdateItem) right before it would send anything.
 *
 * Semantics, as Cloud Custodian's `max-resources` / `max-resources-percent`: when a rule's (or an
 * account's) remediations exceed the limit, **none** of them is sent — not the first N. More than
 * the cap means the rule or its settings are probably wrong, and changing an arbitrary first 50 of
 * 5,000 resources still does the damage the cap is there to prevent. The per-sweep cap cannot know
 * in advance how many remediations all accounts will want, so it is a budget: the first
 * `maxResources` reservations are sent, every later one is held back. A held-back remediation is
 * decision NOTIFY with outcome SKIPPED_CAP and the reason; operators get one message per sweep
 * naming each account and rule held back and how many (Summarize).
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { WardenConfig } from './config';
import { describeError } from './errors';
import type { CapHold, Finding, Notification, RemediationResult } from './model';
import { toSubject } from './notification/compose';
import { isThrottlingError } from './throttling';

type BlastRadiusSettings = WardenConfig['blastRadius'];
type CapLimit = BlastRadiusSettings['perRule'];

/**
 * Whether `wanted` remediations go over `limit` among `evaluated` resources: more than
 * `maxResources`, or — above `percentAppliesAbove` remediations — more than `maxResourcesPercent` %
 * of `evaluated`. Exactly at a limit is still within it (Custodian: "found > limit").
 */
function capExceeded(limit: CapLimit, wanted: number, evaluated: number): boolean {
  if (wanted > limit.maxResources) return true;
  if (limit.maxResourcesPercent === null || wanted <= limit.percentAppliesAbove) return false;
  return wanted > (limit.maxResourcesPercent / 100) * evaluated;
}

function describeLimit(limit: CapLimit): string {
  const percent =
    limit.maxResourcesPercent === null
      ? ''
      : `, and ${limit.maxResourcesPercent} % of those evaluated when more than ${limit.percentAppliesAbove}`;
  return `at most ${limit.maxResources}${percent}`;
}

/** One account, rule and cap's held-back remediations: what operators are told. */
interface CapGroup extends CapHold {
  readonly accountId: string;
  readonly ruleId: string;
  readonly heldBack: number;
}

interface AccountCapContext {
  readonly settings: BlastRadiusSettings;
  /** Resources each rule evaluated in the account (`Evaluate rules` counts, all statuses). */
  readonly evaluatedByRule?: Readonly<Record<string, number>>;
  /** Resources evaluated in the account. */
  readonly resourcesEvaluated?: number;
}

function held(finding: Finding, cap: CapHold, reason: string): Finding {
  const remediation: RemediationResult = {
    outcome: 'SKIPPED_CAP',
    apiCalls: finding.plan ?? [],
    ...(finding.iac !== undefined ? { iac: finding.iac } : {}),
    cap,
  };
  return { ...finding, decision: 'NOTIFY', decisionReason: reason, remediation };
}

/**
 * One account's decided findings with the per-rule and per-account caps applied: the REMEDIATE ones
 * of a rule over its cap, then all of the account's remaining ones if together they are over the
 * account's, become NOTIFY / SKIPPED_CAP. Without evaluation counts, a percentage is judged against
 * the findings themselves (fewer than were evaluated, so the stricter reading). Pure.
 */
function applyAccountCaps(
  findings: readonly Finding[],
  ctx: AccountCapContext,
): { findings: Finding[]; held: CapGroup[] } {
  const { perRule, perAccount } = ctx.settings;
  const wantedByRule = new Map<string, number>();
  const findingsByRule = new Map<string, number>();
  for (const f of findings) {
    findingsByRule.set(f.ruleId, (findingsByRule.get(f.ruleId) ?? 0) + 1);
    if (f.decision === 'REMEDIATE') wantedByRule.set(f.ruleId, (wantedByRule.get(f.ruleId) ?? 0) + 1);
  }
  const ruleHolds = new Map<string, CapHold>();
  for (const [ruleId, wanted] of wantedByRule) {
    const evaluated = ctx.evaluatedByRule?.[ruleId] ?? findingsByRule.get(ruleId) ?? wanted;
    if (capExceeded(perRule, wanted, evaluated)) {
      ruleHolds.set(ruleId, { scope: 'rule', limit: describeLimit(perRule), wanted, evaluated });
    }
  }
  let out = findings.map((f) => {
    const cap = f.decision === 'REMEDIATE' ? ruleHolds.get(f.ruleId) : undefined;
    if (cap === undefined) return f;
    return held(
      f,
      cap,
      `held back by the blast-radius cap: ${f.ruleId} would remediate ${cap.wanted} of ${cap.evaluated} evaluated ` +
        `resource(s) in this account, over the limit (${cap.limit}); none of them is remediated in this sweep ` +
        "(blastRadius.perRule). Check the rule's settings; raise the cap if this many changes are intended.",
    );
  });

  const wanted = out.filter((f) => f.decision === 'REMEDIATE').length;
  const evaluated = ctx.resourcesEvaluated ?? findings.length;
  if (wanted > 0 && capExceeded(perAccount, wanted, evaluated)) {
    const cap: CapHold = { scope: 'account', limit: describeLimit(perAccount), wanted, evaluated };
    out = out.map((f) =>
      f.decision !== 'REMEDIATE'
        ? f
        : held(
            f,
            cap,
            `held back by the blast-radius cap: this account would get ${wanted} remediations (all rules) of ${evaluated} ` +
              `evaluated resource(s), over the limit (${cap.limit}); none of them is remediated in this sweep ` +
              "(blastRadius.perAccount). Check the rules' settings; raise the cap if this many changes are intended.",
          ),
    );
  }
  return {
    findings: out,
    held: capGroups(
      out.flatMap((f) =>
        f.remediation?.cap !== undefined && f.remediation.outcome === 'SKIPPED_CAP'
          ? [{ accountId: f.accountId, ruleId: f.ruleId, cap: f.remediation.cap }]
          : [],
      ),
    ),
  };
}

const SCOPE_ORDER: readonly CapHold['scope'][] = ['rule', 'account', 'sweep'];

/** Held-back remediations summed by account, cap and rule. */
function capGroups(entries: readonly { accountId: string; ruleId: string; cap: CapHold }[]): CapGroup[] {
  const groups = new Map<string, CapGroup>();
  for (const { accountId, ruleId, cap } of entries) {
    const key = `${accountId}\n${cap.scope}\n${ruleId}`;
    const group = groups.get(key);
    groups.set(
      key,
      group === undefined ? { ...cap, accountId, ruleId, heldBack: 1 } : { ...group, heldBack: group.heldBack + 1 },
    );
  }
  return [...groups.values()].sort(
    (a, b) =>
      a.accountId.localeCompare(b.accountId) ||
      SCOPE_ORDER.indexOf(a.scope) - SCOPE_ORDER.indexOf(b.scope) ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

const SCOPE_TEXT: Record<CapHold['scope'], string> = {
  rule: 'per-rule cap (blastRadius.perRule)',
  account: 'per-account cap (blastRadius.perAccount)',
  sweep: 'per-sweep cap (blastRadius.perSweep)',
};

/** The one operator message of a sweep whose caps held remediations back. */
function capNotice(
  groups: readonly CapGroup[],
  ctx: { readonly executionName: string; readonly aliases: ReadonlyMap<string, string> },
): Notification {
  const total = groups.reduce((n, g) => n + g.heldBack, 0);
  const lines = [
    `Warden's blast-radius cap held back ${total} remediation(s) in ${ctx.executionName}: they were not sent,`,
    'their owners are notified instead (decision NOTIFY, outcome SKIPPED_CAP).',
    '',
  ];
  for (const g of groups) {
    const alias = ctx.aliases.get(g.accountId);
    const where = alias === undefined || alias === g.accountId ? g.accountId : `${alias} (${g.accountId})`;
    const over = g.wanted !== undefined ? `, ${g.wanted} wanted of ${g.evaluated} evaluated` : '';
    lines.push(`- ${g.ruleId} in ${where}: ${g.heldBack} held back by the ${SCOPE_TEXT[g.scope]}: ${g.limit}${over}`);
  }
  lines.push(
    '',
    "If the rules and their settings are right, raise the cap in the Warden config (cdk.json, context 'warden',",
    "key 'blastRadius') and the next sweep remediates them; if not, fix the rule settings first.",
  );
  const accounts = new Set(groups.map((g) => g.accountId));
  const rules = new Set(groups.map((g) => g.ruleId));
  return {
    subject: toSubject(`[HIGH] Warden blast-radius cap hit: ${total} remediation(s) held back in ${ctx.executionName}`),
    message: lines.join('\n'),
    attributes: {
      kind: 'blast-radius-cap',
      severity: 'HIGH',
      decision: 'NOTIFY',
      ...(rules.size === 1 ? { ruleId: [...rules][0] as string } : {}),
      ...(accounts.size === 1 ? { accountId: [...accounts][0] as string } : {}),
    },
  };
}

/** The per-sweep counter: one item per execution in the `BlastRadius` table. */
interface SweepCounter {
  readonly ddb: DynamoDBDocumentClient;
  readonly table: string;
  readonly maxResources: number;
}

/** Longer than any execution and its retries; the table's TTL (`expiresAt`) removes the item after. */
const KEEP_COUNTER_SECONDS = 7 * 86_400;

/**
 * Reserves one of the execution's `maxResources` remediations for `findingId`: true when reserved
 * (or already reserved by an earlier attempt of the same remediation, so a retried `Remediate`
 * never counts twice), false when the cap is reached. One conditional UpdateItem, atomic across
 * the parallel child executions; the item keeps the ids it counted. Errors propagate.
 */
async function reserveSweepSlot(
  counter: SweepCounter,
  executionArn: string,
  findingId: string,
  at: Date,
): Promise<boolean> {
  if (counter.maxResources === 0) return false;
  const names = { '#n': 'reserved', '#ids': 'findingIds' };
  try {
    await counter.ddb.send(
      new UpdateCommand({
        TableName: counter.table,
        Key: { id: executionArn },
        UpdateExpression: 'ADD #n :one, #ids :ids SET #ttl = if_not_exists(#ttl, :ttl)',
        ConditionExpression: '(attribute_not_exists(#n) OR #n < :max) AND NOT contains(#ids, :id)',
        ExpressionAttributeNames: { ...names, '#ttl': 'expiresAt' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':ids': new Set([findingId]),
          ':id': findingId,
          ':max': counter.maxResources,
          ':ttl': Math.floor(at.getTime() / 1000) + KEEP_COUNTER_SECONDS,
        },
      }),
    );
    return true;
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
  // Full, or reserved before by this same remediation (a retry): the latter leaves the item as it is.
  try {
    await counter.ddb.send(
      new UpdateCommand({
        TableName: counter.table,
        Key: { id: executionArn },
        UpdateExpression: 'ADD #n :zero',
        ConditionExpression: 'contains(#ids, :id)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':zero': 0, ':id': findingId },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

function isConditionFailed(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException';
}

/**
 * `Remediate`'s hook: undefined when the remediation may go on (a slot is reserved), else what it
 * becomes instead — SKIPPED_CAP, decision NOTIFY with the reason. A counter that cannot be updated
 * holds the remediation back too (never remediate without knowing the count); throttling
 * propagates so the state's Retry backs off.
 */
async function sweepCapHold(
  counter: SweepCounter | undefined,
  executionArn: string,
  finding: Finding,
  at: Date,
): Promise<{ remediation: RemediationResult; decisionReason: string } | undefined> {
  if (counter === undefined) return undefined;
  let problem: string | undefined;
  try {
    if (await reserveSweepSlot(counter, executionArn, finding.findingId, at)) return undefined;
  } catch (error) {
    if (isThrottlingError(error)) throw error;
    problem = describeError(error);
  }
  const cap: CapHold = { scope: 'sweep', limit: `at most ${counter.maxResources} per sweep` };
  return {
    remediation: {
      outcome: 'SKIPPED_CAP',
      apiCalls: finding.plan ?? [],
      before: finding.evidence ?? null,
      ...(finding.iac !== undefined ? { iac: finding.iac } : {}),
      at: at.toISOString(),
      cap,
    },
    decisionReason:
      problem === undefined
        ? `held back by the blast-radius cap: this sweep already has its ${counter.maxResources} remediations ` +
          '(blastRadius.perSweep); not remediated in this sweep'
        : `held back by the blast-radius cap: the sweep's remediation counter could not be updated (${problem}); ` +
          'not remediating without knowing how many this sweep already made',
  };
}

export type { AccountCapContext, BlastRadiusSettings, CapGroup, CapLimit, SweepCounter };
export { applyAccountCaps, capExceeded, capGroups, capNotice, reserveSweepSlot, sweepCapHold };
