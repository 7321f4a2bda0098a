/**
 * iam-root-mfa: the account's root user signs in with MFA (FSBP IAM.9, CIS 1.5), any kind of device.
 * Notify only: enabling MFA for root needs the root user and a device, which Warden has neither of.
 *
 * Reads `configuration.accountSummary.accountMFAEnabled` (GetAccountSummary: 1 when the root user
 * has an MFA device) of the Warden `Warden::IAM::Account` item. Whether the device is hardware is
 * iam-root-hardware-mfa's question (FSBP IAM.6).
 */
import { z } from 'zod';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { defineRule } from '../rule';
import { summaryValue } from './iam-item';

const parameters = z.object({}).strict();

type IamRootMfaParams = z.infer<typeof parameters>;

function evaluate(ci: ConfigurationItem): Evaluation {
  // summaryValue throws UnknownPropertyError when the summary could not be read.
  const enabled = summaryValue(ci, 'accountMFAEnabled');
  const evidence = { accountMFAEnabled: enabled };
  if (enabled === 1) {
    return { status: 'COMPLIANT', message: `The root user of account ${ci.accountId} has MFA enabled`, evidence };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `The root user of account ${ci.accountId} signs in without MFA`,
    evidence,
  };
}

const iamRootMfa = defineRule<IamRootMfaParams>({
  id: 'iam-root-mfa',
  title: 'The root user has MFA enabled',
  severity: 'CRITICAL',
  controls: ['FSBP IAM.9', 'CIS 1.5'],
  rationale:
    'The root user can do everything in the account, and without MFA a leaked or guessed password is enough to take it over. Only the account owner can enrol a device for the root user, so the rule notifies.',
  resourceTypes: ['Warden::IAM::Account'],
  triggers: { sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'none (root user MFA is not managed by CloudFormation)',
    change: 'sign in as the root user and assign an MFA device (Security credentials page)',
  },
});

export { type IamRootMfaParams, iamRootMfa };
