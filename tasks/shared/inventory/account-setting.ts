/**
 * The shape of Warden's own account-setting items (`Warden::<Service>::<Thing>`): settings AWS Config
 * does not record as a resource (EBS encryption by default, "GuardDuty is on in this region", …), one
 * item per account-region (or per account, with `region: 'global'`), resourceId = the account id, an
 * ARN in the style of `accountPublicAccessBlockArn` (`arn:<partition>:<service>:<region or empty>:<account>:<thing>`).
 * They only ever come from the service APIs (`recordedByConfig: false`).
 */
import type { ConfigurationItem } from '../model';
import { GLOBAL_REGION } from './collector';
import { partitionOf } from './config-case';

interface AccountSettingInput {
  readonly resourceType: `Warden::${string}::${string}`;
  /** The ARN's service part (`ec2`, `guardduty`). */
  readonly service: string;
  /** The ARN's last part (`ebs-encryption-by-default`). */
  readonly thing: string;
  readonly accountId: string;
  /** The region the setting belongs to, or `global` for an account-wide one. */
  readonly region: string;
  /** The region whose partition the ARN names (for `global`: the endpoint region that was read). */
  readonly endpointRegion?: string;
  readonly configuration: Record<string, unknown>;
  /** Properties that could not be read, with the error name (`AccessDenied`). */
  readonly unknown?: Record<string, string>;
}

function accountSettingArn(service: string, thing: string, accountId: string, region: string, endpoint = region) {
  const partition = partitionOf(endpoint);
  return `arn:${partition}:${service}:${region === GLOBAL_REGION ? '' : region}:${accountId}:${thing}`;
}

function accountSettingItem(input: AccountSettingInput): ConfigurationItem {
  const unknown = input.unknown ?? {};
  return {
    resourceType: input.resourceType,
    resourceId: input.accountId,
    arn: accountSettingArn(input.service, input.thing, input.accountId, input.region, input.endpointRegion),
    accountId: input.accountId,
    region: input.region,
    availabilityZone: 'Not Applicable',
    status: 'OK',
    configuration: input.configuration,
    supplementaryConfiguration: {},
    tags: {},
    relationships: [],
    ...(Object.keys(unknown).length > 0 ? { unknown } : {}),
  };
}

export { accountSettingArn, accountSettingItem };
