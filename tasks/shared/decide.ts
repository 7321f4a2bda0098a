/**
 * What Warden does about a finding (DESIGN §4.3). Pure: the exemption lookup and the mode settings
 * are resolved by the caller and passed in.
 */
import { InvalidInputError } from './errors';
import { type Exemption, findExemption, findUnhonoured, type UnhonouredExemption } from './exemptions';
import type { KillSwitchState } from './kill-switch';
import { type Decision, type Finding, type FindingStatus, MODES, type Mode } from './model';

function modeRank(mode: Mode): number {
  const rank = MODES.indexOf(mode);
  if (rank === -1) throw new InvalidInputError(`unknown mode '${String(mode)}'; expected one of ${MODES.join(', ')}`);
  return rank;
}

/**
 * The most conservative of the given modes (`audit` < `notify` < `remediate`): the global kill
 * switch, the account/OU setting, the rule setting and the execution's mode. Undefined entries
 * (settings nobody made) are ignored. With none at all it throws rather than guess: defaulting to
 * `remediate` would be unsafe and defaulting to anything else would hide a wiring bug.
 */
function effectiveMode(...modes: (Mode | undefined)[]): Mode {
  const given = modes.filter((m): m is Mode => m !== undefined);
  const first = given[0];
  if (first === undefined) throw new InvalidInputError('effectiveMode: at least one mode is required');
  return given.reduce((most, m) => (modeRank(m) < modeRank(most) ? m : most), first);
}

interface DecideInput {
  readonly status: FindingStatus;
  /** The effective mode (see `effectiveMode`). */
  readonly mode: Mode;
  /** Whether the rule has a remediation (and therefore a plan). */
  readonly hasRemediation: boolean;
  /** The exemption `findExemption` chose for this finding (already known to match and be active). */
  readonly exemption?: Exemption;
  /** Set when the exemption lookup itself failed (DynamoDB error, unreadable file, …): why. */
  readonly exemptionLookupError?: string;
  /**
   * An item that is not honoured (invalid, or refused by the exemption policy) but covers this
   * finding: it exempts nothing, and it turns a REMEDIATE into NOTIFY naming its problem.
   */
  readonly unhonoured?: Pick<UnhonouredExemption, 'exemptionId' | 'problem'>;
}

interface DecideResult {
  readonly decision: Decision;
  /** A short human sentence saying why. */
  readonly reason: string;
  /** The exemption that shaped the decision (EXEMPT, or NOTIFY because of NOTIFY_ONLY). */
  readonly exemptionId?: string;
}

/**
 * DESIGN §4.3, in order:
 * - COMPLIANT / NOT_APPLICABLE → NONE.
 * - ERROR → NOTIFY, even with a matching exemption: an error means the resource could not be
 *   evaluated, so no exemption can be trusted to cover what happened.
 * - NON_COMPLIANT, exemption lookup failed → NOTIFY: never remediate and never stay silent when we
 *   cannot tell whether the resource is exempt.
 * - NON_COMPLIANT, matching SUPPRESS → EXEMPT; matching NOTIFY_ONLY → NOTIFY.
 * - otherwise by mode: audit → NONE (still reported), notify → NOTIFY, remediate → REMEDIATE when the
 *   rule has a remediation, else NOTIFY.
 * - a REMEDIATE is NOTIFY instead when an item that is not honoured covers the finding: someone
 *   meant to protect this resource, and a malformed or policy-breaking item must cost a
 *   notification, never an unwanted change (nor, by being dropped, a silent one).
 * - audit is report only, whatever the finding: every NOTIFY above becomes NONE, its reason saying
 *   what it would have been (the report shows it). Audit mode sends no message about a resource —
 *   the operator chose it (a first deploy, the kill switch); what Warden could not do (an account it
 *   could not sweep) still reaches operators, from the state machine (README, Configuration: what each mode means).
 */
function decide(input: DecideInput): DecideResult {
  const decided = decideUnlessAudit(input);
  if (input.mode !== 'audit' || decided.decision !== 'NOTIFY') return decided;
  return { ...decided, decision: 'NONE', reason: `mode is audit: reported only (otherwise: ${decided.reason})` };
}

function decideUnlessAudit(input: DecideInput): DecideResult {
  const { status, mode, hasRemediation, exemption, exemptionLookupError, unhonoured } = input;
  switch (status) {
    case 'COMPLIANT':
      return { decision: 'NONE', reason: 'resource is compliant' };
    case 'NOT_APPLICABLE':
      return { decision: 'NONE', reason: 'rule does not apply to this resource' };
    case 'ERROR':
      return {
        decision: 'NOTIFY',
        reason:
          exemption === undefined
            ? 'the rule could not evaluate the resource; evaluation errors are always notified'
            : `the rule could not evaluate the resource; evaluation errors are always notified (exemption ${exemption.exemptionId} does not cover errors)`,
      };
    case 'NON_COMPLIANT':
      break;
    default:
      throw new InvalidInputError(`decide: unknown finding status '${String(status)}'`);
  }

  if (exemptionLookupError !== undefined) {
    return {
      decision: 'NOTIFY',
      reason: `exemption lookup failed (${exemptionLookupError}): notifying instead of acting`,
    };
  }

  if (exemption !== undefined) {
    if (exemption.effect === 'SUPPRESS') {
      return {
        decision: 'EXEMPT',
        reason: `exempted by ${exemption.exemptionId} until ${exemption.expiresAt}: ${exemption.reason}`,
        exemptionId: exemption.exemptionId,
      };
    }
    return {
      decision: 'NOTIFY',
      reason: `exemption ${exemption.exemptionId} (notify only) until ${exemption.expiresAt}: ${exemption.reason}`,
      exemptionId: exemption.exemptionId,
    };
  }

  modeRank(mode);
  switch (mode) {
    case 'audit':
      return { decision: 'NONE', reason: 'mode is audit: reported only' };
    case 'notify':
      return { decision: 'NOTIFY', reason: 'mode is notify' };
    case 'remediate':
      if (!hasRemediation) return { decision: 'NOTIFY', reason: 'mode is remediate but the rule has no remediation' };
      if (unhonoured !== undefined) {
        return {
          decision: 'NOTIFY',
          reason: `exemption ${unhonoured.exemptionId} covers this resource but is not honoured (${unhonoured.problem}): notifying instead of remediating`,
        };
      }
      return { decision: 'REMEDIATE', reason: 'mode is remediate' };
  }
}

/** What deciding one account's findings needs, resolved once per account. */
interface FindingDecisionContext {
  /** The account's valid exemptions; undefined when they could not be read (`exemptionLookupError`). */
  readonly exemptions: readonly Exemption[] | undefined;
  /** The account's items that are not honoured, with the scope they still cover. @default none */
  readonly unhonoured?: readonly UnhonouredExemption[];
  readonly exemptionLookupError?: string;
  /** The execution's mode and the account's ceiling (its own and its OU's). */
  readonly executionMode: Mode;
  readonly accountMode?: Mode;
  /** Each enabled rule's mode. */
  readonly ruleModes: ReadonlyMap<string, Mode>;
  /** Rule ids that have a remediation. */
  readonly remediable: ReadonlySet<string>;
  readonly killSwitch: KillSwitchState;
  /** The instant exemptions are judged at. */
  readonly at: Date;
}

/** What deciding reads of a finding (an informational match is decided as one too). */
type DecisionSubject = Pick<Finding, 'ruleId' | 'accountId' | 'region' | 'arn' | 'status' | 'plan' | 'evidence'> &
  Partial<Pick<Finding, 'tags'>>;

/**
 * One finding decided (DESIGN §4.3) in its account's context: the matching exemption, the effective
 * mode, and the reason — naming the kill switch when it is what held Warden back.
 */
function decideFinding<F extends DecisionSubject>(
  finding: F,
  ctx: FindingDecisionContext,
): F & { readonly decision: Decision; readonly decisionReason: string; readonly exemptionId?: string } {
  const target = {
    ruleId: finding.ruleId,
    accountId: finding.accountId,
    region: finding.region,
    arn: finding.arn,
    ...(finding.tags === undefined ? {} : { tags: finding.tags }),
  };
  const exemption = ctx.exemptions === undefined ? undefined : findExemption(ctx.exemptions, target, ctx.at);
  const unhonoured = ctx.unhonoured === undefined ? undefined : findUnhonoured(ctx.unhonoured, target, ctx.at);
  const mode = effectiveMode(
    ctx.executionMode,
    ctx.accountMode,
    ctx.ruleModes.get(finding.ruleId),
    ctx.killSwitch.ceiling,
  );
  const { decision, reason, exemptionId } = decide({
    status: finding.status,
    mode,
    hasRemediation: ctx.remediable.has(finding.ruleId) && finding.plan !== undefined && finding.plan.length > 0,
    ...(exemption !== undefined ? { exemption } : {}),
    ...(ctx.exemptionLookupError !== undefined ? { exemptionLookupError: ctx.exemptionLookupError } : {}),
    ...(unhonoured !== undefined ? { unhonoured } : {}),
  });
  const heldBack = ctx.killSwitch.ceiling !== undefined && mode === ctx.killSwitch.ceiling;
  // A remediable rule whose plan could not be made says why, rather than "has no remediation".
  const planError = finding.evidence?.planError;
  const because =
    mode === 'remediate' &&
    decision === 'NOTIFY' &&
    finding.status === 'NON_COMPLIANT' &&
    exemptionId === undefined &&
    ctx.exemptionLookupError === undefined &&
    ctx.remediable.has(finding.ruleId) &&
    typeof planError === 'string'
      ? `mode is remediate but no remediation was planned: ${planError}`
      : reason;
  return {
    ...finding,
    decision,
    decisionReason: heldBack ? `${because} (${ctx.killSwitch.reason})` : because,
    ...(exemptionId !== undefined ? { exemptionId } : {}),
  };
}

export type { DecideInput, DecideResult, DecisionSubject, FindingDecisionContext };
export { decide, decideFinding, effectiveMode };
