/**
 * cloudtrail-log-file-validation: every trail has log file integrity validation on (FSBP
 * CloudTrail.4, CIS 3.2), so a digest file signed by CloudTrail each hour shows whether a log file
 * was changed or deleted after delivery. Reads `configuration.logFileValidationEnabled` as AWS Config
 * records it for AWS::CloudTrail::Trail. Notify only: turning it on is harmless, but the trail
 * belongs to whoever manages the account's logging (often an organization trail's owner).
 */
import { z } from 'zod';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { booleanOf } from '../ci-values';
import { defineRule } from '../rule';
import { notJudged, trailName } from './trail';

const parameters = z.object({}).strict();

type CloudtrailLogFileValidationParams = z.infer<typeof parameters>;

function evaluate(ci: ConfigurationItem): Evaluation {
  const skipped = notJudged(ci);
  if (skipped !== undefined) return skipped;
  const enabled = booleanOf(ci.configuration.logFileValidationEnabled);
  if (enabled === undefined) {
    throw new UnknownPropertyError('logFileValidationEnabled', 'not recorded in the configuration item');
  }
  if (enabled) {
    return {
      status: 'COMPLIANT',
      message: `Trail ${trailName(ci)} validates its log files (signed hourly digests)`,
      evidence: { logFileValidationEnabled: true },
    };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `Trail ${trailName(ci)} has log file validation off: a changed or deleted log file would go unnoticed`,
    evidence: { logFileValidationEnabled: false },
  };
}

const cloudtrailLogFileValidation = defineRule<CloudtrailLogFileValidationParams>({
  id: 'cloudtrail-log-file-validation',
  title: 'CloudTrail trails validate their log files',
  severity: 'MEDIUM',
  controls: ['FSBP CloudTrail.4', 'CIS 3.2'],
  rationale:
    'Without log file validation nobody can prove that a delivered log file was not edited or deleted afterwards, which is what an intruder covering their tracks does and what an investigation must rule out. The change is harmless but the trail is usually owned by a central logging team, so the rule notifies.',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  triggers: { configChange: true, sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'EnableLogFileValidation',
    change: 'set EnableLogFileValidation: true',
    cdk: "new cloudtrail.Trail(this, 'Trail', { enableFileValidation: true })",
    terraform: 'enable_log_file_validation = true on aws_cloudtrail',
  },
});

export { type CloudtrailLogFileValidationParams, cloudtrailLogFileValidation };
