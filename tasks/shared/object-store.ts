/**
 * Where tasks keep what is too large for a state payload (inventories, findings, reports):
 * S3 when deployed, memory when the sweep runs locally. Keys are the same in both.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

interface ObjectStore {
  putJson(key: string, value: unknown): Promise<void>;
  putText(key: string, text: string, contentType: string): Promise<void>;
  getJson<T>(key: string): Promise<T>;
}

class S3ObjectStore implements ObjectStore {
  public constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  public async putJson(key: string, value: unknown): Promise<void> {
    await this.putText(key, JSON.stringify(value), 'application/json');
  }

  public async putText(key: string, text: string, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: text, ContentType: contentType }));
  }

  public async getJson<T>(key: string): Promise<T> {
    const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const text = await res.Body?.transformToString('utf-8');
    if (text === undefined) throw new Error(`s3://${this.bucket}/${key} has no body`);
    return JSON.parse(text) as T;
  }
}

/**
 * Every prefix of the artifacts bucket, by name: the one table that the keys below, the state
 * machines' S3 readers and writers, the tasks' grants (their manifests, tasks/<task>/task.ts), the
 * bucket's lifecycle rules and the cdk-nag acknowledgements (infra/nag.ts) are made from.
 * `kept: false` marks a sweep's working objects, passed between its states, which the bucket
 * expires after 30 days; the reports and the remediation records as JSON lines are kept for audit.
 */
const ARTIFACT_PREFIXES = {
  inventories: { prefix: 'inventories/', kept: false },
  findings: { prefix: 'findings/', kept: false },
  decisions: { prefix: 'decisions/', kept: false },
  /** The sweep's target list, read by `For each account` (its ItemReader). */
  targets: { prefix: 'targets/', kept: false },
  /**
   * Where `Resolve targets` stores the registry and exemption items that failed validation, for
   * `Summarize` to list in the report (the only writer and the only reader of this prefix).
   */
  invalidItems: { prefix: 'invalid-items/', kept: false },
  /** Where `For each account` (its ResultWriter) exports its child executions' results. */
  accountResults: { prefix: 'account-results/', kept: false },
  notifications: { prefix: 'notifications/', kept: false },
  remediations: { prefix: 'remediations/', kept: false },
  outcomes: { prefix: 'outcomes/', kept: false },
  reports: { prefix: 'reports/', kept: true },
  ledger: { prefix: 'ledger/', kept: true },
} as const;

type ArtifactPrefixName = keyof typeof ARTIFACT_PREFIXES;
type ArtifactPrefix = (typeof ARTIFACT_PREFIXES)[ArtifactPrefixName]['prefix'];

/** The prefix named `name`, e.g. `prefixOf('inventories')` → `inventories/`. */
function prefixOf(name: ArtifactPrefixName): ArtifactPrefix {
  return ARTIFACT_PREFIXES[name].prefix;
}

/** Prefixes of a sweep's working objects, passed between its states: the bucket expires them after 30 days. */
const WORKING_PREFIXES: readonly ArtifactPrefix[] = Object.values(ARTIFACT_PREFIXES)
  .filter((p) => !p.kept)
  .map((p) => p.prefix);

/** Keys under which one sweep keeps its artifacts. */
const artifactKeys = {
  /** The sweep's target list, read by `For each account` (its ItemReader). */
  targets: (sweepId: string) => `${prefixOf('targets')}${sweepId}.json`,
  /** The Accounts items that are not swept because they fail validation (`InvalidTarget[]`). */
  invalidTargets: (sweepId: string) => `${prefixOf('invalidItems')}${sweepId}/accounts.json`,
  /** The Exemptions items that never match because they fail validation (`ExemptionProblem[]`). */
  exemptionProblems: (sweepId: string) => `${prefixOf('invalidItems')}${sweepId}/exemptions.json`,
  /** The configuration item a Config change event carries, stored by `Normalize event` for `Fetch current state`. */
  eventItem: (sweepId: string) => `${prefixOf('inventories')}${sweepId}/event-item.json`,
  inventory: (sweepId: string, accountId: string) => `${prefixOf('inventories')}${sweepId}/${accountId}.json`,
  findings: (sweepId: string, accountId: string) => `${prefixOf('findings')}${sweepId}/${accountId}.json`,
  decisions: (sweepId: string, accountId: string) => `${prefixOf('decisions')}${sweepId}/${accountId}.json`,
  /** One page of an account-region's REMEDIATE findings (tasks/shared/remediation-pages.ts). */
  remediationPage: (sweepId: string, accountId: string, region: string, n: number) =>
    `${prefixOf('remediations')}${sweepId}/${accountId}/${region}/${n}.json`,
  /** What one remediation page's findings became (`Save outcomes`): the page's key, under `outcomes/`. */
  outcomesOf: (remediationPage: string) =>
    `${prefixOf('outcomes')}${remediationPage.slice(prefixOf('remediations').length)}`,
  /** What `Notify owners` sent: one entry per owner digest, with the findings it carried. */
  ownerNotices: (sweepId: string) => `${prefixOf('notifications')}${sweepId}.json`,
  report: (sweepId: string) => `${prefixOf('reports')}${sweepId}/report.json`,
  reportMarkdown: (sweepId: string) => `${prefixOf('reports')}${sweepId}/report.md`,
  /** `ledger/yyyy/mm/dd/<execution>.jsonl`: one sweep's remediation records, one JSON document a line. */
  ledgerLines: (startedAt: string, executionName: string) =>
    `${prefixOf('ledger')}${startedAt.slice(0, 4)}/${startedAt.slice(5, 7)}/${startedAt.slice(8, 10)}/${executionName}.jsonl`,
};

export type { ArtifactPrefix, ArtifactPrefixName, ObjectStore };
export { ARTIFACT_PREFIXES, artifactKeys, prefixOf, S3ObjectStore, WORKING_PREFIXES };
