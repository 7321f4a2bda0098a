/**
 * securityhub-enabled: Security Hub is enabled in each region of the account, judged on the region's
 * `Warden::SecurityHub::RegionStatus` item (`tasks/shared/inventory/securityhub-hub.ts`:
 * `configuration.enabled`, from DescribeHub; "not subscribed" is `false`, a denied call is unknown and
 * the finding an ERROR). Notify only: Security Hub is billed per check and per finding ingested.
 */
import { z } from 'zod';
import { isGone, requireKnown } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { booleanOf, stringOf } from '../ci-values';
import { defineRule } from '../rule';

const parameters = z.object({}).strict();

type SecurityhubEnabledParams = z.infer<typeof parameters>;

function evaluate(ci: ConfigurationItem): Evaluation {
  const where = `${ci.accountId}/${ci.region}`;
  if (isGone(ci)) return { status: 'NOT_APPLICABLE', message: `No Security Hub status for ${where} (${ci.status})` };
  requireKnown(ci, 'enabled');
  const enabled = booleanOf(ci.configuration.enabled);
  if (enabled === undefined) throw new UnknownPropertyError('enabled', 'not recorded in the item');
  if (enabled) {
    const since = stringOf(ci.configuration.subscribedAt);
    return {
      status: 'COMPLIANT',
      message: `Security Hub is enabled in ${where}${since === undefined ? '' : ` since ${since}`}`,
      evidence: { enabled: true, hubArn: stringOf(ci.configuration.hubArn) ?? null },
    };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `Security Hub is not enabled in ${where}: the region's findings are not gathered or checked against the standards`,
    evidence: { enabled: false, reason: stringOf(ci.configuration.notEnabledReason) ?? null },
  };
}

const securityhubEnabled = defineRule<SecurityhubEnabledParams>({
  id: 'securityhub-enabled',
  title: 'Security Hub is enabled in every region',
  severity: 'MEDIUM',
  controls: ['CIS 4.16'],
  controlsNote:
    'No FSBP control: Security Hub cannot report that it is itself off, so its standards have no such check (the securityhub-enabled AWS Config managed rule does). CIS AWS Foundations Benchmark v3.0.0 4.16 asks for it; Security Hub does not implement that recommendation either.',
  rationale:
    "Security Hub gathers the region's GuardDuty, Inspector and Config findings in one place and runs the FSBP and CIS checks; a region without it is left out of the organization's security posture. It is billed per check and per ingested finding, so the rule notifies the account owner instead of enabling it.",
  resourceTypes: ['Warden::SecurityHub::RegionStatus'],
  // Sweep only: no CloudTrail extractor names this item.
  triggers: { sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'AWS::SecurityHub::Hub',
    change:
      'declare an AWS::SecurityHub::Hub in the region (or enable it organization-wide from the delegated administrator)',
    cdk: "new securityhub.CfnHub(this, 'Hub')",
    terraform: 'resource "aws_securityhub_account" … {}',
  },
});

export { type SecurityhubEnabledParams, securityhubEnabled };
