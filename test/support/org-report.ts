/**
 * A `--json` sweep report the size of an organisation, for the HTML report at scale (issue 20,
 * item 9): `accounts` accounts (a few unreachable), `findings` findings over the catalogue's rules,
 * every decision and severity, exempt findings, planned remediations, drift, an expired exemption,
 * files not read, findings new since the last sweep and hostile text in messages. Deterministic: the same sizes give the same report,
 * so a test (or scripts/report-html.ts) can feed `renderHtmlReport` directly rather than sweep 200
 * accounts.
 */
import { RULES } from '../../tasks/rules/index';

/** A small linear congruential generator: the same seed, the same report. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const NOW = '2026-12-02T06:00:00.000Z';
const WEEK_AGO = '2026-11-25T06:00:00.000Z';
const HOSTILE = '<img src=x onerror="alert(1)"></script>\u2028';

interface OrgReportOptions {
  readonly accounts?: number;
  readonly findings?: number;
  /** Every `unreachableEvery`-th account could not be swept. @default 40 */
  readonly unreachableEvery?: number;
  readonly seed?: number;
}

function accountId(i: number): string {
  return String(100000000000 + i * 7919).padStart(12, '0');
}

function orgReport(options: OrgReportOptions = {}) {
  const n = options.accounts ?? 200;
  const total = options.findings ?? 2000;
  const every = options.unreachableEvery ?? 40;
  const next = random(options.seed ?? 20);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const accounts = Array.from({ length: n }, (_, i) => ({
    accountId: accountId(i),
    alias: `team-${String(i).padStart(3, '0')}-${pick(['prod', 'staging', 'dev', 'sandbox'])}`,
    status: i % every === every - 1 ? 'UNREACHABLE' : 'OK',
    error: i % every === every - 1 ? `Cannot assume arn:aws:iam::${accountId(i)}:role/WardenAudit` : null,
  }));
  const reachable = accounts.filter((a) => a.status === 'OK');
  // Findings cluster in a third of the catalogue, as a real estate's do.
  const rules = RULES.filter((_, i) => i % 3 === 0);
  const counts: Record<string, Record<string, number>> = {};
  for (const r of RULES) counts[r.id] = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, ERROR: 0 };
  const findings = Array.from({ length: total }, (_, i) => {
    const rule = pick(rules);
    const account = pick(reachable);
    const region = pick(REGIONS);
    const resourceId = `res-${String(i).padStart(5, '0')}`;
    const decision = i % 10 === 3 ? 'EXEMPT' : pick(['REMEDIATE', 'NOTIFY', 'NOTIFY', 'NONE']);
    const status = i % 97 === 0 ? 'ERROR' : 'NON_COMPLIANT';
    const counted = counts[rule.id];
    if (counted !== undefined) counted[status] = (counted[status] ?? 0) + 1;
    // Every 8th finding is new since the previous sweep; the others were first seen a week ago.
    const fresh = i % 8 === 5;
    return {
      findingId: `f${String(i).padStart(5, '0')}`,
      firstSeen: fresh ? NOW : WEEK_AGO,
      lastSeen: NOW,
      new: fresh,
      ruleId: rule.id,
      accountId: account.accountId,
      region,
      resourceType: rule.resourceTypes[0] ?? 'AWS::S3::Bucket',
      resourceId,
      arn: `arn:aws:${rule.id.split('-')[0]}:${region}:${account.accountId}:${resourceId}`,
      status,
      decision,
      exemptionId: decision === 'EXEMPT' ? `ex-${rule.id}-${account.accountId}` : null,
      message: `${rule.title}: ${resourceId}${i % 250 === 7 ? ` named ${HOSTILE}` : ''}`,
      severity: rule.severity,
      decisionReason:
        decision === 'EXEMPT' ? 'exempted' : `mode is ${decision === 'REMEDIATE' ? 'remediate' : 'notify'}`,
      notified: decision === 'NONE' ? 'NONE' : 'OUTBOX',
      remediation:
        decision === 'REMEDIATE'
          ? {
              outcome: 'PLANNED',
              apiCalls: [
                { service: rule.id.split('-')[0], operation: 'PutSomething', input: { Resource: resourceId } },
              ],
              error: null,
              iac: null,
            }
          : null,
    };
  });
  return {
    execution: {
      name: 'sweep-org-200',
      status: 'SUCCEEDED',
      stateTransitions: 12000,
      retries: {},
      error: null,
      cause: null,
    },
    mode: 'remediate',
    dryRun: true,
    resourcesEvaluated: total * 5,
    counts,
    accounts,
    findings,
    notifications: [],
    exemptionProblems: [],
    exemptions: {
      active: 3,
      expired: 1,
      expiringSoon: [],
      stale: [],
      policy: [],
      reminders: [],
      expiredItems: [
        {
          exemptionId: 'ex-legacy-logs-2024',
          ruleId: 's3-bucket-encryption',
          accountId: accountId(1),
          region: '*',
          resource: 'arn:aws:s3:::legacy-logs-*',
          effect: 'SUPPRESS',
          requestedBy: 'data-platform@example.com',
          approvedBy: 'security-office@example.com',
          ticket: 'SEC-0042',
          expiresAt: '2025-01-01T00:00:00Z',
        },
      ],
    },
    drift: [],
    ledgerFailures: [],
    notSwept: [
      { accountId: '999999999999', region: 'us-east-1', configurationItems: 12, reason: 'not in the accounts file' },
    ],
    skippedFiles: [{ file: 'AWSLogs/999/notes.txt', reason: 'not a Config snapshot (.json or .json.gz)' }],
    rejectedItems: [],
    blastRadius: { heldBack: [], notice: null },
    sinceLastSweep: {
      previousExecution: 'sweep-2026-12-01T06-00-00Z',
      previousAt: '2026-12-01T06:00:00.000Z',
      new: findings.filter((f) => f.new).length,
      resolved: 1,
      resolvedFindings: [
        {
          findingId: 'f-gone',
          ruleId: 's3-bucket-encryption',
          accountId: accountId(2),
          region: 'us-east-1',
          resourceId: 'deleted-bucket',
          severity: 'HIGH',
          firstSeen: WEEK_AGO,
          lastSeen: '2026-12-01T06:00:00.000Z',
        },
      ],
    },
  };
}

type OrgReport = ReturnType<typeof orgReport>;

export type { OrgReport, OrgReportOptions };
export { orgReport };
