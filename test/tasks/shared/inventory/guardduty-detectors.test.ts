import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { CollectContext } from '../../../../tasks/shared/inventory/collector';
import { guarddutyDetectors } from '../../../../tasks/shared/inventory/guardduty-detectors';
import { PlaceboServiceError, placeboResponse, stubPlacebo } from '../../../support/placebo';

const guardduty = mockClient(GuardDutyClient);
afterEach(() => guardduty.reset());
const ctx: CollectContext = {
  accountId: '644160558196',
  region: 'us-east-1',
  client: (C, region) => new C({ region }),
};
const collect = async () => (await guarddutyDetectors.collect(ctx)).items;
const LIST = 'test_account_guard_duty_filter__guardduty.ListDetectors_1.json';
const GET = 'test_account_guard_duty_filter__guardduty.GetDetector_1.json';
const DETECTOR = '06b01209ca77b0865dd973df0355fc1e';

describe('guardduty-detectors collector', () => {
  it('one item per account-region listing each detector as GetDetector describes it (recorded responses)', async () => {
    stubPlacebo(guardduty.on(ListDetectorsCommand), LIST);
    stubPlacebo(guardduty.on(GetDetectorCommand, { DetectorId: DETECTOR }), GET);
    const [item, ...rest] = await collect();
    expect(rest).toEqual([]);
    expect(item).toMatchObject({
      resourceType: 'Warden::GuardDuty::RegionStatus',
      resourceId: '644160558196',
      arn: 'arn:aws:guardduty:us-east-1:644160558196:region-status',
      region: 'us-east-1',
      configuration: {
        detectors: [
          {
            detectorId: DETECTOR,
            status: 'ENABLED',
            findingPublishingFrequency: 'SIX_HOURS',
            serviceRole:
              'arn:aws:iam::644160558196:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty',
            createdAt: '2017-12-05T00:29:11.374Z',
            updatedAt: '2019-02-22T02:50:23.795Z',
          },
        ],
      },
    });
    expect(item?.unknown).toBeUndefined();
  });

  it('follows NextToken through every page', async () => {
    // The recording has one page; the first page here is shaped as the API reference documents ListDetectors.
    const recorded = placeboResponse(LIST);
    if (!recorded.ok) throw new Error('recording is an error');
    guardduty
      .on(ListDetectorsCommand)
      .resolvesOnce({ DetectorIds: [], NextToken: 'page-2' })
      .resolvesOnce(recorded.output as never);
    stubPlacebo(guardduty.on(GetDetectorCommand), GET);
    const [item] = await collect();
    expect(item?.configuration.detectors).toHaveLength(1);
    expect(guardduty.commandCalls(ListDetectorsCommand).map((c) => c.args[0].input)).toEqual([
      { MaxResults: 50 },
      { MaxResults: 50, NextToken: 'page-2' },
    ]);
  });

  it('no detector (GuardDuty never enabled here) is a value: an empty list', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    const [item] = await collect();
    expect(item?.configuration).toEqual({ detectors: [] });
    expect(guardduty.commandCalls(GetDetectorCommand)).toHaveLength(0);
  });

  it('a denied GetDetector leaves the detectors unknown', async () => {
    stubPlacebo(guardduty.on(ListDetectorsCommand), LIST);
    guardduty.on(GetDetectorCommand).rejects(new PlaceboServiceError('AccessDeniedException', 'denied', 403, {}));
    const [item] = await collect();
    expect(item?.unknown).toEqual({ detectors: 'AccessDeniedException' });
    expect(item?.configuration).toEqual({ detectors: [] });
  });

  it('a failing ListDetectors and throttling propagate', async () => {
    guardduty.on(ListDetectorsCommand).rejects(new PlaceboServiceError('AccessDeniedException', 'denied', 403, {}));
    await expect(collect()).rejects.toThrow('denied');
    guardduty.reset();
    stubPlacebo(guardduty.on(ListDetectorsCommand), LIST);
    guardduty.on(GetDetectorCommand).rejects(new PlaceboServiceError('TooManyRequestsException', 'slow', 429, {}));
    await expect(collect()).rejects.toThrow('slow');
  });

  it('readOne reads the region again; with no detector it still exists (as "not enabled")', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    const ref = { resourceType: 'Warden::GuardDuty::RegionStatus', accountId: '644160558196', region: 'us-east-1' };
    expect((await guarddutyDetectors.readOne?.(ctx, ref))?.configuration).toEqual({ detectors: [] });
  });
});
