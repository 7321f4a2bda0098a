/**
 * vpc-created: tells the network owners whenever a VPC is created (DESIGN §5: always, notify),
 * naming the VPC, its CIDR and who created it.
 */
import { z } from 'zod';
import { textAt } from '../../shared/events/json';
import { callerDetails, defineEventRule, noMatch, partitionOf, shortPrincipal } from './event-rule';

const parameters = z.object({}).strict();
type VpcCreatedParams = z.infer<typeof parameters>;

const EVENT_NAMES = ['CreateVpc', 'CreateDefaultVpc'];

const vpcCreated = defineEventRule<VpcCreatedParams>({
  id: 'vpc-created',
  title: 'A VPC was created',
  severity: 'MEDIUM',
  controls: [],
  controlsNote:
    'No FSBP or CIS control: an informational notice of the seed scenarios (tell the network owners of every new VPC).',
  rationale:
    "A VPC created outside the network team's plan brings its own routes, gateways and address ranges that may overlap the organization's. The rule tells the network owners who created which VPC where, so they can adopt or remove it before it is peered or used.",
  triggers: { cloudTrail: [{ source: 'aws.ec2', eventNames: EVENT_NAMES }] },
  defaultMode: 'notify',
  parameters,
  evaluate(event) {
    if (event.kind !== 'API_CALL' || !EVENT_NAMES.includes(event.eventName)) {
      return noMatch(`vpc-created: ${event.eventName || event.detailType} does not create a VPC`);
    }
    const vpcId = textAt(event.response, 'vpc', 'vpcId');
    const cidr = textAt(event.response, 'vpc', 'cidrBlock') ?? textAt(event.request, 'cidrBlock');
    const isDefault = event.eventName === 'CreateDefaultVpc';
    const what = `${isDefault ? 'default ' : ''}VPC ${vpcId ?? '(id not recorded)'}${cidr === undefined ? '' : ` (${cidr})`}`;
    const by = event.originator?.display ?? 'an unknown caller';
    return {
      matched: true,
      summary: `${what} created by ${shortPrincipal(event)}`,
      message: `A ${what} was created in ${event.region} by ${by}.`,
      subject: {
        type: 'AWS::EC2::VPC',
        id: vpcId ?? event.eventId,
        arn: `arn:${partitionOf(event.region)}:ec2:${event.region}:${event.accountId}:vpc/${vpcId ?? event.eventId}`,
      },
      details: {
        ...(vpcId === undefined ? {} : { VPC: vpcId }),
        ...(cidr === undefined ? {} : { 'CIDR block': cidr }),
        ...callerDetails(event),
      },
      dedupeKey: vpcId ?? `event/${event.eventId}`,
    };
  },
});

export { type VpcCreatedParams, vpcCreated };
