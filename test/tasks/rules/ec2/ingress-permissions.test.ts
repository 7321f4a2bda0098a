/** Reading ingress permissions as Config records them (tasks/rules/ec2/ingress-permissions.ts). */
import { describe, expect, it } from 'vitest';
import { isWorld, worldOpenIngress } from '../../../../tasks/rules/ec2/ingress-permissions';
import { makeCi } from '../../../support/ci-builder';

describe('isWorld: prefix length 0, not the literal string', () => {
  it.each([
    ['0.0.0.0/0', true],
    ['::/0', true],
    ['208.236.235.254/0', true],
    ['0.0.0.0/00', true],
    ['0.0.0.0/1', false],
    ['10.0.0.0/8', false],
    ['0.0.0.0/10', false],
    ['::/128', false],
    ['0.0.0.0', false],
  ])('%s -> %s', (cidr, world) => {
    expect(isWorld(cidr)).toBe(world);
  });
});

describe('worldOpenIngress', () => {
  it('describes every permission the whole internet may use, whatever its port; peers and narrow ranges are not', () => {
    const sg = makeCi({
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: 'sg-1',
      configuration: {
        ipPermissions: [
          { ipProtocol: 'tcp', fromPort: 443, toPort: 443, ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }] },
          { ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: ['10.0.0.0/8'] },
          { ipProtocol: '-1', ipv6Ranges: [{ cidrIpv6: '::/0' }], userIdGroupPairs: [{ groupId: 'sg-2' }] },
        ],
      },
    });
    expect(worldOpenIngress(sg)).toEqual(['tcp/443 from 0.0.0.0/0', 'all traffic (protocol -1) from ::/0']);
  });
});
