/**
 * guardduty-enabled: GuardDuty runs in each region of the account (FSBP GuardDuty.1): the region has a
 * detector whose status is `ENABLED`. Judged on the region's `Warden::GuardDuty::RegionStatus` item
 * (`tasks/shared/inventory/guardduty-detectors.ts`, `configuration.detectors[].{detectorId, status}`).
 * No detector means GuardDuty was never enabled here (or its detector was deleted); a `DISABLED` one
 * means it was suspended. Notify only: GuardDuty is billed by the volume of logs it analyses.
 */
import { z } from 'zod';
import { isGone, requireKnown } from '../../shared/ci';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { isRecord, listOf, stringOf } from '../ci-values';
import { defineRule } from '../rule';

const parameters = z.object({}).strict();

type GuarddutyEnabledParams = z.infer<typeof parameters>;

function evaluate(ci: ConfigurationItem): Evaluation {
  const where = `${ci.accountId}/${ci.region}`;
  if (isGone(ci)) return { status: 'NOT_APPLICABLE', message: `No GuardDuty status for ${where} (${ci.status})` };
  requireKnown(ci, 'detectors');
  const detectors = listOf(ci.configuration.detectors)
    .filter(isRecord)
    .map((d) => ({ detectorId: stringOf(d.detectorId) ?? '(unknown id)', status: stringOf(d.status) ?? null }));
  const evidence = { detectors };
  const enabled = detectors.find((d) => d.status === 'ENABLED');
  if (enabled !== undefined) {
    return {
      status: 'COMPLIANT',
      message: `GuardDuty is enabled in ${where} (detector ${enabled.detectorId})`,
      evidence,
    };
  }
  if (detectors.length === 0) {
    return {
      status: 'NON_COMPLIANT',
      message: `GuardDuty is not enabled in ${where}: the region has no detector`,
      evidence,
    };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `GuardDuty is suspended in ${where}: detector ${detectors.map((d) => `${d.detectorId} is ${d.status ?? 'of unknown status'}`).join(', ')}`,
    evidence,
  };
}

const guarddutyEnabled = defineRule<GuarddutyEnabledParams>({
  id: 'guardduty-enabled',
  title: 'GuardDuty is enabled in every region',
  severity: 'HIGH',
  controls: ['FSBP GuardDuty.1'],
  rationale:
    'GuardDuty is what notices credential exfiltration, crypto-mining and calls from known-bad addresses in a region; a region without it is where an intruder goes unseen. It is billed by the volume of CloudTrail, VPC flow log and DNS events it analyses, so the rule notifies the account owner instead of enabling it.',
  resourceTypes: ['Warden::GuardDuty::RegionStatus'],
  // Sweep only: no CloudTrail extractor names this item (DeleteDetector is notified at once by the
  // guardduty-detector-deleted event rule).
  triggers: { sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'AWS::GuardDuty::Detector Enable',
    change:
      'declare an AWS::GuardDuty::Detector with Enable: true in the region (or enable it organization-wide from the delegated administrator)',
    cdk: "new guardduty.CfnDetector(this, 'Detector', { enable: true })",
    terraform: 'resource "aws_guardduty_detector" … { enable = true }',
  },
});

export { type GuarddutyEnabledParams, guarddutyEnabled };
