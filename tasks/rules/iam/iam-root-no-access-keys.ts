/**
 * iam-root-no-access-keys: the account's root user has no access keys (FSBP IAM.4, CIS 1.4). Notify
 * only: deleting the root user's keys is a sign-in as root, which Warden never does, and whatever
 * script still uses them breaks.
 *
 * Reads `configuration.accountSummary.accountAccessKeysPresent` (GetAccountSummary: 1 when the root
 * user has an access key, active or not) of the Warden `Warden::IAM::Account` item.
 */
import { z } from 'zod';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { defineRule } from '../rule';
import { summaryValue } from './iam-item';

const parameters = z.object({}).strict();

type IamRootNoAccessKeysParams = z.infer<typeof parameters>;

function evaluate(ci: ConfigurationItem): Evaluation {
  // summaryValue throws UnknownPropertyError when the summary could not be read.
  const present = summaryValue(ci, 'accountAccessKeysPresent');
  const evidence = { accountAccessKeysPresent: present };
  if (present === 0) {
    return { status: 'COMPLIANT', message: `The root user of account ${ci.accountId} has no access keys`, evidence };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `The root user of account ${ci.accountId} has an access key: delete it and use IAM roles instead`,
    evidence,
  };
}

const iamRootNoAccessKeys = defineRule<IamRootNoAccessKeysParams>({
  id: 'iam-root-no-access-keys',
  title: 'The root user has no access keys',
  severity: 'CRITICAL',
  controls: ['FSBP IAM.4', 'CIS 1.4'],
  rationale:
    'An access key of the root user is a long-lived credential that no policy can restrict: whoever finds it in a script or a laptop owns the account, billing and closure included. Removing it needs a root sign-in and may break whatever still uses it, so the rule notifies and leaves the deletion to a person.',
  resourceTypes: ['Warden::IAM::Account'],
  triggers: { sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'none (root user credentials are not managed by CloudFormation)',
    change: 'sign in as the root user and delete its access keys (Security credentials page)',
  },
});

export { type IamRootNoAccessKeysParams, iamRootNoAccessKeys };
