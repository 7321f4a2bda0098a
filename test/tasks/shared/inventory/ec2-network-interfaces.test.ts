import { DescribeNetworkInterfacesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { CollectContext } from '../../../../tasks/shared/inventory/collector';
import { ec2NetworkInterfacesCollector as collector } from '../../../../tasks/shared/inventory/ec2-network-interfaces';
import { PlaceboServiceError, placeboResponse, stubPlacebo } from '../../../support/placebo';

const ec2 = mockClient(EC2Client);
afterEach(() => ec2.reset());
const ctx: CollectContext = {
  accountId: '644160558196',
  region: 'us-west-2',
  client: (C, region) => new C({ region }),
};
const REF = { resourceType: 'AWS::EC2::NetworkInterface', accountId: '644160558196', region: 'us-west-2' };

/** An instance's ENI, a Lambda ENI, a VPC endpoint's and an EKS branch ENI (us-west-2). */
const USED = 'test_security_group_used__ec2.DescribeNetworkInterfaces_1.json';

describe('ec2-network-interfaces collector', () => {
  it('declares Config’s type, regional, and the IAM action of its one call', () => {
    expect(collector).toMatchObject({
      resourceTypes: ['AWS::EC2::NetworkInterface'],
      scope: 'region',
      reads: ['ec2:DescribeNetworkInterfaces'],
      recordedByConfig: true,
    });
  });

  it('builds Config’s items: groups, attachment and relationships to groups, subnet, VPC and instance', async () => {
    stubPlacebo(ec2.on(DescribeNetworkInterfacesCommand), USED);
    const { items } = await collector.collect(ctx);
    expect(items.map((ci) => ci.resourceId)).toEqual([
      'eni-caa070b4',
      'eni-0c779745aaa5e430d',
      'eni-04b74850b90891a7c',
      'eni-05f8e0f783bfe84f0',
    ]);
    const [instanceEni, lambdaEni] = items;
    expect(instanceEni).toMatchObject({
      resourceType: 'AWS::EC2::NetworkInterface',
      arn: 'arn:aws:ec2:us-west-2:644160558196:network-interface/eni-caa070b4',
      availabilityZone: 'us-west-2a',
      status: 'OK',
      tags: {},
      configuration: {
        networkInterfaceId: 'eni-caa070b4',
        groups: [{ groupName: 'default', groupId: 'sg-f9cc4d9f' }],
        attachment: { instanceId: 'i-017cf4e2a33b853fe', status: 'attached', attachTime: '2016-10-29T20:45:59.000Z' },
        status: 'in-use',
        vpcId: 'vpc-4a9ff72e',
      },
      relationships: [
        {
          resourceType: 'AWS::EC2::SecurityGroup',
          resourceId: 'sg-f9cc4d9f',
          name: 'Is associated with SecurityGroup',
        },
        { resourceType: 'AWS::EC2::Subnet', resourceId: 'subnet-15452171', name: 'Is contained in Subnet' },
        { resourceType: 'AWS::EC2::VPC', resourceId: 'vpc-4a9ff72e', name: 'Is contained in Vpc' },
        { resourceType: 'AWS::EC2::Instance', resourceId: 'i-017cf4e2a33b853fe', name: 'Is attached to Instance' },
      ],
    });
    expect(instanceEni?.configuration).not.toHaveProperty('tagSet');
    expect(lambdaEni?.configuration.description).toBe('AWS Lambda VPC ENI: 26578289-8b35-4f36-a046-ceda51a45800');
    expect(ec2.commandCalls(DescribeNetworkInterfacesCommand)[0]?.args[0].input).toEqual({ MaxResults: 1000 });
  });

  it('follows NextToken to the last page, and an empty region has no items', async () => {
    const page = placeboResponse(USED);
    if (!page.ok) throw page.error;
    ec2
      .on(DescribeNetworkInterfacesCommand)
      .resolvesOnce({ ...page.output, NextToken: 'next' })
      .resolvesOnce({ NetworkInterfaces: [] });
    expect((await collector.collect(ctx)).items).toHaveLength(4);
    expect(ec2.commandCalls(DescribeNetworkInterfacesCommand)[1]?.args[0].input).toEqual({
      MaxResults: 1000,
      NextToken: 'next',
    });
    ec2.reset();
    ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [] });
    expect(await collector.collect(ctx)).toEqual({ items: [] });
  });

  it('a denied or throttled listing propagates', async () => {
    ec2.on(DescribeNetworkInterfacesCommand).rejects(new PlaceboServiceError('UnauthorizedOperation', 'no', 403, {}));
    await expect(collector.collect(ctx)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    ec2.reset();
    ec2.on(DescribeNetworkInterfacesCommand).rejects(new PlaceboServiceError('RequestLimitExceeded', 'slow', 503, {}));
    await expect(collector.collect(ctx)).rejects.toMatchObject({ name: 'RequestLimitExceeded' });
  });

  it('readOne reads one ENI by id; InvalidNetworkInterfaceID.NotFound means gone', async () => {
    const page = placeboResponse(USED);
    if (!page.ok) throw page.error;
    const [first] = page.output.NetworkInterfaces as unknown[];
    ec2.on(DescribeNetworkInterfacesCommand, { NetworkInterfaceIds: ['eni-caa070b4'] }).resolves({
      NetworkInterfaces: [first as never],
    });
    expect((await collector.readOne?.(ctx, { ...REF, resourceId: 'eni-caa070b4' }))?.resourceId).toBe('eni-caa070b4');
    ec2.reset();
    ec2
      .on(DescribeNetworkInterfacesCommand)
      .rejects(new PlaceboServiceError('InvalidNetworkInterfaceID.NotFound', 'gone', 400, {}));
    expect(await collector.readOne?.(ctx, { ...REF, resourceId: 'eni-0gone' })).toBeUndefined();
  });
});
