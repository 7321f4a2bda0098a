import { describe, expect, it } from 'vitest';
import { iamRootHardwareMfa as rule } from '../../../../tasks/rules/iam/iam-root-hardware-mfa';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const fixture = (name: string) => readRuleFixture('iam-root-hardware-mfa', name);
const params = rule.parameters.parse({});

describe('iam-root-hardware-mfa', () => {
  it('notifies and reads the summary and the virtual MFA devices', () => {
    expect(rule.defaultMode).toBe('notify');
    expect(rule.permissions.read).toEqual(
      expect.arrayContaining(['iam:GetAccountSummary', 'iam:ListVirtualMFADevices']),
    );
  });

  it('MFA with no virtual device assigned to root is hardware', () => {
    expect(rule.evaluate(fixture('compliant'), params)).toMatchObject({
      status: 'COMPLIANT',
      message: 'The root user of account 222222222222 uses a hardware MFA device',
    });
  });

  it('a virtual root device, or no MFA at all, is non-compliant', () => {
    expect(rule.evaluate(fixture('non-compliant-virtual'), params)).toEqual({
      status: 'NON_COMPLIANT',
      message:
        'The root user of account 222222222222 uses a virtual MFA device (arn:aws:iam::222222222222:mfa/root-account-mfa-device), not a hardware one',
      evidence: {
        accountMFAEnabled: 1,
        rootVirtualMfaDevices: ['arn:aws:iam::222222222222:mfa/root-account-mfa-device'],
      },
    });
    expect(rule.evaluate(fixture('non-compliant-no-mfa'), params).message).toBe(
      'The root user of account 222222222222 has no MFA device at all',
    );
  });

  it('unlisted virtual devices are an error (cannot tell hardware from virtual)', () => {
    expect(() => rule.evaluate(fixture('error-devices-not-listed'), params)).toThrow(UnknownPropertyError);
  });
});
