/**
 * The member stack as a service-managed StackSet: deployed by CloudFormation StackSets to every
 * account of the given OUs (and, with auto-deployment, to every account that joins them later;
 * removed from accounts that leave). The template is the member stack synthesized inline.
 * Requires trusted access for StackSets in AWS Organizations; run from the management account
 * (`callAs: SELF`) or a delegated StackSets administrator (`callAs: DELEGATED_ADMIN`). Service-
 * managed StackSets never deploy to the management account itself: deploy the member stack there
 * with `cdk deploy` if it should be swept.
 */
import { Aws, CfnStackSet } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { WardenConfig } from '../../tasks/shared/config';
import { MEMBER_STACK_NAME } from '../names';
import { renderMemberTemplate } from '../stacks/member-stack';

type StackSetCallAs = 'SELF' | 'DELEGATED_ADMIN';

interface MemberStackSetProps {
  readonly config: WardenConfig;
  /** Target OUs (`ou-...`) or the root (`r-...`). */
  readonly organizationalUnitIds: readonly string[];
  /** Regions to deploy to; the first one also creates the (global) IAM roles. */
  readonly regions: readonly string[];
  readonly organizationId: string;
  readonly externalId: string;
  /** @default 'SELF' */
  readonly callAs?: StackSetCallAs;
  /** The members get WardenSecurityHub (`warden:securityHub`). @default false */
  readonly securityHub?: boolean;
}

class MemberStackSet extends Construct {
  public readonly stackSet: CfnStackSet;
  /** The inline member template (JSON), as deployed to the member accounts. */
  public readonly templateBody: string;

  public constructor(scope: Construct, id: string, props: MemberStackSetProps) {
    super(scope, id);
    const [rolesRegion] = props.regions;
    if (rolesRegion === undefined || props.organizationalUnitIds.length === 0) {
      throw new Error('the member StackSet needs at least one organizational unit and one region');
    }
    this.templateBody = renderMemberTemplate({
      config: props.config,
      ...(props.securityHub === true ? { securityHub: true } : {}),
    });
    const parameters: Record<string, string> = {
      CentralAccountId: Aws.ACCOUNT_ID,
      CentralRegion: Aws.REGION,
      OrganizationId: props.organizationId,
      ExternalId: props.externalId,
      RolesRegion: rolesRegion,
    };
    this.stackSet = new CfnStackSet(this, 'StackSet', {
      stackSetName: MEMBER_STACK_NAME,
      description: 'Warden member stack: WardenAudit and WardenRemediate roles, event forwarding to the central bus',
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      callAs: props.callAs ?? 'SELF',
      capabilities: ['CAPABILITY_NAMED_IAM'],
      managedExecution: { Active: true },
      operationPreferences: {
        // One region after the other, the roles region first; a few broken accounts do not stop the rest.
        regionOrder: [...props.regions],
        regionConcurrencyType: 'SEQUENTIAL',
        maxConcurrentPercentage: 25,
        failureTolerancePercentage: 10,
      },
      parameters: Object.entries(parameters).map(([parameterKey, parameterValue]) => ({
        parameterKey,
        parameterValue,
      })),
      stackInstancesGroup: [
        {
          deploymentTargets: { organizationalUnitIds: [...props.organizationalUnitIds] },
          regions: [...props.regions],
        },
      ],
      templateBody: this.templateBody,
    });
  }
}

export type { MemberStackSetProps, StackSetCallAs };
export { MemberStackSet };
