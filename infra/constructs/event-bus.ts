/**
 * The central `warden` event bus: member accounts' forwarding rules put their events here. Its
 * resource policy admits `events:PutEvents` from principals of the organization only
 * (`aws:PrincipalOrgID`); the rules that start the event workflow are added on it by the workflow.
 */
import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { EVENT_BUS_NAME } from '../names';

interface WardenEventBusProps {
  /** The organization whose accounts may put events (`o-...`, may be a parameter token). */
  readonly organizationId: string;
  /** @default 'warden' */
  readonly eventBusName?: string;
}

class WardenEventBus extends Construct {
  public readonly bus: events.EventBus;

  public constructor(scope: Construct, id: string, props: WardenEventBusProps) {
    super(scope, id);
    const eventBusName = props.eventBusName ?? EVENT_BUS_NAME;
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName,
      description: 'Warden: events forwarded by the member accounts of the organization',
    });
    // The policy on the bus itself (not a separate AWS::Events::EventBusPolicy); the ARN is spelled
    // out from the fixed name, since the bus cannot refer to its own Arn attribute.
    const busArn = Stack.of(this).formatArn({ service: 'events', resource: 'event-bus', resourceName: eventBusName });
    (this.bus.node.defaultChild as events.CfnEventBus).policy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'OrganizationMembersPutEvents',
          principals: [new iam.AnyPrincipal()],
          actions: ['events:PutEvents'],
          resources: [busArn],
          conditions: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
        }),
      ],
    }).toJSON();
  }
}

export type { WardenEventBusProps };
export { WardenEventBus };
