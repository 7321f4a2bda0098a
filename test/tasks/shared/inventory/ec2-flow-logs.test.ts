import { DescribeFlowLogsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { CollectContext } from '../../../../tasks/shared/inventory/collector';
import { ec2FlowLogsCollector as collector } from '../../../../tasks/shared/inventory/ec2-flow-logs';
import { PlaceboServiceError, placeboResponse, stubPlacebo } from '../../../support/placebo';

const ec2 = mockClient(EC2Client);
afterEach(() => ec2.reset());
const ctx: CollectContext = {
  accountId: '644160558196',
  region: 'us-east-1',
  client: (C, region) => new C({ region }),
};
const REF = { resourceType: 'AWS::EC2::FlowLog', accountId: '644160558196', region: 'us-east-1' };

const S3_DEST = 'test_vpc_flow_log_s3_dest__ec2.DescribeFlowLogs_1.json';
const EMPTY = 'test_vpc_create_flow_logs__ec2.DescribeFlowLogs_1.json';

function recorded(file: string): Record<string, unknown> {
  const response = placeboResponse(file);
  if (!response.ok) throw response.error;
  return response.output;
}

describe('ec2-flow-logs collector', () => {
  it('declares Config’s type, regional, and the IAM action of its one call', () => {
    expect(collector).toMatchObject({
      resourceTypes: ['AWS::EC2::FlowLog'],
      scope: 'region',
      reads: ['ec2:DescribeFlowLogs'],
      recordedByConfig: true,
    });
  });

  it('builds Config’s AWS::EC2::FlowLog item from a recorded response', async () => {
    stubPlacebo(ec2.on(DescribeFlowLogsCommand), S3_DEST);
    const { items } = await collector.collect(ctx);
    expect(items).toEqual([
      {
        resourceType: 'AWS::EC2::FlowLog',
        resourceId: 'fl-0873b1d6eacd0a14d',
        arn: 'arn:aws:ec2:us-east-1:644160558196:vpc-flow-log/fl-0873b1d6eacd0a14d',
        accountId: '644160558196',
        region: 'us-east-1',
        availabilityZone: 'Not Applicable',
        status: 'OK',
        configuration: {
          creationTime: '2018-11-04T03:49:34.527Z',
          deliverLogsPermissionArn: 'arn:aws:iam::644160558196:role/testing-vpc-flow-log-role',
          deliverLogsStatus: 'SUCCESS',
          flowLogId: 'fl-0873b1d6eacd0a14d',
          flowLogStatus: 'ACTIVE',
          resourceId: 'vpc-d2d616b5',
          trafficType: 'ALL',
          logDestinationType: 's3',
          logDestination: 'arn:aws:s3:::c7n-vpc-flow-logs',
        },
        supplementaryConfiguration: {},
        tags: {},
        relationships: [],
      },
    ]);
    expect(ec2.commandCalls(DescribeFlowLogsCommand)[0]?.args[0].input).toEqual({ MaxResults: 1000 });
  });

  it('follows NextToken to the last page', async () => {
    const page = recorded(S3_DEST);
    ec2
      .on(DescribeFlowLogsCommand)
      .resolvesOnce({ ...page, NextToken: 'page-2' })
      .resolvesOnce({ FlowLogs: [{ FlowLogId: 'fl-0second', ResourceId: 'vpc-2', TrafficType: 'REJECT' }] });
    const { items } = await collector.collect(ctx);
    expect(items.map((ci) => ci.resourceId)).toEqual(['fl-0873b1d6eacd0a14d', 'fl-0second']);
    expect(ec2.commandCalls(DescribeFlowLogsCommand)[1]?.args[0].input).toEqual({
      MaxResults: 1000,
      NextToken: 'page-2',
    });
  });

  it('a region without flow logs has no items', async () => {
    stubPlacebo(ec2.on(DescribeFlowLogsCommand), EMPTY);
    expect(await collector.collect(ctx)).toEqual({ items: [] });
  });

  it('a denied or throttled listing propagates (the read’s region error, or the task’s Retry)', async () => {
    ec2.on(DescribeFlowLogsCommand).rejects(new PlaceboServiceError('UnauthorizedOperation', 'denied', 403, {}));
    await expect(collector.collect(ctx)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    ec2.reset();
    ec2.on(DescribeFlowLogsCommand).rejects(new PlaceboServiceError('RequestLimitExceeded', 'slow down', 503, {}));
    await expect(collector.collect(ctx)).rejects.toMatchObject({ name: 'RequestLimitExceeded' });
  });

  it('readOne reads one flow log by id, and says gone when EC2 has none', async () => {
    stubPlacebo(ec2.on(DescribeFlowLogsCommand, { FlowLogIds: ['fl-0873b1d6eacd0a14d'] }), S3_DEST);
    const ci = await collector.readOne?.(ctx, { ...REF, resourceId: 'fl-0873b1d6eacd0a14d' });
    expect(ci?.configuration.resourceId).toBe('vpc-d2d616b5');
    ec2.reset();
    stubPlacebo(ec2.on(DescribeFlowLogsCommand), EMPTY);
    expect(await collector.readOne?.(ctx, { ...REF, resourceId: 'fl-0gone' })).toBeUndefined();
    ec2.reset();
    ec2.on(DescribeFlowLogsCommand).rejects(new PlaceboServiceError('InvalidFlowLogId.NotFound', 'gone', 400, {}));
    expect(await collector.readOne?.(ctx, { ...REF, resourceId: 'fl-0gone' })).toBeUndefined();
  });
});
