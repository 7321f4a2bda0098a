/** Owner routing (issue 20, item 10): the resource's tag beats its stack's owner beats its account's owner. */
import { describe, expect, it } from 'vitest';
import { ownerRouting } from '../../../../tasks/engine/owner-routing';
import { activeRules } from '../../../../tasks/rules/settings';
import { parseWardenConfig } from '../../../../tasks/shared/config';
import { isPlaceholderOwner, resolveOwner } from '../../../../tasks/shared/notification/owner';

const ROUTING = {
  ownerTagKey: 'Owner',
  stackOwners: { 'payments-core': 'payments-platform@example.com' },
};
const STACK = { 'aws:cloudformation:stack-name': 'payments-core', 'aws:cloudformation:logical-id': 'Bucket' };

describe('resolveOwner', () => {
  it('takes the resource tag first, then the stack owner, then the account owner, else unassigned', () => {
    const tags = { ...STACK, Owner: 'j.doe@example.com' };
    expect(resolveOwner({ tags, accountOwner: 'acct@example.com' }, ROUTING)).toEqual({
      owner: 'j.doe@example.com',
      ownerSource: 'tag',
    });
    expect(resolveOwner({ tags: STACK, accountOwner: 'acct@example.com' }, ROUTING)).toEqual({
      owner: 'payments-platform@example.com',
      ownerSource: 'stack',
    });
    expect(
      resolveOwner({ tags: { 'aws:cloudformation:stack-name': 'other' }, accountOwner: 'acct@example.com' }, ROUTING),
    ).toEqual({ owner: 'acct@example.com', ownerSource: 'account' });
    expect(resolveOwner({ tags: {} }, ROUTING)).toEqual({ owner: 'unassigned', ownerSource: 'none' });
  });

  it('does not take a placeholder tag value for an owner', () => {
    for (const placeholder of ['unassigned', 'Unknown', ' TBD ', '', '   ', 'n/a']) {
      expect(resolveOwner({ tags: { ...STACK, Owner: placeholder }, accountOwner: 'a@example.com' }, ROUTING)).toEqual({
        owner: 'payments-platform@example.com',
        ownerSource: 'stack',
      });
    }
    // A placeholder account owner is nobody too.
    expect(resolveOwner({ tags: { Owner: 'tbd' }, accountOwner: 'unassigned' }, ROUTING)).toEqual({
      owner: 'unassigned',
      ownerSource: 'none',
    });
  });

  it('reads the configured tag key, exactly as AWS compares keys (case-sensitive)', () => {
    const routing = { ...ROUTING, ownerTagKey: 'team' };
    const tags = { Owner: 'ignored@example.com', Team: 'wrong-case@example.com', team: 'data-eng' };
    expect(resolveOwner({ tags, accountOwner: 'a@example.com' }, routing)).toEqual({
      owner: 'data-eng',
      ownerSource: 'tag',
    });
    expect(resolveOwner({ tags: { Owner: 'x@example.com' }, accountOwner: 'a@example.com' }, routing)).toEqual({
      owner: 'a@example.com',
      ownerSource: 'account',
    });
  });

  it('trims a tag value, and never takes an inherited property for a tag or a stack', () => {
    expect(resolveOwner({ tags: { Owner: '  ops@example.com ' } }, ROUTING)).toEqual({
      owner: 'ops@example.com',
      ownerSource: 'tag',
    });
    const routing = { ...ROUTING, ownerTagKey: 'constructor' };
    expect(resolveOwner({ tags: { 'aws:cloudformation:stack-name': 'toString' } }, routing)).toEqual({
      owner: 'unassigned',
      ownerSource: 'none',
    });
  });

  it('takes the stack from Warden’s Terraform tags too', () => {
    const routing = { ...ROUTING, stackOwners: { network: 'netops@example.com' } };
    expect(resolveOwner({ tags: { 'terraform:stack': 'network' }, accountOwner: 'a@example.com' }, routing)).toEqual({
      owner: 'netops@example.com',
      ownerSource: 'stack',
    });
  });
});

describe('ownerRouting', () => {
  it('counts the value the required-tags remediation writes into the owner tag as a placeholder', () => {
    const config = parseWardenConfig({
      ownerTagKey: 'Owner',
      rules: {
        'ec2-instance-required-tags': { parameters: { requiredTags: { Owner: 'nobody-yet', CostCenter: 'x' } } },
      },
    });
    const routing = ownerRouting(config, activeRules(config));
    expect(routing.placeholders).toEqual(['nobody-yet']);
    expect(resolveOwner({ tags: { Owner: 'nobody-yet' }, accountOwner: 'a@example.com' }, routing).ownerSource).toBe(
      'account',
    );
  });

  it('defaults: the Owner tag, no stack owners', () => {
    const config = parseWardenConfig({});
    expect(ownerRouting(config, activeRules(config))).toEqual({
      ownerTagKey: 'Owner',
      stackOwners: {},
      placeholders: ['unassigned'],
    });
  });
});

describe('isPlaceholderOwner', () => {
  it('knows the usual ways of saying nobody, and nothing else', () => {
    expect(['unassigned', 'UNKNOWN', 'tbd', '', ' ', 'none', '-'].every((v) => isPlaceholderOwner(v))).toBe(true);
    expect(['team-a', 'j.doe@example.com', 'unassigned-team'].some((v) => isPlaceholderOwner(v))).toBe(false);
  });
});
