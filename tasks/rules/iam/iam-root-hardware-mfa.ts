/**
 * iam-root-hardware-mfa: the account's root user uses a hardware MFA device, not a virtual one
 * (FSBP IAM.6, CIS 1.6). Notify only: only the account owner can enrol a device for root.
 *
 * Reads, of the Warden `Warden::IAM::Account` item, `configuration.accountSummary.accountMFAEnabled`
 * and `configuration.rootVirtualMfaDevices` (the assigned virtual devices whose user is the root,
 * ListVirtualMFADevices): MFA enabled and no virtual device = hardware (a FIDO key or a TOTP token).
 * No MFA at all fails this control too, as Security Hub's IAM.6 does.
 */
import { z } from 'zod';
import { requireKnown } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { listOf } from '../ci-values';
import { defineRule } from '../rule';
import { summaryValue } from './iam-item';

const parameters = z.object({}).strict();

type IamRootHardwareMfaParams = z.infer<typeof parameters>;

function evaluate(ci: ConfigurationItem): Evaluation {
  const enabled = summaryValue(ci, 'accountMFAEnabled');
  if (enabled !== 1) {
    return {
      status: 'NON_COMPLIANT',
      message: `The root user of account ${ci.accountId} has no MFA device at all`,
      evidence: { accountMFAEnabled: enabled },
    };
  }
  requireKnown(ci, 'rootVirtualMfaDevices');
  if (!Array.isArray(ci.configuration.rootVirtualMfaDevices))
    throw new UnknownPropertyError('rootVirtualMfaDevices', 'the virtual MFA devices were not listed');
  const virtual = listOf(ci.configuration.rootVirtualMfaDevices);
  const evidence = { accountMFAEnabled: enabled, rootVirtualMfaDevices: virtual };
  if (virtual.length === 0) {
    return {
      status: 'COMPLIANT',
      message: `The root user of account ${ci.accountId} uses a hardware MFA device`,
      evidence,
    };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `The root user of account ${ci.accountId} uses a virtual MFA device (${virtual.join(', ')}), not a hardware one`,
    evidence,
  };
}

const iamRootHardwareMfa = defineRule<IamRootHardwareMfaParams>({
  id: 'iam-root-hardware-mfa',
  title: 'The root user uses a hardware MFA device',
  severity: 'CRITICAL',
  controls: ['FSBP IAM.6', 'CIS 1.6'],
  rationale:
    'A virtual MFA device lives on a phone that is also used for everything else, can be cloned with its seed and is lost with the phone; a hardware key for the root user keeps the most powerful credential of the account off general-purpose devices. Only the account owner can enrol one, so the rule notifies.',
  resourceTypes: ['Warden::IAM::Account'],
  triggers: { sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'none (root user MFA is not managed by CloudFormation)',
    change:
      'sign in as the root user, assign a hardware MFA device (FIDO security key or TOTP token) and remove the virtual one',
  },
});

export { type IamRootHardwareMfaParams, iamRootHardwareMfa };
