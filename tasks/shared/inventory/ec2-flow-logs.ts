/**
 * VPC flow logs of one account-region as AWS Config `AWS::EC2::FlowLog` items, read with
 * DescribeFlowLogs (paged, 1,000 a page). Config's paths (awslabs/aws-config-resource-schema):
 * `configuration.{flowLogId, resourceId, trafficType, flowLogStatus, deliverLogsStatus,
 * logDestinationType, logDestination, logGroupName, …}`; `configuration.resourceId` is what the flow
 * log watches (a VPC, subnet, network interface or transit gateway), which is how the VPC rule finds a
 * VPC's flow logs. Flow logs have no per-resource read: the listing is the whole item, and a failing
 * listing propagates (the read's region error).
 */
import { DescribeFlowLogsCommand, EC2Client, type FlowLog } from '@aws-sdk/client-ec2';
import { errorName } from '../aws/aws-errors';
import { collectPages } from '../aws/pager';
import type { ConfigurationItem } from '../model';
import { defineCollector } from './collector';
import { partitionOf, tagMap, toConfigCase } from './config-case';

const RESOURCE_TYPE = 'AWS::EC2::FlowLog';

/** Largest page DescribeFlowLogs allows. */
const PAGE_SIZE = 1000;

/** What EC2 answers for a flow log id that does not exist. */
const NOT_FOUND = 'InvalidFlowLogId.NotFound';

function flowLogToCi(flowLog: FlowLog, accountId: string, region: string): ConfigurationItem | undefined {
  const id = flowLog.FlowLogId;
  if (id === undefined) return undefined;
  const { Tags, ...rest } = flowLog;
  return {
    resourceType: RESOURCE_TYPE,
    resourceId: id,
    arn: `arn:${partitionOf(region)}:ec2:${region}:${accountId}:vpc-flow-log/${id}`,
    accountId,
    region,
    availabilityZone: 'Not Applicable',
    status: 'OK',
    configuration: toConfigCase(rest) as Record<string, unknown>,
    supplementaryConfiguration: {},
    tags: tagMap(Tags),
    relationships: [],
  };
}

async function describeFlowLogs(ec2: EC2Client, flowLogIds?: string[]): Promise<FlowLog[]> {
  return collectPages('DescribeFlowLogs', async (token) => {
    const page = await ec2.send(
      new DescribeFlowLogsCommand({
        ...(flowLogIds === undefined ? { MaxResults: PAGE_SIZE } : { FlowLogIds: flowLogIds }),
        ...(token === undefined ? {} : { NextToken: token }),
      }),
    );
    return { items: page.FlowLogs ?? [], nextToken: page.NextToken };
  });
}

const ec2FlowLogsCollector = defineCollector({
  resourceTypes: [RESOURCE_TYPE],
  scope: 'region',
  api: 'ec2:DescribeFlowLogs',
  reads: ['ec2:DescribeFlowLogs'],
  recordedByConfig: true,
  async collect(ctx) {
    const flowLogs = await describeFlowLogs(ctx.client(EC2Client, ctx.region));
    return {
      items: flowLogs.map((f) => flowLogToCi(f, ctx.accountId, ctx.region)).filter((ci) => ci !== undefined),
    };
  },
  async readOne(ctx, ref) {
    if (ref.resourceId === undefined) return undefined;
    try {
      const [flowLog] = await describeFlowLogs(ctx.client(EC2Client, ctx.region), [ref.resourceId]);
      return flowLog === undefined ? undefined : flowLogToCi(flowLog, ctx.accountId, ctx.region);
    } catch (error) {
      if (errorName(error) === NOT_FOUND) return undefined;
      throw error;
    }
  },
});

export { ec2FlowLogsCollector, flowLogToCi };
