/**
 * The account baseline's cases in the sample estate: each account-region's AWS Config recorder,
 * GuardDuty, Security Hub and EBS-encryption-by-default settings (Warden's `Warden::…` items, in the
 * shape the collectors of `tasks/shared/inventory/` build them), the CloudTrail trails of their home
 * region (`AWS::CloudTrail::Trail`, Config's paths) and, once per account, the account's multi-region
 * trails (`Warden::CloudTrail::AccountTrails`, region `global`, delivered with us-east-1 as Config
 * delivers global items in one region).
 *
 * payments-prod is configured as a security team would want it; data-platform did us-east-1 properly
 * and eu-west-1 only half (a hand-made Config role, GuardDuty suspended, no Security Hub, no EBS
 * default, a debugging trail without validation); sandbox has a trail that was stopped and nothing else.
 */
import { configurationItem, DATA, type Json, kmsKeyArn, PAYMENTS, type Resource, SANDBOX, uuid } from './kit';

const GLOBAL_HOME = 'us-east-1';
const CAPTURE = '2026-11-21T05:40:00.000Z';

const MULTI_REGION = 'cloudtrail-multi-region-enabled';
const TRAIL_KMS = 'cloudtrail-encrypted';
const TRAIL_VALIDATION = 'cloudtrail-log-file-validation';
const CONFIG_REC = 'config-recording-enabled';
const GUARDDUTY = 'guardduty-enabled';
const SECURITYHUB = 'securityhub-enabled';
const EBS_DEFAULT = 'ec2-ebs-encryption-by-default';

function setting(accountId: string, region: string, resourceType: string, arn: string, configuration: Json): Json {
  return configurationItem({
    accountId,
    region,
    resourceType,
    resourceId: accountId,
    arn,
    availabilityZone: 'Not Applicable',
    captureTime: CAPTURE,
    createdAt: null,
    configuration,
  });
}

// --- CloudTrail ---------------------------------------------------------------------------------

interface TrailSpec {
  readonly name: string;
  readonly homeRegion: string;
  readonly multiRegion: boolean;
  readonly kms: boolean;
  readonly validation: boolean;
  readonly logging: boolean;
  readonly readWriteType: 'All' | 'ReadOnly' | 'WriteOnly';
}

function trailArn(accountId: string, t: TrailSpec): string {
  return `arn:aws:cloudtrail:${t.homeRegion}:${accountId}:trail/${t.name}`;
}

/** `configuration` as DescribeTrails gives it, in Config's casing. */
function trailConfiguration(accountId: string, t: TrailSpec): Json {
  return {
    name: t.name,
    s3BucketName: `${t.name}-logs-${accountId}`,
    includeGlobalServiceEvents: t.multiRegion,
    isMultiRegionTrail: t.multiRegion,
    homeRegion: t.homeRegion,
    trailARN: trailArn(accountId, t),
    logFileValidationEnabled: t.validation,
    kmsKeyId: t.kms ? kmsKeyArn(accountId, t.homeRegion, `trail:${t.name}`) : null,
    hasCustomEventSelectors: t.readWriteType !== 'All',
    hasInsightSelectors: false,
    isOrganizationTrail: false,
  };
}

function eventSelectors(t: TrailSpec): Json[] {
  return [
    {
      readWriteType: t.readWriteType,
      includeManagementEvents: true,
      dataResources: [],
      excludeManagementEventSources: [],
    },
  ];
}

function trail(accountId: string, t: TrailSpec): Json {
  return configurationItem({
    accountId,
    region: t.homeRegion,
    resourceType: 'AWS::CloudTrail::Trail',
    resourceId: t.name,
    resourceName: t.name,
    arn: trailArn(accountId, t),
    availabilityZone: 'Not Applicable',
    captureTime: CAPTURE,
    createdAt: null,
    configuration: trailConfiguration(accountId, t),
    supplementaryConfiguration: {
      TrailStatus: { isLogging: t.logging, ...(t.logging ? { latestDeliveryTime: '2026-11-21T05:35:12.000Z' } : {}) },
      EventSelectors: { eventSelectors: eventSelectors(t), advancedEventSelectors: [] },
    },
  });
}

function accountTrails(accountId: string, trails: readonly TrailSpec[]): Json {
  return configurationItem({
    accountId,
    region: 'global',
    resourceType: 'Warden::CloudTrail::AccountTrails',
    resourceId: accountId,
    arn: `arn:aws:cloudtrail::${accountId}:account-trails`,
    availabilityZone: 'Not Applicable',
    captureTime: CAPTURE,
    createdAt: null,
    configuration: {
      multiRegionTrails: trails
        .filter((t) => t.multiRegion)
        .map((t) => ({
          ...trailConfiguration(accountId, t),
          isLogging: t.logging,
          eventSelectors: eventSelectors(t),
          advancedEventSelectors: [],
        })),
    },
  });
}

// --- Config, GuardDuty, Security Hub, EBS -----------------------------------------------------------

type RecorderState = 'service-linked' | 'custom-role' | 'none';

function configStatus(accountId: string, region: string, state: RecorderState): Json {
  const role =
    state === 'service-linked'
      ? `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`
      : `arn:aws:iam::${accountId}:role/config-recorder-${region}`;
  const recorders =
    state === 'none'
      ? []
      : [
          {
            arn: `arn:aws:config:${region}:${accountId}:configuration-recorder/default/${uuid(`recorder:${accountId}:${region}`).slice(0, 16)}`,
            name: 'default',
            roleARN: role,
            recordingGroup: {
              allSupported: true,
              includeGlobalResourceTypes: region === GLOBAL_HOME,
              resourceTypes: [],
              exclusionByResourceTypes: { resourceTypes: [] },
              recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' },
            },
            recordingMode: { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [] },
            status: {
              recording: true,
              lastStatus: 'Success',
              lastStartTime: '2024-02-12T10:03:51.000Z',
              lastStatusChangeTime: '2026-11-21T05:31:08.000Z',
            },
          },
        ];
  return setting(
    accountId,
    region,
    'Warden::Config::RegionStatus',
    `arn:aws:config:${region}:${accountId}:region-status`,
    {
      recorders,
    },
  );
}

function guardDutyStatus(accountId: string, region: string, status: 'ENABLED' | 'DISABLED' | 'none'): Json {
  const detectors =
    status === 'none'
      ? []
      : [
          {
            detectorId: uuid(`detector:${accountId}:${region}`).replaceAll('-', ''),
            createdAt: '2023-05-08T14:20:11.000Z',
            findingPublishingFrequency: 'FIFTEEN_MINUTES',
            serviceRole: `arn:aws:iam::${accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
            status,
            updatedAt: status === 'ENABLED' ? '2026-10-02T09:00:00.000Z' : '2026-08-19T16:44:27.000Z',
          },
        ];
  return setting(
    accountId,
    region,
    'Warden::GuardDuty::RegionStatus',
    `arn:aws:guardduty:${region}:${accountId}:region-status`,
    { detectors },
  );
}

function securityHubStatus(accountId: string, region: string, enabled: boolean): Json {
  const configuration = enabled
    ? {
        enabled: true,
        hubArn: `arn:aws:securityhub:${region}:${accountId}:hub/default`,
        subscribedAt: '2024-01-15T11:02:33.412Z',
        autoEnableControls: true,
        controlFindingGenerator: 'SECURITY_CONTROL',
      }
    : {
        enabled: false,
        notEnabledReason: `Account ${accountId} is not subscribed to AWS Security Hub`,
      };
  return setting(
    accountId,
    region,
    'Warden::SecurityHub::RegionStatus',
    `arn:aws:securityhub:${region}:${accountId}:region-status`,
    configuration,
  );
}

function ebsDefault(accountId: string, region: string, enabled: boolean, key = 'alias/aws/ebs'): Json {
  return setting(
    accountId,
    region,
    'Warden::EC2::EbsEncryptionByDefault',
    `arn:aws:ec2:${region}:${accountId}:ebs-encryption-by-default`,
    { ebsEncryptionByDefault: enabled, ebsDefaultKmsKeyId: key },
  );
}

// --- The accounts -------------------------------------------------------------------------------------

const PAYMENTS_TRAIL: TrailSpec = {
  name: 'payments-audit',
  homeRegion: GLOBAL_HOME,
  multiRegion: true,
  kms: true,
  validation: true,
  logging: true,
  readWriteType: 'All',
};
const DATA_TRAIL: TrailSpec = { ...PAYMENTS_TRAIL, name: 'data-platform-audit', kms: false };
const DATA_DEBUG_TRAIL: TrailSpec = {
  name: 'etl-debug',
  homeRegion: 'eu-west-1',
  multiRegion: false,
  kms: false,
  validation: false,
  logging: true,
  readWriteType: 'WriteOnly',
};
const SANDBOX_TRAIL: TrailSpec = {
  ...PAYMENTS_TRAIL,
  name: 'sandbox-trail',
  kms: false,
  validation: false,
  logging: false,
};

const NOTIFY = 'NON_COMPLIANT → NOTIFY';

function paymentsCases(region: string): Resource[] {
  const a = PAYMENTS;
  const cases: Resource[] = [
    {
      ci: configStatus(a, region, 'service-linked'),
      label: `config-${region}`,
      note: 'recorder on, every resource type, service-linked role',
      expect: { [CONFIG_REC]: 'COMPLIANT' },
    },
    { ci: guardDutyStatus(a, region, 'ENABLED'), label: `guardduty-${region}`, note: 'detector enabled', expect: {} },
    { ci: securityHubStatus(a, region, true), label: `securityhub-${region}`, note: 'enabled', expect: {} },
    {
      ci: ebsDefault(a, region, true, kmsKeyArn(a, region, 'ebs-default')),
      label: `ebs-default-${region}`,
      note: 'EBS encryption by default on, with a customer managed key',
      expect: { [EBS_DEFAULT]: 'COMPLIANT' },
    },
  ];
  if (region !== GLOBAL_HOME) return cases;
  return [
    ...cases,
    {
      ci: trail(a, PAYMENTS_TRAIL),
      label: PAYMENTS_TRAIL.name,
      note: 'multi-region trail, KMS-encrypted, validated',
      expect: { [TRAIL_KMS]: 'COMPLIANT', [TRAIL_VALIDATION]: 'COMPLIANT' },
    },
    {
      ci: accountTrails(a, [PAYMENTS_TRAIL]),
      label: 'account trails',
      note: 'payments-audit logs read and write management events in every region',
      expect: { [MULTI_REGION]: 'COMPLIANT' },
    },
  ];
}

function dataCases(region: string): Resource[] {
  const a = DATA;
  if (region === GLOBAL_HOME) {
    return [
      { ci: configStatus(a, region, 'service-linked'), label: `config-${region}`, note: 'recording', expect: {} },
      { ci: guardDutyStatus(a, region, 'ENABLED'), label: `guardduty-${region}`, note: 'detector enabled', expect: {} },
      { ci: securityHubStatus(a, region, true), label: `securityhub-${region}`, note: 'enabled', expect: {} },
      { ci: ebsDefault(a, region, true), label: `ebs-default-${region}`, note: 'on, AWS managed key', expect: {} },
      {
        ci: trail(a, DATA_TRAIL),
        label: DATA_TRAIL.name,
        note: 'multi-region, validated, but log files only SSE-S3 encrypted',
        expect: { [TRAIL_KMS]: NOTIFY, [TRAIL_VALIDATION]: 'COMPLIANT' },
      },
      {
        ci: accountTrails(a, [DATA_TRAIL, DATA_DEBUG_TRAIL]),
        label: 'account trails',
        note: 'data-platform-audit covers every region (etl-debug is single-region)',
        expect: { [MULTI_REGION]: 'COMPLIANT' },
      },
    ];
  }
  return [
    {
      ci: configStatus(a, region, 'custom-role'),
      label: `config-${region}`,
      note: 'recording everything, but with a hand-made IAM role instead of AWSServiceRoleForConfig',
      expect: { [CONFIG_REC]: `${NOTIFY} (not the service-linked role)` },
    },
    {
      ci: guardDutyStatus(a, region, 'DISABLED'),
      label: `guardduty-${region}`,
      note: 'detector suspended in August',
      expect: { [GUARDDUTY]: `${NOTIFY} (suspended)` },
    },
    {
      ci: securityHubStatus(a, region, false),
      label: `securityhub-${region}`,
      note: 'never enabled',
      expect: { [SECURITYHUB]: NOTIFY },
    },
    {
      ci: ebsDefault(a, region, false),
      label: `ebs-default-${region}`,
      note: 'off; the remediation (EnableEbsEncryptionByDefault) is disruptive, so it only notifies',
      expect: { [EBS_DEFAULT]: NOTIFY },
    },
    {
      ci: trail(a, DATA_DEBUG_TRAIL),
      label: DATA_DEBUG_TRAIL.name,
      note: 'single-region debugging trail: write events only, no validation, no KMS',
      expect: { [TRAIL_KMS]: NOTIFY, [TRAIL_VALIDATION]: NOTIFY },
    },
  ];
}

function sandboxCases(region: string): Resource[] {
  const a = SANDBOX;
  const cases: Resource[] = [
    { ci: configStatus(a, region, 'none'), label: `config-${region}`, note: 'no recorder', expect: {} },
    { ci: guardDutyStatus(a, region, 'none'), label: `guardduty-${region}`, note: 'no detector', expect: {} },
    { ci: securityHubStatus(a, region, false), label: `securityhub-${region}`, note: 'not enabled', expect: {} },
    { ci: ebsDefault(a, region, false), label: `ebs-default-${region}`, note: 'off', expect: {} },
  ];
  if (region !== GLOBAL_HOME) return cases;
  return [
    ...cases,
    {
      ci: trail(a, SANDBOX_TRAIL),
      label: SANDBOX_TRAIL.name,
      note: 'multi-region trail, stopped; no KMS, no validation',
      expect: { [TRAIL_KMS]: NOTIFY, [TRAIL_VALIDATION]: NOTIFY },
    },
    {
      ci: accountTrails(a, [SANDBOX_TRAIL]),
      label: 'account trails',
      note: 'its only multi-region trail is not logging',
      expect: { [MULTI_REGION]: `${NOTIFY} (sandbox-trail is not logging)` },
    },
  ];
}

/** The baseline's cases of one account-region (`AREAS` in `./generate.ts`). */
function baselineCases(accountId: string, region: string): Resource[] {
  if (accountId === PAYMENTS) return paymentsCases(region);
  if (accountId === DATA) return dataCases(region);
  if (accountId === SANDBOX) return sandboxCases(region);
  return [];
}

export { baselineCases };
