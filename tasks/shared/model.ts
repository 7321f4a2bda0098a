/**
 * The data model every part of Warden shares: configuration items (the one resource model),
 * findings, decisions, remediation records and account targets. See DESIGN §3–§4.
 */

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Rule modes, ordered from the most to the least conservative. */
export const MODES = ['audit', 'notify', 'remediate'] as const;
export type Mode = (typeof MODES)[number];

export type EvaluationStatus = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';
/** `ERROR` is never returned by a rule: it is what a rule that throws (or cannot see its input) yields. */
export type FindingStatus = EvaluationStatus | 'ERROR';
export type Decision = 'REMEDIATE' | 'NOTIFY' | 'EXEMPT' | 'NONE';
/**
 * What a remediation became (DESIGN §4.4). Only what is true:
 * - `PLANNED`: not sent (dry run, offline, kill switch);
 * - `SUCCEEDED`: sent, and the resource read back afterwards is COMPLIANT (verified);
 * - `SENT_UNVERIFIED`: sent and accepted by AWS, but the read-back failed or could not be judged;
 * - `FAILED`: nothing could be sent (the write was refused, or the live state could not be read
 *   first), or it was sent and the read-back is still NON_COMPLIANT (`after` = that live state);
 * - `SKIPPED_LOOP`: not sent, the loop breaker held it back;
 * - `SKIPPED_ALREADY_COMPLIANT`: not sent, the live state read right before was no longer non-compliant;
 * - `SKIPPED_CAP`: not sent, a blast-radius cap held it back (decision NOTIFY).
 */
export type Outcome =
  | 'PLANNED'
  | 'SUCCEEDED'
  | 'SENT_UNVERIFIED'
  | 'FAILED'
  | 'SKIPPED_LOOP'
  | 'SKIPPED_ALREADY_COMPLIANT'
  | 'SKIPPED_CAP';

/** Outcomes whose write AWS accepted: what the loop breaker counts and drift receipts are made of. */
export const SENT_OUTCOMES: readonly Outcome[] = ['SUCCEEDED', 'SENT_UNVERIFIED'];

/**
 * An AWS Config configuration item, normalized once at the edge (see `tasks/shared/ci.ts`) so
 * rules see one shape whatever the source: 1.3 notification flavour, 1.2 snapshot flavour,
 * SelectResourceConfig rows, or the live collectors.
 */
export interface ConfigurationItem {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName?: string;
  readonly arn: string;
  readonly accountId: string;
  readonly region: string;
  readonly availabilityZone?: string;
  /** `configurationItemStatus`: OK, ResourceDiscovered, ResourceDeleted, ResourceNotRecorded, … */
  readonly status: string;
  readonly captureTime?: string;
  /** camelCase, as Config records it; JSON strings already decoded. */
  readonly configuration: Record<string, unknown>;
  /** As Config records it (e.g. `ServerSideEncryptionConfiguration`); JSON strings already decoded. */
  readonly supplementaryConfiguration: Record<string, unknown>;
  readonly tags: Record<string, string>;
  readonly relationships: readonly Relationship[];
  /**
   * Properties the collector could not read, with why (e.g. `{ServerSideEncryptionConfiguration: 'AccessDenied'}`).
   * A rule that needs one of them yields an `ERROR` finding, never a compliant one.
   */
  readonly unknown?: Record<string, string>;
}

export interface Relationship {
  readonly resourceType: string;
  readonly resourceId?: string;
  readonly resourceName?: string;
  readonly name: string;
}

/** One AWS SDK call, exactly as it would be sent: `service` is the SDK client (`s3`, `ec2`), `operation` the API name. */
export interface ApiCall {
  readonly service: string;
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

export interface Evaluation {
  readonly status: EvaluationStatus;
  readonly message: string;
  readonly evidence?: Record<string, unknown>;
}

/** Where the fix belongs in the owner's infrastructure-as-code (DESIGN §4.4). */
export interface IacHint {
  readonly tool: 'cloudformation' | 'cdk' | 'terraform' | 'unknown';
  readonly stack?: string;
  readonly logicalId?: string;
  readonly propertyPath: string;
  readonly suggestedChange: string;
  readonly cdk?: string;
  readonly terraform?: string;
}

export interface RemediationResult {
  readonly outcome: Outcome;
  /** The calls AWS accepted when anything was sent (`sent`), else the plan that was not sent. */
  readonly apiCalls: readonly ApiCall[];
  /** Whether AWS accepted at least one write (absent when unknown, e.g. the task crashed). */
  readonly sent?: boolean;
  /** Why the outcome is what it is, for outcomes that are not self-explanatory (skips, verification). */
  readonly reason?: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly error?: string;
  readonly at?: string;
  readonly iac?: IacHint;
  /** With outcome SKIPPED_CAP: the blast-radius cap that held it back (tasks/shared/blast-radius.ts). */
  readonly cap?: CapHold;
}

/** Which blast-radius cap held a remediation back, and by how much it was over. */
export interface CapHold {
  /** `rule`: the rule's remediations in one account; `account`: all of one account's; `sweep`: the whole sweep's. */
  readonly scope: 'rule' | 'account' | 'sweep';
  /** The limit, in words (`at most 50 and 20 % of those evaluated`). */
  readonly limit: string;
  /** How many remediations were wanted in that scope (rule and account caps). */
  readonly wanted?: number;
  /** Of how many resources evaluated in that scope (rule and account caps). */
  readonly evaluated?: number;
}

export interface Notification {
  readonly subject: string;
  readonly message: string;
  readonly attributes: Record<string, string>;
}

/** What travels through the per-finding states: everything needed to decide, act and report. */
export interface Finding {
  readonly findingId: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly arn: string;
  readonly status: 'NON_COMPLIANT' | 'ERROR';
  readonly message: string;
  readonly evidence?: Record<string, unknown>;
  readonly tags: Record<string, string>;
  /** The exact SDK calls that would fix it, when the rule has a remediation. */
  readonly plan?: readonly ApiCall[];
  readonly iac?: IacHint;
  readonly decision?: Decision;
  readonly decisionReason?: string;
  readonly exemptionId?: string;
  readonly remediation?: RemediationResult;
  readonly notification?: Notification;
}

export type RuleCounts = Record<EvaluationStatus | 'ERROR', number>;

/** A rule's counts before anything was evaluated. */
export function emptyCounts(): RuleCounts {
  return { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, ERROR: 0 };
}

/**
 * Resource types whose setting applies to the whole account, whatever region Config recorded them in:
 * the S3 account-level public access block covers every bucket of the account in every region.
 */
export const ACCOUNT_WIDE_RESOURCE_TYPES: ReadonlySet<string> = new Set(['AWS::S3::AccountPublicAccessBlock']);

/** One account to sweep (an `Accounts` item, `--accounts FILE` entry, or AWS Organizations account). */
export interface AccountTarget {
  readonly accountId: string;
  readonly alias: string;
  readonly owner?: string;
  readonly ou?: string;
  readonly regions: readonly string[];
  /** The most this account allows Warden to do. @default 'remediate' */
  readonly mode?: Mode;
  /**
   * Where `Collect resources` reads the account: the service APIs (`api`) or, when AWS Config records
   * it, Config advanced queries (`config`: the central aggregator if one is configured, else
   * SelectResourceConfig in each region). @default 'api'
   */
  readonly source?: 'api' | 'config';
}

export interface ExemptionProblem {
  readonly exemptionId: string;
  readonly problem: string;
}
