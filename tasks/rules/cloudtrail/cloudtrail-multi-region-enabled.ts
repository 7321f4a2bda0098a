/**
 * cloudtrail-multi-region-enabled: the account has at least one multi-region trail that is logging
 * and records read and write management events, none excluded (FSBP CloudTrail.1, CIS 3.1). One
 * finding per account: a multi-region trail covers every region, so it is judged on the account's
 * `Warden::CloudTrail::AccountTrails` item (`tasks/shared/inventory/cloudtrail-trails.ts`), which
 * lists the account's own multi-region trails and the organization trail that logs it, each with
 * `isLogging` (GetTrailStatus) and its event selectors (see `./management-events.ts`).
 *
 * Never guesses: when no listed trail qualifies and the status or selectors of one of them could not
 * be read, the finding is an ERROR. Notify only: a trail needs a log bucket with the right policy and
 * costs money for every copy beyond the first.
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { booleanOf, isRecord, listOf, stringOf } from '../ci-values';
import { defineRule } from '../rule';
import { describeManagementEvents, managementEvents } from './management-events';

const parameters = z.object({}).strict();

type CloudtrailMultiRegionEnabledParams = z.infer<typeof parameters>;

interface TrailVerdict {
  readonly name: string;
  readonly qualifies: boolean;
  /** What keeps it from qualifying; `undefined` when that could not be read. */
  readonly problem?: string;
  readonly evidence: Record<string, unknown>;
}

function verdictOf(trail: Record<string, unknown>): TrailVerdict {
  const name = stringOf(trail.name) ?? stringOf(trail.trailARN) ?? '(unnamed trail)';
  const logging = booleanOf(trail.isLogging);
  const events = managementEvents(trail.eventSelectors, trail.advancedEventSelectors);
  const evidence = {
    name,
    isOrganizationTrail: booleanOf(trail.isOrganizationTrail) ?? false,
    isLogging: logging ?? null,
    managementEvents: events === undefined ? null : describeManagementEvents(events),
  };
  const problems = [
    ...(logging === false ? ['is not logging'] : []),
    ...(events !== undefined && !(events.read && events.write && events.excludedSources.length === 0)
      ? [`records management events: ${describeManagementEvents(events)}`]
      : []),
  ];
  if (problems.length > 0) return { name, qualifies: false, problem: problems.join(' and '), evidence };
  if (logging === undefined || events === undefined) return { name, qualifies: false, evidence };
  return { name, qualifies: true, evidence };
}

function evaluate(ci: ConfigurationItem): Evaluation {
  if (isGone(ci))
    return { status: 'NOT_APPLICABLE', message: `Account ${ci.accountId}: no trail summary (${ci.status})` };
  const verdicts = listOf(ci.configuration.multiRegionTrails).filter(isRecord).map(verdictOf);
  const evidence = { multiRegionTrails: verdicts.map((v) => v.evidence) };
  const good = verdicts.find((v) => v.qualifies);
  if (good !== undefined) {
    return {
      status: 'COMPLIANT',
      message: `Account ${ci.accountId} is logged by multi-region trail ${good.name}, recording read and write management events`,
      evidence,
    };
  }
  const unreadable = verdicts.filter((v) => v.problem === undefined);
  if (unreadable.length > 0) {
    const why = Object.entries(ci.unknown ?? {})
      .map(([part, error]) => `${part}: ${error}`)
      .join(', ');
    throw new UnknownPropertyError(
      'multiRegionTrails',
      `the logging state or event selectors of ${unreadable.map((v) => v.name).join(', ')} could not be read${why === '' ? '' : ` (${why})`}`,
    );
  }
  if (verdicts.length === 0) {
    return {
      status: 'NON_COMPLIANT',
      message: `Account ${ci.accountId} has no multi-region CloudTrail trail: API activity in its regions is not recorded`,
      evidence,
    };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `Account ${ci.accountId} has no multi-region trail that logs read and write management events: ${verdicts.map((v) => `${v.name} ${v.problem}`).join('; ')}`,
    evidence,
  };
}

const cloudtrailMultiRegionEnabled = defineRule<CloudtrailMultiRegionEnabledParams>({
  id: 'cloudtrail-multi-region-enabled',
  title: 'A multi-region CloudTrail trail logs read and write management events',
  severity: 'HIGH',
  controls: ['FSBP CloudTrail.1', 'CIS 3.1'],
  controlsNote:
    'Judged once per account, as a multi-region trail covers every region; an organization trail of the management account counts for the member accounts it logs. Excluded management event sources (KMS, RDS Data API) fail it, as they fail the multi-region-cloudtrail-enabled Config rule behind CloudTrail.1.',
  rationale:
    'Without a logging multi-region trail that records read and write management events, API activity in a region nobody watches, or read calls that map an account before an attack, leave no record to investigate. Creating a trail needs a log bucket with a bucket policy and costs money beyond the first copy, so the rule notifies the owner instead of creating one.',
  resourceTypes: ['Warden::CloudTrail::AccountTrails'],
  // Sweep only: no CloudTrail extractor names this account-level item yet (tasks/shared/events/resource-refs.ts);
  // StopLogging and DeleteTrail are notified at once by the cloudtrail-logging-stopped event rule.
  triggers: { sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'AWS::CloudTrail::Trail IsMultiRegionTrail / IsLogging / EventSelectors',
    change:
      'set IsMultiRegionTrail: true and IsLogging: true, with an event selector recording ReadWriteType All management events and no ExcludeManagementEventSources',
    cdk: "new cloudtrail.Trail(this, 'Trail', { isMultiRegionTrail: true, managementEvents: cloudtrail.ReadWriteType.ALL })",
    terraform:
      'is_multi_region_trail = true, enable_logging = true and event_selector { read_write_type = "All", include_management_events = true } on aws_cloudtrail',
  },
});

export { type CloudtrailMultiRegionEnabledParams, cloudtrailMultiRegionEnabled };
