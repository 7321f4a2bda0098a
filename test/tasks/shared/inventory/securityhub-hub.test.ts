import { DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { CollectContext } from '../../../../tasks/shared/inventory/collector';
import { securityhubHub } from '../../../../tasks/shared/inventory/securityhub-hub';
import { PlaceboServiceError, stubPlacebo } from '../../../support/placebo';

const hub = mockClient(SecurityHubClient);
afterEach(() => hub.reset());
const ctx: CollectContext = {
  accountId: '644160558196',
  region: 'us-east-1',
  client: (C, region) => new C({ region }),
};
const collect = async () => (await securityhubHub.collect(ctx)).items;

describe('securityhub-hub collector', () => {
  it('an enabled hub: its ARN, subscription time and settings (recorded response)', async () => {
    stubPlacebo(hub.on(DescribeHubCommand), 'test_security_hub_master_filter__securityhub.DescribeHub_1.json');
    expect(await collect()).toEqual([
      {
        resourceType: 'Warden::SecurityHub::RegionStatus',
        resourceId: '644160558196',
        arn: 'arn:aws:securityhub:us-east-1:644160558196:region-status',
        accountId: '644160558196',
        region: 'us-east-1',
        availabilityZone: 'Not Applicable',
        status: 'OK',
        configuration: {
          enabled: true,
          hubArn: 'arn:aws:securityhub:us-east-1:644160558196:hub/default',
          subscribedAt: '2018-11-28T22:14:06.771Z',
          autoEnableControls: true,
          controlFindingGenerator: 'STANDARD_CONTROL',
        },
        supplementaryConfiguration: {},
        tags: {},
        relationships: [],
      },
    ]);
  });

  it('InvalidAccessException ("not enabled for securityhub") is a value: not enabled (recorded response)', async () => {
    stubPlacebo(hub.on(DescribeHubCommand), 'test_enable_securityhub__securityhub.DescribeHub_1.json');
    const [item] = await collect();
    expect(item?.configuration).toEqual({
      enabled: false,
      notEnabledReason: 'AccountId: 644160558196 is not enabled for securityhub. Currentstate: false',
    });
    expect(item?.unknown).toBeUndefined();
  });

  it('AccessDenied is unknown, never "not enabled"', async () => {
    hub.on(DescribeHubCommand).rejects(new PlaceboServiceError('AccessDeniedException', 'denied', 403, {}));
    const [item] = await collect();
    expect(item?.configuration).toEqual({});
    expect(item?.unknown).toEqual({ enabled: 'AccessDeniedException' });
  });

  it('throttling propagates', async () => {
    hub.on(DescribeHubCommand).rejects(new PlaceboServiceError('TooManyRequestsException', 'slow', 429, {}));
    await expect(collect()).rejects.toThrow('slow');
  });

  it('readOne reads the region again', async () => {
    stubPlacebo(hub.on(DescribeHubCommand), 'test_enable_securityhub__securityhub.DescribeHub_1.json');
    const ref = { resourceType: 'Warden::SecurityHub::RegionStatus', accountId: '644160558196', region: 'us-east-1' };
    expect((await securityhubHub.readOne?.(ctx, ref))?.configuration.enabled).toBe(false);
  });
});
