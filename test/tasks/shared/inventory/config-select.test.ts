import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  SelectAggregateResourceConfigCommand,
  SelectResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { RULES } from '../../../../tasks/rules/index';
import { COLLECTORS } from '../../../../tasks/shared/inventory/collectors';
import {
  COLLECTED_RESOURCE_TYPES,
  collectWithAggregator,
  collectWithSelect,
  selectExpression,
} from '../../../../tasks/shared/inventory/config-select';
import { placeboResponse, stubPlacebo } from '../../../support/placebo';

const ACCOUNT = { accountId: '644160558196' };
const config = mockClient(ConfigServiceClient);
afterEach(() => config.reset());
const client = () => new ConfigServiceClient({ region: 'us-east-2' });
const recording = () =>
  config
    .on(DescribeConfigurationRecorderStatusCommand)
    .resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true }] });

describe('selectExpression', () => {
  it('selects the whole CI for every collected type', () => {
    expect(selectExpression(['AWS::S3::Bucket'])).toBe(
      "SELECT resourceId, resourceName, resourceType, arn, accountId, awsRegion, availabilityZone, configurationItemStatus, configurationItemCaptureTime, resourceCreationTime, tags, relationships, configuration, supplementaryConfiguration WHERE resourceType IN ('AWS::S3::Bucket')",
    );
    expect(selectExpression().length).toBeLessThanOrEqual(4096);
  });

  it('narrows to an account and its regions for aggregators, and refuses anything that is not an identifier', () => {
    expect(selectExpression(['AWS::EC2::VPC'], { accountId: '644160558196', regions: ['us-east-1'] })).toMatch(
      / WHERE resourceType IN \('AWS::EC2::VPC'\) AND accountId = '644160558196' AND awsRegion IN \('us-east-1', 'global'\)$/,
    );
    expect(() => selectExpression(["x' OR '1'='1"])).toThrow('refusing');
  });

  it('covers every resource type a rule evaluates that Config records (Warden::… settings are read from the APIs)', () => {
    const unrecorded = new Set(COLLECTORS.filter((c) => !c.recordedByConfig).flatMap((c) => c.resourceTypes));
    const evaluated = new Set(RULES.flatMap((r) => [...r.resourceTypes]));
    for (const type of evaluated) {
      if (unrecorded.has(type)) expect(COLLECTED_RESOURCE_TYPES).not.toContain(type);
      else expect(COLLECTED_RESOURCE_TYPES).toContain(type);
    }
  });
});

describe('collectWithSelect', () => {
  it('normalizes the recorded S3 row (JSON-string supplementary values), taking the region from the row', async () => {
    recording();
    // The recorded row (Custodian selected awsRegion, configuration, supplementaryConfiguration) plus the
    // resourceType Warden's query also selects; resourceId then comes from configuration.name.
    const response = placeboResponse('test_s3_metrics_user_dims__config.SelectResourceConfig_1.json');
    if (!response.ok) throw new Error('expected output');
    const rows = (response.output.Results as string[]).map((row) =>
      JSON.stringify({ resourceType: 'AWS::S3::Bucket', ...(JSON.parse(row) as object) }),
    );
    config.on(SelectResourceConfigCommand).resolves({ Results: rows });
    const [bucket] = await collectWithSelect(client(), ACCOUNT, 'eu-west-1');
    expect(bucket).toMatchObject({
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'c7n-ssm-build',
      arn: 'arn:aws:s3:::c7n-ssm-build',
      accountId: '644160558196',
      region: 'us-east-2',
    });
    const acl = bucket?.supplementaryConfiguration.AccessControlList as { grantList: unknown[] } | undefined;
    expect(acl?.grantList).toHaveLength(1);
  });

  it('an empty answer (recorded Results: []) is an empty region', async () => {
    recording();
    stubPlacebo(config.on(SelectResourceConfigCommand), 'test_ecs_service_config__config.SelectResourceConfig_1.json');
    expect(await collectWithSelect(client(), ACCOUNT, 'us-east-2')).toEqual([]);
  });

  it('no recorder at all is an error', async () => {
    config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [] });
    await expect(collectWithSelect(client(), ACCOUNT, 'us-east-2')).rejects.toMatchObject({
      name: 'ConfigNotRecording',
      message: expect.stringContaining('no configuration recorder'),
    });
  });
});

describe('collectWithAggregator', () => {
  it('pages SelectAggregateResourceConfig with the aggregator name', async () => {
    config
      .on(SelectAggregateResourceConfigCommand)
      .resolvesOnce({
        Results: [
          JSON.stringify({
            resourceType: 'AWS::EC2::VPC',
            resourceId: 'vpc-1',
            awsRegion: 'eu-west-1',
            accountId: '644160558196',
          }),
        ],
        NextToken: 'p2',
      })
      .resolvesOnce({
        Results: [
          JSON.stringify({
            resourceType: 'AWS::EC2::VPC',
            resourceId: 'vpc-2',
            awsRegion: 'us-east-1',
            accountId: '644160558196',
          }),
        ],
      });
    const items = await collectWithAggregator(client(), 'org', ACCOUNT, ['us-east-1', 'eu-west-1']);
    expect(items.map((ci) => `${ci.region} ${ci.resourceId} ${ci.arn}`)).toEqual([
      'eu-west-1 vpc-1 arn:aws:ec2:eu-west-1:644160558196:vpc/vpc-1',
      'us-east-1 vpc-2 arn:aws:ec2:us-east-1:644160558196:vpc/vpc-2',
    ]);
    expect(
      config
        .commandCalls(SelectAggregateResourceConfigCommand)
        .map((c) => [c.args[0].input.ConfigurationAggregatorName, c.args[0].input.NextToken]),
    ).toEqual([
      ['org', undefined],
      ['org', 'p2'],
    ]);
    expect(config.commandCalls(DescribeConfigurationRecorderStatusCommand)).toHaveLength(0);
  });
});
