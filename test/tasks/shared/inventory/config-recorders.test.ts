import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { CollectContext } from '../../../../tasks/shared/inventory/collector';
import { configRecorders } from '../../../../tasks/shared/inventory/config-recorders';
import { PlaceboServiceError, stubPlacebo } from '../../../support/placebo';

const config = mockClient(ConfigServiceClient);
afterEach(() => config.reset());
const ctx: CollectContext = {
  accountId: '644160558196',
  region: 'us-west-2',
  client: (C, region) => new C({ region }),
};
const collect = async () => (await configRecorders.collect(ctx)).items;
const RECORDERS = 'test_account_config__config.DescribeConfigurationRecorders_1.json';
const STATUS = 'test_account_config__config.DescribeConfigurationRecorderStatus_1.json';

describe('config-recorders collector', () => {
  it('each recorder with its recording group and status (recorded responses)', async () => {
    stubPlacebo(config.on(DescribeConfigurationRecordersCommand), RECORDERS);
    stubPlacebo(config.on(DescribeConfigurationRecorderStatusCommand), STATUS);
    const [item, ...rest] = await collect();
    expect(rest).toEqual([]);
    expect(item).toMatchObject({
      resourceType: 'Warden::Config::RegionStatus',
      resourceId: '644160558196',
      arn: 'arn:aws:config:us-west-2:644160558196:region-status',
      region: 'us-west-2',
    });
    expect(item?.configuration).toEqual({
      recorders: [
        {
          name: 'default',
          roleARN: 'arn:aws:iam::644160558196:role/service-role/config-role-us-west-2',
          recordingGroup: { allSupported: true, resourceTypes: [], includeGlobalResourceTypes: false },
          status: {
            recording: true,
            lastStatus: 'SUCCESS',
            lastStartTime: '2016-07-24T06:41:41.945Z',
            lastStatusChangeTime: '2016-08-07T12:42:04.052Z',
          },
        },
      ],
    });
    expect(item?.unknown).toBeUndefined();
  });

  it('no recorder (Config never set up here) is a value, and its status is not asked', async () => {
    config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [] });
    const [item] = await collect();
    expect(item?.configuration).toEqual({ recorders: [] });
    expect(config.commandCalls(DescribeConfigurationRecorderStatusCommand)).toHaveLength(0);
  });

  it('a denied status call leaves the recorders unknown (their configuration is kept)', async () => {
    stubPlacebo(config.on(DescribeConfigurationRecordersCommand), RECORDERS);
    config
      .on(DescribeConfigurationRecorderStatusCommand)
      .rejects(new PlaceboServiceError('AccessDeniedException', 'denied', 400, {}));
    const [item] = await collect();
    expect(item?.unknown).toEqual({ recorders: 'AccessDeniedException' });
    const recorders = (item?.configuration.recorders ?? []) as Record<string, unknown>[];
    expect(recorders[0]).toHaveProperty('name', 'default');
    expect(recorders[0]).not.toHaveProperty('status');
  });

  it('a failing DescribeConfigurationRecorders and throttling propagate', async () => {
    config
      .on(DescribeConfigurationRecordersCommand)
      .rejects(new PlaceboServiceError('AccessDeniedException', 'denied', 400, {}));
    await expect(collect()).rejects.toThrow('denied');
    config.reset();
    stubPlacebo(config.on(DescribeConfigurationRecordersCommand), RECORDERS);
    config
      .on(DescribeConfigurationRecorderStatusCommand)
      .rejects(new PlaceboServiceError('ThrottlingException', 'slow', 400, {}));
    await expect(collect()).rejects.toThrow('slow');
  });

  it('readOne reads the region again', async () => {
    config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [] });
    const ref = { resourceType: 'Warden::Config::RegionStatus', accountId: '644160558196', region: 'us-west-2' };
    expect((await configRecorders.readOne?.(ctx, ref))?.configuration).toEqual({ recorders: [] });
  });
});
