/**
 * iam-user-access-keys-rotated: every active access key of an IAM user is younger than
 * `maxAccessKeyAgeDays` days (FSBP IAM.3, CIS 1.14: 90). Notify only: rotating a key means updating
 * every program that uses it, which Warden cannot do.
 *
 * Reads the live collector's `configuration.accessKeys[].{status, createDate}` of AWS::IAM::User
 * (Config records no access keys: on a Config item the rule is an ERROR saying so), and measures
 * ages from the item's capture time. NOT_APPLICABLE: a user without active keys.
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { defineRule } from '../rule';
import { accessKeysOf, capturedAtMs, daysSince, userNameOf } from './iam-item';

const parameters = z
  .object({
    /** Oldest an active access key may be, in days (IAM.3 / CIS 1.14: 90). @default 90 */
    maxAccessKeyAgeDays: z.number().int().min(1).max(3650).default(90),
  })
  .strict();

type IamUserAccessKeysRotatedParams = z.infer<typeof parameters>;

function evaluate(ci: ConfigurationItem, params: IamUserAccessKeysRotatedParams): Evaluation {
  const name = userNameOf(ci);
  if (isGone(ci)) return { status: 'NOT_APPLICABLE', message: `IAM user ${name} no longer exists` };
  // accessKeysOf throws UnknownPropertyError on a Config item (no access keys recorded).
  const active = accessKeysOf(ci).filter((key) => key.active);
  if (active.length === 0) return { status: 'NOT_APPLICABLE', message: `IAM user ${name} has no active access keys` };
  const now = capturedAtMs(ci);
  const ages = active.map((key) => {
    const age = daysSince(key.createDate, now);
    if (age === undefined)
      throw new UnknownPropertyError('accessKeys[].createDate', `${key.accessKeyId} has no creation date`);
    return { accessKeyId: key.accessKeyId, ageDays: age };
  });
  const old = ages.filter((key) => key.ageDays > params.maxAccessKeyAgeDays);
  const evidence = { activeAccessKeys: ages, maxAccessKeyAgeDays: params.maxAccessKeyAgeDays };
  if (old.length === 0) {
    return {
      status: 'COMPLIANT',
      message: `IAM user ${name}'s active access keys are at most ${params.maxAccessKeyAgeDays} days old`,
      evidence,
    };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `IAM user ${name} has active access keys older than ${params.maxAccessKeyAgeDays} days: ${old.map((k) => `${k.accessKeyId} (${k.ageDays} days)`).join(', ')}`,
    evidence,
  };
}

const iamUserAccessKeysRotated = defineRule<IamUserAccessKeysRotatedParams>({
  id: 'iam-user-access-keys-rotated',
  title: 'IAM users rotate their active access keys',
  severity: 'MEDIUM',
  controls: ['FSBP IAM.3', 'CIS 1.14'],
  rationale:
    'An access key never rotated has had years to end up in a repository, a CI log or a laptop backup, and keeps working until someone deletes it. Rotation needs the key’s users to switch to a new key first, so the rule notifies.',
  resourceTypes: ['AWS::IAM::User'],
  triggers: { sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'AWS::IAM::AccessKey Serial',
    change:
      'create a new access key, move its users to it, then deactivate and delete the old one (or increment Serial)',
    terraform: 'replace the aws_iam_access_key (terraform apply -replace=…)',
  },
});

export { type IamUserAccessKeysRotatedParams, iamUserAccessKeysRotated };
