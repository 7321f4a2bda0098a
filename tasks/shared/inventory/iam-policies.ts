/**
 * Customer managed IAM policies as AWS Config `AWS::IAM::Policy` configuration items (resourceId =
 * the policy id `ANPA…`, resourceName = the policy name, `region: 'global'`), read once per account:
 * ListPolicies with `Scope: 'Local'` (the account's own policies; AWS managed ones are AWS's to fix),
 * then GetPolicyVersion of each policy's default version.
 *
 * Config's properties (awslabs/aws-config-resource-schema): `policyName`, `policyId`, `arn`, `path`,
 * `defaultVersionId`, `attachmentCount`, `permissionsBoundaryUsageCount`, `isAttachable`,
 * `description`, `createDate`, `updateDate`, and `policyVersionList[].{document, versionId,
 * isDefaultVersion, createDate}` with the document URL-encoded, as IAM returns it (and as Config
 * records it); only the default version is read here, the one in force. A GetPolicyVersion that fails
 * other than by throttling goes to `unknown.policyVersionList`.
 */
import { GetPolicyVersionCommand, IAMClient, ListPoliciesCommand, type Policy } from '@aws-sdk/client-iam';
import { errorName } from '../aws/aws-errors';
import { mapLimit } from '../aws/concurrency';
import { collectPages } from '../aws/pager';
import type { ResourceRef } from '../events/event-model';
import type { ConfigurationItem } from '../model';
import { isThrottlingError } from '../throttling';
import { type CollectContext, defineCollector, GLOBAL_REGION } from './collector';
import { tagMap, toConfigCase } from './config-case';

const IAM_POLICY_TYPE = 'AWS::IAM::Policy';

/** Policies whose default version is read at the same time. */
const POLICY_CONCURRENCY = 4;

async function defaultVersion(iam: IAMClient, policy: Policy): Promise<Record<string, unknown>[]> {
  const output = await iam.send(
    new GetPolicyVersionCommand({ PolicyArn: policy.Arn, VersionId: policy.DefaultVersionId }),
  );
  const version = output.PolicyVersion;
  return version === undefined ? [] : [toConfigCase(version) as Record<string, unknown>];
}

async function policyToCi(
  iam: IAMClient,
  policy: Policy,
  accountId: string,
  captureTime: string,
): Promise<ConfigurationItem> {
  const { Tags, ...rest } = policy;
  const configuration = toConfigCase(rest) as Record<string, unknown>;
  let unknown: Record<string, string> | undefined;
  try {
    configuration.policyVersionList = await defaultVersion(iam, policy);
  } catch (error) {
    if (isThrottlingError(error)) throw error;
    unknown = { policyVersionList: errorName(error) };
  }
  return {
    resourceType: IAM_POLICY_TYPE,
    resourceId: policy.PolicyId ?? policy.Arn ?? '',
    ...(policy.PolicyName === undefined ? {} : { resourceName: policy.PolicyName }),
    arn: policy.Arn ?? '',
    accountId,
    region: GLOBAL_REGION,
    availabilityZone: 'Not Applicable',
    status: 'OK',
    captureTime,
    configuration,
    supplementaryConfiguration: {},
    tags: tagMap(Tags),
    relationships: [],
    ...(unknown === undefined ? {} : { unknown }),
  };
}

async function collectIamPolicies(ctx: CollectContext): Promise<ConfigurationItem[]> {
  const iam = ctx.client(IAMClient, ctx.region);
  const captureTime = new Date().toISOString();
  const policies = await collectPages('ListPolicies', async (marker) => {
    const page = await iam.send(
      new ListPoliciesCommand({ Scope: 'Local', ...(marker === undefined ? {} : { Marker: marker }) }),
    );
    return { items: page.Policies ?? [], nextToken: page.IsTruncated === true ? page.Marker : undefined };
  });
  return mapLimit(policies, POLICY_CONCURRENCY, (policy) => policyToCi(iam, policy, ctx.accountId, captureTime));
}

/** One policy, found in the account's listing (IAM has no lookup by policy id); `undefined` when gone. */
async function readIamPolicy(ctx: CollectContext, ref: ResourceRef): Promise<ConfigurationItem | undefined> {
  const policies = await collectIamPolicies(ctx);
  return policies.find(
    (ci) =>
      (ref.resourceId !== undefined && ci.resourceId === ref.resourceId) ||
      (ref.resourceId === undefined && ci.resourceName === ref.resourceName),
  );
}

const iamPoliciesCollector = defineCollector({
  resourceTypes: [IAM_POLICY_TYPE],
  scope: 'account',
  api: 'iam:ListPolicies',
  reads: ['iam:ListPolicies', 'iam:GetPolicyVersion'],
  recordedByConfig: true,
  collect: async (ctx) => ({ items: await collectIamPolicies(ctx) }),
  readOne: readIamPolicy,
});

export { IAM_POLICY_TYPE, iamPoliciesCollector };
