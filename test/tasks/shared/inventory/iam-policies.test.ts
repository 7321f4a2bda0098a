import { GetPolicyVersionCommand, IAMClient, ListPoliciesCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../../tasks/rules/policy-document';
import type { CollectContext } from '../../../../tasks/shared/inventory/collector';
import { iamPoliciesCollector } from '../../../../tasks/shared/inventory/iam-policies';
import { PlaceboServiceError, stubPlacebo } from '../../../support/placebo';

const ACCOUNT = '644160558196';
const ADMIN_ARN = `arn:aws:iam::${ACCOUNT}:policy/MyAdminPolicy`;
const iam = mockClient(IAMClient);
afterEach(() => iam.reset());
const ctx: CollectContext = { accountId: ACCOUNT, region: 'us-east-1', client: (C, region) => new C({ region }) };

function recorded() {
  stubPlacebo(iam.on(ListPoliciesCommand), 'test_iam_policy_allow_all__iam.ListPolicies_1.json');
  // One recorded default version (MyAdminPolicy's); the same document answers for the other policies.
  stubPlacebo(iam.on(GetPolicyVersionCommand), 'test_iam_policy_allow_all__iam.GetPolicyVersion_1.json');
}

describe('iamPoliciesCollector', () => {
  it('lists the account’s own policies (Scope Local) and reads each default version', async () => {
    recorded();
    const { items } = await iamPoliciesCollector.collect(ctx);
    expect(iam.commandCalls(ListPoliciesCommand).map((c) => c.args[0].input)).toEqual([{ Scope: 'Local' }]);
    expect(items).toHaveLength(7);
    const admin = items.find((ci) => ci.arn === ADMIN_ARN);
    expect(admin).toMatchObject({
      resourceType: 'AWS::IAM::Policy',
      resourceId: 'ANPAR4MAEXA2AT4QN72PR',
      resourceName: 'MyAdminPolicy',
      region: 'global',
      status: 'OK',
      configuration: {
        policyName: 'MyAdminPolicy',
        policyId: 'ANPAR4MAEXA2AT4QN72PR',
        defaultVersionId: 'v1',
        attachmentCount: 0,
        permissionsBoundaryUsageCount: 0,
        isAttachable: true,
        createDate: '2021-07-30T03:04:40.000Z',
        policyVersionList: [{ versionId: 'v1', isDefaultVersion: true, createDate: '2021-07-30T03:04:40.000Z' }],
      },
    });
    expect(iam.commandCalls(GetPolicyVersionCommand).map((c) => c.args[0].input)).toContainEqual({
      PolicyArn: ADMIN_ARN,
      VersionId: 'v1',
    });
    // The document stays URL-encoded, as IAM returns it and Config records it; parsePolicy reads it.
    const [version] = (admin?.configuration.policyVersionList ?? []) as { document: string }[];
    expect(version?.document.startsWith('%7B')).toBe(true);
    expect(parsePolicy(version?.document)).toMatchObject([{ effect: 'Allow', actions: ['*'], resources: ['*'] }]);
  });

  it('pages ListPolicies (IsTruncated/Marker); no policies is an empty inventory', async () => {
    recorded();
    // Page shape of the IAM API reference (ListPolicies: IsTruncated, Marker); no recording has two pages.
    iam
      .on(ListPoliciesCommand)
      .resolvesOnce({
        Policies: [{ PolicyName: 'a', PolicyId: 'ANPA1', Arn: 'arn:a' }],
        IsTruncated: true,
        Marker: 'p2',
      })
      .resolvesOnce({ Policies: [], IsTruncated: false });
    const { items } = await iamPoliciesCollector.collect(ctx);
    expect(items.map((ci) => ci.resourceId)).toEqual(['ANPA1']);
    expect(iam.commandCalls(ListPoliciesCommand).map((c) => c.args[0].input)).toEqual([
      { Scope: 'Local' },
      { Scope: 'Local', Marker: 'p2' },
    ]);
    iam.on(ListPoliciesCommand).resolves({ Policies: [], IsTruncated: false });
    expect((await iamPoliciesCollector.collect(ctx)).items).toEqual([]);
  });

  it('records a denied GetPolicyVersion in unknown; throttling and a failing listing propagate', async () => {
    recorded();
    iam.on(GetPolicyVersionCommand).rejects(new PlaceboServiceError('AccessDenied', 'denied', 403, {}));
    const { items } = await iamPoliciesCollector.collect(ctx);
    expect(items[0]?.unknown).toEqual({ policyVersionList: 'AccessDenied' });
    iam.on(GetPolicyVersionCommand).rejects(new PlaceboServiceError('Throttling', 'Rate exceeded', 400, {}));
    await expect(iamPoliciesCollector.collect(ctx)).rejects.toMatchObject({ name: 'Throttling' });
    iam.on(ListPoliciesCommand).rejects(new PlaceboServiceError('AccessDenied', 'denied', 403, {}));
    await expect(iamPoliciesCollector.collect(ctx)).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('readOne finds a policy by id, and a deleted one is gone', async () => {
    recorded();
    const ref = { resourceType: 'AWS::IAM::Policy', accountId: ACCOUNT, region: 'global' };
    expect((await iamPoliciesCollector.readOne?.(ctx, { ...ref, resourceId: 'ANPAR4MAEXA2AT4QN72PR' }))?.arn).toBe(
      ADMIN_ARN,
    );
    expect(await iamPoliciesCollector.readOne?.(ctx, { ...ref, resourceId: 'ANPADELETED' })).toBeUndefined();
  });
});
