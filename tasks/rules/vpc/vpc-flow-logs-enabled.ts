/**
 * vpc-flow-logs-enabled: every VPC has an active flow log that captures at least the traffic type
 * asked for (FSBP EC2.6 and CIS 3.7: rejected traffic by default; a flow log of `ALL` captures it too).
 * Notify only: a flow log costs delivery and storage, and where it goes (which bucket or log group,
 * which role) is the owner's choice.
 *
 * Reads the VPC (AWS::EC2::VPC) and, through the evaluation context, the region's AWS::EC2::FlowLog
 * items as AWS Config records them (awslabs/aws-config-resource-schema):
 * `configuration.{flowLogId, resourceId, trafficType, flowLogStatus, deliverLogsStatus}`, where
 * `resourceId` is the VPC the flow log watches. Flow logs of the VPC's subnets or network interfaces
 * do not count (they see part of its traffic, as the control says).
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { stateOf, stringOf } from '../ci-values';
import { defineRule, type EvaluationContext } from '../rule';

const FLOW_LOG_TYPE = 'AWS::EC2::FlowLog';
const TRAFFIC_TYPES = ['REJECT', 'ACCEPT', 'ALL'] as const;

const parameters = z
  .object({
    /**
     * The traffic a VPC's flow log must capture: `REJECT` (what FSBP EC2.6 checks), `ACCEPT` or `ALL`.
     * A flow log of `ALL` satisfies any of them. @default 'REJECT'
     */
    trafficType: z.enum(TRAFFIC_TYPES).default('REJECT'),
  })
  .strict();

type VpcFlowLogsEnabledParams = z.infer<typeof parameters>;

interface FlowLog {
  readonly id: string;
  readonly trafficType: string | undefined;
  readonly status: string | undefined;
}

/** The VPC's own flow logs in the inventory (deleted ones left out). */
function flowLogsOf(ci: ConfigurationItem, context: EvaluationContext): FlowLog[] {
  return context
    .related(FLOW_LOG_TYPE)
    .filter((f) => !isGone(f) && stringOf(f.configuration.resourceId) === ci.resourceId)
    .map((f) => ({
      id: f.resourceId,
      trafficType: stringOf(f.configuration.trafficType),
      status: stateOf(f.configuration.flowLogStatus),
    }));
}

/** Whether a flow log of `captured` traffic covers the `wanted` type. */
function covers(captured: string | undefined, wanted: string): boolean {
  return captured === 'ALL' || captured === wanted;
}

function evaluate(ci: ConfigurationItem, params: VpcFlowLogsEnabledParams, context?: EvaluationContext): Evaluation {
  if (isGone(ci)) return { status: 'NOT_APPLICABLE', message: `VPC ${ci.resourceId} no longer exists (${ci.status})` };
  if (context === undefined) {
    throw new UnknownPropertyError(FLOW_LOG_TYPE, 'no evaluation context: the region’s flow logs were not read');
  }
  const cidr = stringOf(ci.configuration.cidrBlock);
  const label = `VPC ${ci.resourceId}${cidr === undefined ? '' : ` (${cidr})`}`;
  const flowLogs = flowLogsOf(ci, context);
  const active = flowLogs.filter((f) => f.status === undefined || f.status === 'ACTIVE');
  const matching = active.filter((f) => covers(f.trafficType, params.trafficType));
  const evidence = {
    trafficType: params.trafficType,
    flowLogs: flowLogs.map((f) => ({ flowLogId: f.id, trafficType: f.trafficType ?? null, status: f.status ?? null })),
  };
  if (matching.length > 0) {
    const names = matching.map((f) => `${f.id} (${f.trafficType})`).join(', ');
    return { status: 'COMPLIANT', message: `${label} has an active flow log: ${names}`, evidence };
  }
  const seen =
    active.length === 0
      ? 'has no active flow log'
      : `has flow logs only of other traffic (${active.map((f) => `${f.id}: ${f.trafficType ?? 'unknown'}`).join(', ')})`;
  return {
    status: 'NON_COMPLIANT',
    message: `${label} ${seen}; create one capturing ${params.trafficType === 'ALL' ? 'ALL' : `${params.trafficType} or ALL`} traffic`,
    evidence,
  };
}

const vpcFlowLogsEnabled = defineRule<VpcFlowLogsEnabledParams>({
  id: 'vpc-flow-logs-enabled',
  title: 'VPCs have flow logging enabled',
  severity: 'MEDIUM',
  controls: ['FSBP EC2.6', 'CIS 3.7'],
  controlsNote:
    'A flow log of the whole VPC only (as EC2.6); one of ALL traffic also satisfies the REJECT default. CIS 3.7 asks for rejected traffic at least, which the default checks.',
  rationale:
    'Without flow logs there is no record of who talked to what in a VPC: rejected connection attempts, a scan from inside, data leaving through an unexpected path are invisible to an investigation after the fact. Creating one costs delivery and storage and needs a destination and a role the owner chooses, so the rule notifies.',
  resourceTypes: ['AWS::EC2::VPC'],
  relatedTypes: [FLOW_LOG_TYPE],
  // Sweep only. CreateFlowLogs/DeleteFlowLogs name the flow log, not the VPC; a VPC judged at CreateVpc
  // has no flow log yet (its template adds one a moment later); and the event path has no live reader
  // for AWS::EC2::VPC yet (tasks/shared/inventory/live-reader.ts), so a Config change could not be re-read.
  triggers: { sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'AWS::EC2::FlowLog (ResourceType: VPC, ResourceId: the VPC)',
    change: (_ci, params) =>
      `add an AWS::EC2::FlowLog for the VPC with TrafficType: ${params.trafficType === 'ACCEPT' ? 'ACCEPT or ALL' : params.trafficType === 'ALL' ? 'ALL' : 'REJECT or ALL'}`,
    cdk: (_ci, params) => `vpc.addFlowLog('FlowLog', { trafficType: ec2.FlowLogTrafficType.${params.trafficType} })`,
    terraform: (_ci, params) => `an aws_flow_log with vpc_id = the VPC and traffic_type = "${params.trafficType}"`,
  },
});

export { type VpcFlowLogsEnabledParams, vpcFlowLogsEnabled };
