/**
 * iam-user-console-mfa: every IAM user with a console password has an MFA device (FSBP IAM.5,
 * CIS 1.10). Notify only: a device is enrolled by its user, and forcing MFA locks out whoever has none.
 *
 * Reads the live collector's additions of AWS::IAM::User — `loginProfile` (`null` = no console
 * password) and `mfaDevices[]` (ListMFADevices: virtual, hardware and FIDO devices alike) — which
 * Config does not record (an ERROR saying so on a Config item). NOT_APPLICABLE: users without a
 * console password (access keys only), as IAM.5 skips them.
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { isRecord, stringOf } from '../ci-values';
import { defineRule } from '../rule';
import { userNameOf, wardenAddition } from './iam-item';

const parameters = z.object({}).strict();

type IamUserConsoleMfaParams = z.infer<typeof parameters>;

function evaluate(ci: ConfigurationItem): Evaluation {
  const name = userNameOf(ci);
  if (isGone(ci)) return { status: 'NOT_APPLICABLE', message: `IAM user ${name} no longer exists` };
  if (!isRecord(wardenAddition(ci, 'loginProfile'))) {
    return { status: 'NOT_APPLICABLE', message: `IAM user ${name} has no console password` };
  }
  const devices = wardenAddition(ci, 'mfaDevices');
  if (!Array.isArray(devices)) throw new UnknownPropertyError('mfaDevices', 'not a list');
  const serials = devices.filter(isRecord).map((d) => stringOf(d.serialNumber) ?? '(unnamed device)');
  const evidence = { consolePassword: true, mfaDevices: serials };
  if (serials.length > 0) {
    return { status: 'COMPLIANT', message: `IAM user ${name} signs in to the console with MFA`, evidence };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `IAM user ${name} has a console password and no MFA device`,
    evidence,
  };
}

const iamUserConsoleMfa = defineRule<IamUserConsoleMfaParams>({
  id: 'iam-user-console-mfa',
  title: 'IAM users with a console password have MFA',
  severity: 'MEDIUM',
  controls: ['FSBP IAM.5', 'CIS 1.10'],
  rationale:
    'A console password alone falls to phishing, reuse from another site or a guess; with MFA a stolen password is not enough to sign in. Only the user can enrol their device, and requiring it first would lock them out, so the rule notifies.',
  resourceTypes: ['AWS::IAM::User'],
  triggers: { sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'none (MFA devices are enrolled by their user, not in CloudFormation)',
    change: 'have the user assign an MFA device (IAM console, Security credentials), or remove the console password',
  },
});

export { type IamUserConsoleMfaParams, iamUserConsoleMfa };
