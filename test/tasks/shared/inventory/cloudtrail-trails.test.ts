import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { cloudtrailAccountTrails, cloudtrailTrails } from '../../../../tasks/shared/inventory/cloudtrail-trails';
import type { CollectContext } from '../../../../tasks/shared/inventory/collector';
import { PlaceboServiceError, stubPlacebo } from '../../../support/placebo';

const cloudtrail = mockClient(CloudTrailClient);
afterEach(() => cloudtrail.reset());
const ACCOUNT = '644160558196';
const ctx = (region = 'us-east-1'): CollectContext => ({
  accountId: ACCOUNT,
  region,
  client: (C, at) => new C({ region: at }),
});
const SKUNK = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/skunk-trails`;
const ALL_EVENTS = 'test_cloudtrail_success_cloudtrail_include_management_events__cloudtrail.GetEventSelectors_1.json';
const READ_ONLY = 'test_cloudtrail_fail_include_management_events__cloudtrail.GetEventSelectors_1.json';

function stubOneTrail() {
  stubPlacebo(cloudtrail.on(DescribeTrailsCommand), 'test_account_trail__cloudtrail.DescribeTrails_1.json');
  stubPlacebo(cloudtrail.on(GetTrailStatusCommand), 'test_account_trail__cloudtrail.GetTrailStatus_1.json');
  stubPlacebo(cloudtrail.on(GetEventSelectorsCommand), ALL_EVENTS);
}

describe('cloudtrail-trails collector (AWS::CloudTrail::Trail, per region)', () => {
  it("the region's own trails with Config's paths, and Warden's status and selectors (recorded responses)", async () => {
    stubOneTrail();
    const { items } = await cloudtrailTrails.collect(ctx());
    expect(cloudtrail.commandCalls(DescribeTrailsCommand)[0]?.args[0].input).toEqual({ includeShadowTrails: false });
    expect(cloudtrail.commandCalls(GetTrailStatusCommand)[0]?.args[0].input).toEqual({ Name: SKUNK });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      resourceType: 'AWS::CloudTrail::Trail',
      resourceId: 'skunk-trails',
      resourceName: 'skunk-trails',
      arn: SKUNK,
      region: 'us-east-1',
      status: 'OK',
      configuration: {
        name: 'skunk-trails',
        trailARN: SKUNK,
        homeRegion: 'us-east-1',
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        logFileValidationEnabled: true,
        s3BucketName: 'custodian-skunk-trails',
        kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/36812ccf-daaf-49b1-a24b-0eef254ffe41`,
      },
      supplementaryConfiguration: {
        TrailStatus: { isLogging: true, latestDeliveryTime: '2016-08-07T19:07:56.058Z' },
        EventSelectors: {
          eventSelectors: [{ readWriteType: 'All', includeManagementEvents: true }],
          advancedEventSelectors: [],
        },
      },
    });
    // The deprecated string copies of the timestamps are left out.
    expect(items[0]?.supplementaryConfiguration.TrailStatus).not.toHaveProperty('timeLoggingStarted');
    expect(items[0]?.unknown).toBeUndefined();
  });

  it('a trail homed in another region is not an item of this one; no trail is an empty list', async () => {
    stubOneTrail();
    expect((await cloudtrailTrails.collect(ctx('eu-west-1'))).items).toEqual([]);
    cloudtrail.reset();
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
    expect((await cloudtrailTrails.collect(ctx())).items).toEqual([]);
  });

  it('a denied GetTrailStatus / GetEventSelectors leaves that part unknown', async () => {
    stubPlacebo(cloudtrail.on(DescribeTrailsCommand), 'test_account_trail__cloudtrail.DescribeTrails_1.json');
    cloudtrail.on(GetTrailStatusCommand).rejects(new PlaceboServiceError('AccessDeniedException', 'no', 400, {}));
    cloudtrail.on(GetEventSelectorsCommand).rejects(new PlaceboServiceError('AccessDeniedException', 'no', 400, {}));
    const [trail] = (await cloudtrailTrails.collect(ctx())).items;
    expect(trail?.unknown).toEqual({ TrailStatus: 'AccessDeniedException', EventSelectors: 'AccessDeniedException' });
    expect(trail?.configuration.logFileValidationEnabled).toBe(true);
  });

  it('a failing DescribeTrails and throttling propagate', async () => {
    cloudtrail.on(DescribeTrailsCommand).rejects(new PlaceboServiceError('AccessDeniedException', 'denied', 400, {}));
    await expect(cloudtrailTrails.collect(ctx())).rejects.toThrow('denied');
    cloudtrail.reset();
    stubPlacebo(cloudtrail.on(DescribeTrailsCommand), 'test_account_trail__cloudtrail.DescribeTrails_1.json');
    cloudtrail.on(GetTrailStatusCommand).rejects(new PlaceboServiceError('ThrottlingException', 'slow', 400, {}));
    cloudtrail.on(GetEventSelectorsCommand).resolves({});
    await expect(cloudtrailTrails.collect(ctx())).rejects.toThrow('slow');
  });

  it('readOne finds a trail by name, and says gone when DescribeTrails no longer lists it', async () => {
    stubOneTrail();
    const ref = {
      resourceType: 'AWS::CloudTrail::Trail',
      resourceId: 'skunk-trails',
      accountId: ACCOUNT,
      region: 'us-east-1',
    };
    expect((await cloudtrailTrails.readOne?.(ctx(), ref))?.arn).toBe(SKUNK);
    expect(cloudtrail.commandCalls(DescribeTrailsCommand)[0]?.args[0].input).toEqual({
      includeShadowTrails: false,
      trailNameList: ['skunk-trails'],
    });
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
    expect(await cloudtrailTrails.readOne?.(ctx(), ref)).toBeUndefined();
  });
});

describe('cloudtrail-trails collector (Warden::CloudTrail::AccountTrails, per account)', () => {
  it('lists shadow trails too and summarises every multi-region trail (recorded responses)', async () => {
    stubPlacebo(cloudtrail.on(DescribeTrailsCommand), 'test_cloudtrail_status__cloudtrail.DescribeTrails_1.json');
    stubPlacebo(cloudtrail.on(GetTrailStatusCommand), 'test_cloudtrail_status__cloudtrail.GetTrailStatus_2.json');
    stubPlacebo(cloudtrail.on(GetEventSelectorsCommand), READ_ONLY);
    const { items } = await cloudtrailAccountTrails.collect(ctx());
    expect(cloudtrail.commandCalls(DescribeTrailsCommand)[0]?.args[0].input).toEqual({ includeShadowTrails: true });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      resourceType: 'Warden::CloudTrail::AccountTrails',
      resourceId: ACCOUNT,
      arn: `arn:aws:cloudtrail::${ACCOUNT}:account-trails`,
      region: 'global',
    });
    const trails = items[0]?.configuration.multiRegionTrails as Record<string, unknown>[];
    expect(trails.map((t) => [t.name, t.isLogging, t.isOrganizationTrail])).toEqual([
      ['S3-DataEvents', true, false],
      ['skunk-trails', true, false],
    ]);
    expect(trails[0]?.eventSelectors).toEqual([
      expect.objectContaining({ readWriteType: 'ReadOnly', includeManagementEvents: true }),
    ]);
  });

  it("an organization trail (a shadow trail in a member account) counts; single-region trails don't", async () => {
    stubPlacebo(cloudtrail.on(DescribeTrailsCommand), 'test_cloudtrail_is_shadow__cloudtrail.DescribeTrails_1.json');
    stubPlacebo(cloudtrail.on(GetTrailStatusCommand), 'test_account_trail__cloudtrail.GetTrailStatus_1.json');
    stubPlacebo(
      cloudtrail.on(GetEventSelectorsCommand),
      'test_cloudtrail_success_management_advanced_events_included__cloudtrail.GetEventSelectors_1.json',
    );
    const [item] = (await cloudtrailAccountTrails.collect(ctx())).items;
    expect(item?.configuration.multiRegionTrails).toEqual([
      expect.objectContaining({
        name: 'orgTrail',
        isOrganizationTrail: true,
        isLogging: true,
        eventSelectors: [],
        advancedEventSelectors: [
          {
            fieldSelectors: [
              { field: 'eventCategory', equals: ['Management'] },
              { field: 'eventSource', notEquals: ['rdsdata.amazonaws.com'] },
            ],
          },
        ],
      }),
    ]);
    cloudtrail.reset();
    cloudtrail.on(DescribeTrailsCommand).resolves({
      trailList: [
        { Name: 'local', TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/local`, IsMultiRegionTrail: false },
      ],
    });
    expect((await cloudtrailAccountTrails.collect(ctx())).items[0]?.configuration).toEqual({ multiRegionTrails: [] });
    expect(cloudtrail.commandCalls(GetTrailStatusCommand)).toHaveLength(0);
  });

  it("a trail whose status is denied is listed with isLogging null and the item's unknown map says which", async () => {
    stubPlacebo(cloudtrail.on(DescribeTrailsCommand), 'test_account_trail__cloudtrail.DescribeTrails_1.json');
    cloudtrail.on(GetTrailStatusCommand).rejects(new PlaceboServiceError('AccessDeniedException', 'no', 400, {}));
    stubPlacebo(cloudtrail.on(GetEventSelectorsCommand), ALL_EVENTS);
    const [item] = (await cloudtrailAccountTrails.collect(ctx())).items;
    expect(item?.unknown).toEqual({ 'multiRegionTrails[0].TrailStatus': 'AccessDeniedException' });
    const trails = (item?.configuration.multiRegionTrails ?? []) as Record<string, unknown>[];
    expect(trails[0]?.isLogging).toBeNull();
  });

  it('is read once per account and its readOne reads it again', async () => {
    expect(cloudtrailAccountTrails.scope).toBe('account');
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
    const ref = { resourceType: 'Warden::CloudTrail::AccountTrails', accountId: ACCOUNT, region: 'us-east-1' };
    expect((await cloudtrailAccountTrails.readOne?.(ctx(), ref))?.configuration).toEqual({ multiRegionTrails: [] });
  });
});
