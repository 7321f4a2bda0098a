/**
 * `Remediate`: applies one finding's planned API calls in its account-region with the
 * WardenRemediate role, then reads the resource back. Offline, or with `dryRun`, nothing is sent
 * and the outcome is PLANNED. A failure to apply is an outcome (FAILED, recorded and notified),
 * not a crash; only throttling propagates, so the state's Retry can back off.
 */
import { z } from 'zod';
import { ruleById } from '../rules/index';
import type { AwsClients } from '../rules/rule';
import { describeError } from '../shared/errors';
import type { ConfigurationItem, Finding, Notification, RemediationResult } from '../shared/model';
import { composeNotification } from '../shared/notification';
import { AccountTargetSchema, FindingSchema, parseInput, SweepSchema } from '../shared/schemas';
import { isThrottling } from '../shared/throttling';

interface RemediateDeps {
  /** SDK clients holding the remediation role's credentials; absent offline, where nothing is ever sent. */
  readonly clientsFor?: (accountId: string, region: string) => Promise<AwsClients>;
  readonly now?: () => Date;
}

const RemediateInputSchema = z
  .object({
    finding: FindingSchema,
    target: AccountTargetSchema,
    sweep: SweepSchema,
  })
  .passthrough();

interface RemediateOutput {
  readonly remediation: RemediationResult;
  readonly notification: Notification;
  readonly [key: string]: unknown;
}

function createRemediate(deps: RemediateDeps) {
  const now = deps.now ?? (() => new Date());
  return async (event: unknown): Promise<RemediateOutput> => {
    const state = parseInput(RemediateInputSchema, event, 'Remediate input');
    const finding = state.finding as unknown as Finding;
    const remediation = await remediate(finding, state.sweep.dryRun, deps, now);
    const notification = composeNotification(
      { ...finding, remediation },
      {
        accountAlias: state.target.alias,
        ...(state.target.owner !== undefined ? { owner: state.target.owner } : {}),
        executionName: state.sweep.executionName,
      },
    );
    return {
      ...state,
      remediation,
      notification: {
        ...notification,
        attributes: { owner: state.target.owner ?? 'unassigned', ...notification.attributes },
      },
    };
  };
}

async function remediate(
  finding: Finding,
  dryRun: boolean,
  deps: RemediateDeps,
  now: () => Date,
): Promise<RemediationResult> {
  const apiCalls = finding.plan ?? [];
  const base = {
    apiCalls,
    before: finding.evidence ?? null,
    ...(finding.iac !== undefined ? { iac: finding.iac } : {}),
  };
  const rule = ruleById(finding.ruleId);
  if (rule?.remediation === undefined || apiCalls.length === 0) {
    return {
      ...base,
      outcome: 'FAILED',
      error: `rule ${finding.ruleId} has no remediation plan`,
      at: now().toISOString(),
    };
  }
  if (dryRun || deps.clientsFor === undefined) {
    return { ...base, outcome: 'PLANNED', at: now().toISOString() };
  }
  try {
    const clients = await deps.clientsFor(finding.accountId, finding.region);
    const { after } = await rule.remediation.apply(clients, apiCalls, ciOf(finding));
    return { ...base, outcome: 'SUCCEEDED', after: after ?? null, at: now().toISOString() };
  } catch (error) {
    if (isThrottling(error)) throw error;
    return { ...base, outcome: 'FAILED', error: describeError(error), at: now().toISOString() };
  }
}

/** The part of the configuration item a remediation's `apply` may rely on: identity and tags. */
function ciOf(finding: Finding): ConfigurationItem {
  return {
    resourceType: finding.resourceType,
    resourceId: finding.resourceId,
    arn: finding.arn,
    accountId: finding.accountId,
    region: finding.region,
    status: 'OK',
    configuration: {},
    supplementaryConfiguration: {},
    tags: finding.tags,
    relationships: [],
  };
}

export type { RemediateDeps, RemediateOutput };
export { createRemediate };
