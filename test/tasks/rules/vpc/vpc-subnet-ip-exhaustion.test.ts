import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vpcSubnetIpExhaustion as rule, usableAddresses } from '../../../../tasks/rules/vpc/vpc-subnet-ip-exhaustion';
import { InvalidInputError, UnknownPropertyError } from '../../../../tasks/shared/errors';
import type { ConfigurationItem } from '../../../../tasks/shared/model';
import { readRuleFixture } from '../../../support/ci-builder';

const RULE_ID = 'vpc-subnet-ip-exhaustion';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

function withCount(ci: ConfigurationItem, cidrBlock: string, available: number): ConfigurationItem {
  return { ...ci, configuration: { ...ci.configuration, cidrBlock, availableIpAddressCount: available } };
}

describe('vpc-subnet-ip-exhaustion: definition', () => {
  it('notifies, has no remediation and a documented default threshold', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(defaults).toEqual({ minFreeRatio: 0.1 });
    expect(rule.parameters.safeParse({ minFreeRatio: 1.5 }).success).toBe(false);
  });
});

describe('usableAddresses: AWS reserves 5 addresses per subnet', () => {
  it.each([
    ['10.0.0.0/16', 65531],
    ['10.0.0.0/20', 4091],
    ['10.0.0.0/24', 251],
    ['10.0.0.16/28', 11],
  ])('%s -> %i', (cidr, usable) => {
    expect(usableAddresses(cidr)).toBe(usable);
  });

  it('refuses what is not an IPv4 CIDR or is too small to be a subnet', () => {
    expect(() => usableAddresses('2600:1f18::/64')).toThrow(InvalidInputError);
    expect(() => usableAddresses('10.0.0.0/30')).toThrow('smaller than a subnet can be');
  });
});

describe('vpc-subnet-ip-exhaustion: evaluate', () => {
  it('a /24 with 9 free is below 10% of its 251 usable addresses', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message:
        'Subnet subnet-0b1a2c3d4e5f60004 (10.16.16.0/24) has 9 of 251 usable IPv4 addresses free (3.5%), below the 10.0% threshold',
      evidence: {
        cidrBlock: '10.16.16.0/24',
        usableAddresses: 251,
        availableIpAddressCount: 9,
        freeRatio: 9 / 251,
        minFreeRatio: 0.1,
      },
    });
  });

  it('26 of 251 (10.36%) is just above the threshold; 25 of 251 (9.96%) is below', () => {
    const ci = fixture('compliant-just-above-threshold');
    expect(rule.evaluate(ci, defaults).status).toBe('COMPLIANT');
    const below = rule.evaluate(withCount(ci, '10.48.16.0/24', 25), defaults);
    expect(below.status).toBe('NON_COMPLIANT');
    // Rounded down, so a ratio under the threshold never displays as equal to it.
    expect(below.message).toContain('(9.9%), below the 10.0% threshold');
  });

  it('is exactly the ratio test: NON_COMPLIANT iff available / (2^(32-prefix) - 5) < minFreeRatio', () => {
    const ci = fixture('compliant');
    fc.assert(
      fc.property(
        fc.integer({ min: 16, max: 28 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat(),
        (prefix, ratio, n) => {
          const usable = 2 ** (32 - prefix) - 5;
          const available = n % (usable + 1);
          const params = rule.parameters.parse({ minFreeRatio: ratio });
          const result = rule.evaluate(withCount(ci, `10.0.0.0/${prefix}`, available), params);
          expect(result.status).toBe(available / usable < ratio ? 'NON_COMPLIANT' : 'COMPLIANT');
        },
      ),
    );
  });

  it('IPv6-only subnets are not applicable; a missing count is an error', () => {
    expect(rule.evaluate(fixture('not-applicable-ipv6-only'), defaults).message).toBe(
      'Subnet subnet-0b1a2c3d4e5f60007 is IPv6-only: it has no IPv4 addresses to run out of',
    );
    expect(() => rule.evaluate(fixture('error-no-available-count'), defaults)).toThrow(UnknownPropertyError);
  });

  it('a threshold of 0 never fires, even on a full subnet', () => {
    expect(rule.evaluate(fixture('non-compliant-full'), rule.parameters.parse({ minFreeRatio: 0 })).status).toBe(
      'COMPLIANT',
    );
  });

  it('iacHint says the CIDR cannot be changed', () => {
    expect(rule.iacHint(fixture('non-compliant'), defaults).suggestedChange).toContain(
      "a subnet's CIDR block cannot be changed",
    );
  });
});
