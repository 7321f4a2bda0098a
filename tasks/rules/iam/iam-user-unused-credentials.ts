/**
 * iam-user-unused-credentials: no IAM user keeps a console password or an active access key unused
 * for `maxUnusedDays` days or more (FSBP IAM.22, CIS 1.12: 45). As AWS Config's
 * iam-user-unused-credentials-check does, a credential never used counts from its creation, so a
 * new user is not flagged on day one. Notify only: removing a credential locks out whoever relies
 * on it, however rarely.
 *
 * Reads the live collector's additions of AWS::IAM::User — `loginProfile` (`null` = no console
 * password), `passwordLastUsed`, `accessKeys[].{status, createDate, lastUsedDate}` — which Config does
 * not record (an ERROR saying so on a Config item), and measures ages from the capture time.
 * NOT_APPLICABLE: a user with neither a console password nor an active access key.
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { isRecord, stringOf } from '../ci-values';
import { defineRule } from '../rule';
import { accessKeysOf, capturedAtMs, daysSince, userNameOf, wardenAddition } from './iam-item';

const parameters = z
  .object({
    /** Days a credential may go unused (IAM.22 / CIS 1.12: 45). @default 45 */
    maxUnusedDays: z.number().int().min(1).max(3650).default(45),
  })
  .strict();

type IamUserUnusedCredentialsParams = z.infer<typeof parameters>;

interface Credential {
  readonly credential: string;
  readonly unusedDays: number;
  readonly neverUsed: boolean;
}

function unusedDays(credential: string, lastUsed: string | null, created: unknown, now: number): Credential {
  const days = daysSince(lastUsed ?? created, now);
  if (days === undefined)
    throw new UnknownPropertyError(credential, 'neither its last use nor its creation is recorded');
  return { credential, unusedDays: days, neverUsed: lastUsed === null };
}

function credentialsOf(ci: ConfigurationItem, now: number): Credential[] {
  const credentials: Credential[] = [];
  const profile = wardenAddition(ci, 'loginProfile');
  if (isRecord(profile)) {
    const lastUsed = stringOf(wardenAddition(ci, 'passwordLastUsed')) ?? null;
    credentials.push(unusedDays('console password', lastUsed, profile.createDate, now));
  }
  for (const key of accessKeysOf(ci).filter((k) => k.active)) {
    credentials.push(unusedDays(`access key ${key.accessKeyId}`, key.lastUsedDate, key.createDate, now));
  }
  return credentials;
}

function evaluate(ci: ConfigurationItem, params: IamUserUnusedCredentialsParams): Evaluation {
  const name = userNameOf(ci);
  if (isGone(ci)) return { status: 'NOT_APPLICABLE', message: `IAM user ${name} no longer exists` };
  const credentials = credentialsOf(ci, capturedAtMs(ci));
  if (credentials.length === 0) {
    return { status: 'NOT_APPLICABLE', message: `IAM user ${name} has no console password and no active access key` };
  }
  const unused = credentials.filter((c) => c.unusedDays >= params.maxUnusedDays);
  const evidence = { credentials, maxUnusedDays: params.maxUnusedDays };
  if (unused.length === 0) {
    return {
      status: 'COMPLIANT',
      message: `IAM user ${name} used each of its credentials within ${params.maxUnusedDays} days`,
      evidence,
    };
  }
  const words = unused.map(
    (c) =>
      `${c.credential} (${c.neverUsed ? `never used, created ${c.unusedDays} days ago` : `unused for ${c.unusedDays} days`})`,
  );
  return {
    status: 'NON_COMPLIANT',
    message: `IAM user ${name} keeps credentials unused for ${params.maxUnusedDays} days or more: ${words.join(', ')}`,
    evidence,
  };
}

const iamUserUnusedCredentials = defineRule<IamUserUnusedCredentialsParams>({
  id: 'iam-user-unused-credentials',
  title: 'IAM users have no credentials unused for 45 days',
  severity: 'MEDIUM',
  controls: ['FSBP IAM.22', 'CIS 1.12'],
  rationale:
    'A password or access key nobody uses is a credential nobody would notice being used by someone else: people who left, old integrations and forgotten test users are how accounts are entered quietly. Removing one may lock out a rare but real job, so the rule notifies.',
  resourceTypes: ['AWS::IAM::User'],
  triggers: { sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'AWS::IAM::User LoginProfile / AWS::IAM::AccessKey Status',
    change: 'remove the LoginProfile and set Status: Inactive (or delete) on the unused access keys',
    terraform: 'remove aws_iam_user_login_profile, set status = "Inactive" on aws_iam_access_key',
  },
});

export { type IamUserUnusedCredentialsParams, iamUserUnusedCredentials };
