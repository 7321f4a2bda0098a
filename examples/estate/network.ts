/**
 * The sample estate's EC2 and RDS cases for snapshots, VPC flow logs and network interfaces: what
 * `vpc-flow-logs-enabled`, `ec2-snapshot-not-public`, `rds-snapshot-not-public` and
 * `ec2-security-group-unused` judge (`./generate.ts` adds them to every account-region).
 *
 * - payments-prod (well configured): flow logs of ALL traffic to S3, private encrypted snapshots, a
 *   DB snapshot shared only with its disaster-recovery account, a Lambda function's group on its ENI;
 * - data-platform (mixed): a REJECT flow log in us-east-1 but only an ACCEPT one in eu-west-1, a
 *   public EBS snapshot of a sample data set, a left-over group of a retired ETL job;
 * - sandbox (sloppy): no flow logs, a public unencrypted EBS snapshot and a public DB snapshot, an
 *   unused group from a console experiment.
 *
 * The network interfaces of the estate's instances and DB instances, which AWS Config records as
 * items of their own, are derived from those items by `networkInterfacesOf` (one ENI per instance
 * interface, one requester-managed ENI per DB instance; `./generate.ts` adds them to each
 * account-region after every area's cases), so a group is "used" exactly when a resource of the
 * estate uses it. The VPCs are `./generate.ts`'s (same id seed); their flow logs are here.
 */
import {
  configurationItem,
  DATA,
  ec2Id,
  type Json,
  kmsKeyArn,
  PAYMENTS,
  type Resource,
  SANDBOX,
  SNAPSHOT_TIME,
} from './kit';

const EBS_PUBLIC = 'ec2-snapshot-not-public';
const RDS_PUBLIC = 'rds-snapshot-not-public';
const SG_UNUSED = 'ec2-security-group-unused';

const CREATED = '2026-03-02T09:15:00.000Z';
const FLOW_LOG_ROLE = (accountId: string) => `arn:aws:iam::${accountId}:role/vpc-flow-logs-delivery`;
/** The default flow-log record format (`${version} ${account-id} …`, EC2's own field syntax). */
const DEFAULT_LOG_FORMAT = ['version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport']
  .concat(['protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status'])
  .map((field) => `\${${field}}`)
  .join(' ');
/** payments-prod's disaster-recovery account (not part of the estate). */
const PAYMENTS_DR = '555555555555';

/** The VPC `./generate.ts` builds for the account-region (same seed). */
function vpcIdOf(accountId: string, region: string): string {
  return ec2Id('vpc', `${accountId}:${region}`);
}

// --- VPC flow logs ------------------------------------------------------------------------------

interface FlowLogSpec {
  readonly key: string;
  readonly trafficType: 'ALL' | 'REJECT' | 'ACCEPT';
  readonly destination: 's3' | 'cloud-watch-logs';
}

function flowLog(accountId: string, region: string, spec: FlowLogSpec): Json {
  const id = ec2Id('fl', `${accountId}:${region}:${spec.key}`);
  const vpcId = vpcIdOf(accountId, region);
  const destination =
    spec.destination === 's3'
      ? { logDestinationType: 's3', logDestination: `arn:aws:s3:::org-vpc-flow-logs-${accountId}` }
      : {
          logDestinationType: 'cloud-watch-logs',
          logGroupName: `/vpc/${vpcId}/flow-logs`,
          logDestination: `arn:aws:logs:${region}:${accountId}:log-group:/vpc/${vpcId}/flow-logs`,
          deliverLogsPermissionArn: FLOW_LOG_ROLE(accountId),
        };
  return configurationItem({
    accountId,
    region,
    resourceType: 'AWS::EC2::FlowLog',
    resourceId: id,
    arn: `arn:aws:ec2:${region}:${accountId}:vpc-flow-log/${id}`,
    availabilityZone: 'Not Applicable',
    captureTime: SNAPSHOT_TIME,
    createdAt: CREATED,
    configuration: {
      creationTime: CREATED,
      deliverLogsStatus: 'SUCCESS',
      flowLogId: id,
      flowLogStatus: 'ACTIVE',
      resourceId: vpcId,
      trafficType: spec.trafficType,
      ...destination,
      logFormat: DEFAULT_LOG_FORMAT,
      maxAggregationInterval: 600,
      tags: [],
    },
  });
}

// --- EBS snapshots (not recorded by Config: the shape of Warden's collector) ----------------------

interface EbsSnapshotSpec {
  readonly key: string;
  readonly description: string;
  readonly sizeGiB: number;
  readonly encrypted: boolean;
  readonly public: boolean;
  readonly tags: Record<string, string>;
}

function ebsSnapshot(accountId: string, region: string, spec: EbsSnapshotSpec): Json {
  const id = ec2Id('snap', `${accountId}:${region}:${spec.key}`);
  const volumeId = ec2Id('vol', `${accountId}:${region}:${spec.key}`);
  return configurationItem({
    accountId,
    region,
    resourceType: 'AWS::EC2::Snapshot',
    resourceId: id,
    arn: `arn:aws:ec2:${region}::snapshot/${id}`,
    availabilityZone: 'Not Applicable',
    captureTime: SNAPSHOT_TIME,
    createdAt: CREATED,
    configuration: {
      dataEncryptionKeyId: null,
      description: spec.description,
      encrypted: spec.encrypted,
      ...(spec.encrypted ? { kmsKeyId: kmsKeyArn(accountId, region, 'ebs') } : {}),
      ownerId: accountId,
      progress: '100%',
      snapshotId: id,
      startTime: CREATED,
      state: 'completed',
      volumeId,
      volumeSize: spec.sizeGiB,
      storageTier: 'standard',
      createVolumePermissions: spec.public ? [{ group: 'all' }] : [],
    },
    tags: spec.tags,
    relationships: [{ resourceType: 'AWS::EC2::Volume', resourceId: volumeId, name: 'Is associated with Volume' }],
  });
}

// --- RDS DB snapshots ---------------------------------------------------------------------------

interface DbSnapshotSpec {
  readonly identifier: string;
  readonly instance: string;
  readonly engine: 'postgres' | 'mysql';
  readonly engineVersion: string;
  readonly encrypted: boolean;
  /** The `restore` attribute: account ids, `all` = public. */
  readonly restore: readonly string[];
}

function dbSnapshot(accountId: string, region: string, spec: DbSnapshotSpec): Json {
  const arn = `arn:aws:rds:${region}:${accountId}:snapshot:${spec.identifier}`;
  return configurationItem({
    accountId,
    region,
    resourceType: 'AWS::RDS::DBSnapshot',
    resourceId: spec.identifier,
    resourceName: spec.identifier,
    arn,
    availabilityZone: `${region}a`,
    captureTime: SNAPSHOT_TIME,
    createdAt: CREATED,
    configuration: {
      allocatedStorage: 100,
      availabilityZone: `${region}a`,
      dBInstanceIdentifier: spec.instance,
      engine: spec.engine,
      vpcId: vpcIdOf(accountId, region),
      percentProgress: 100,
      iAMDatabaseAuthenticationEnabled: false,
      dBSnapshotIdentifier: spec.identifier,
      engineVersion: spec.engineVersion,
      masterUsername: 'dbadmin',
      snapshotType: 'manual',
      instanceCreateTime: '2025-06-01T10:00:00.000Z',
      dBSnapshotArn: arn,
      processorFeatures: [],
      tagList: [],
      encrypted: spec.encrypted,
      ...(spec.encrypted ? { kmsKeyId: kmsKeyArn(accountId, region, 'rds') } : {}),
      port: spec.engine === 'postgres' ? 5432 : 3306,
      snapshotCreateTime: CREATED,
      storageType: 'gp3',
      status: 'available',
    },
    supplementaryConfiguration: {
      DBSnapshotAttributes: [{ attributeValues: [...spec.restore], attributeName: 'restore' }],
      Tags: [],
    },
  });
}

// --- Security groups of this area and their ENIs --------------------------------------------------

function securityGroup(accountId: string, region: string, name: string, description: string, owner: string): Json {
  const id = ec2Id('sg', `${accountId}:${region}:${name}`);
  const vpcId = vpcIdOf(accountId, region);
  return configurationItem({
    accountId,
    region,
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId: id,
    resourceName: name,
    arn: `arn:aws:ec2:${region}:${accountId}:security-group/${id}`,
    availabilityZone: 'Not Applicable',
    captureTime: SNAPSHOT_TIME,
    createdAt: CREATED,
    configuration: {
      description,
      groupName: name,
      ipPermissions: [],
      ownerId: accountId,
      groupId: id,
      ipPermissionsEgress: [
        {
          ipProtocol: '-1',
          ipv6Ranges: [],
          prefixListIds: [],
          userIdGroupPairs: [],
          ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }],
          ipRanges: ['0.0.0.0/0'],
        },
      ],
      tags: [{ key: 'Owner', value: owner }],
      vpcId,
    },
    tags: { Owner: owner },
    relationships: [{ resourceType: 'AWS::EC2::VPC', resourceId: vpcId, name: 'Is contained in Vpc' }],
  });
}

interface EniSpec {
  readonly id: string;
  readonly subnetId: string;
  readonly availabilityZone: string;
  readonly groups: readonly { readonly groupId: string; readonly groupName: string }[];
  readonly description: string;
  readonly interfaceType: string;
  readonly requester?: string;
  readonly privateIpAddress?: string;
  readonly attachment?: Json;
  readonly instanceId?: string;
}

function networkInterface(accountId: string, region: string, vpcId: string, spec: EniSpec): Json {
  return configurationItem({
    accountId,
    region,
    resourceType: 'AWS::EC2::NetworkInterface',
    resourceId: spec.id,
    arn: `arn:aws:ec2:${region}:${accountId}:network-interface/${spec.id}`,
    availabilityZone: spec.availabilityZone,
    captureTime: SNAPSHOT_TIME,
    createdAt: null,
    configuration: {
      ...(spec.attachment === undefined ? {} : { attachment: spec.attachment }),
      availabilityZone: spec.availabilityZone,
      description: spec.description,
      groups: spec.groups.map((g) => ({ groupName: g.groupName, groupId: g.groupId })),
      interfaceType: spec.interfaceType,
      networkInterfaceId: spec.id,
      ownerId: accountId,
      ...(spec.privateIpAddress === undefined ? {} : { privateIpAddress: spec.privateIpAddress }),
      ...(spec.requester === undefined ? {} : { requesterId: spec.requester }),
      requesterManaged: spec.requester !== undefined,
      sourceDestCheck: true,
      status: 'in-use',
      subnetId: spec.subnetId,
      vpcId,
      tagSet: [],
    },
    relationships: [
      ...spec.groups.map((g) => ({
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: g.groupId,
        name: 'Is associated with SecurityGroup',
      })),
      { resourceType: 'AWS::EC2::Subnet', resourceId: spec.subnetId, name: 'Is contained in Subnet' },
      { resourceType: 'AWS::EC2::VPC', resourceId: vpcId, name: 'Is contained in Vpc' },
      ...(spec.instanceId === undefined
        ? []
        : [{ resourceType: 'AWS::EC2::Instance', resourceId: spec.instanceId, name: 'Is attached to Instance' }]),
    ],
  });
}

/** A Lambda function's ENI (Lambda creates one per subnet and group set, requester-managed). */
function lambdaEni(accountId: string, region: string, fn: string, group: Json): Resource {
  const vpcId = vpcIdOf(accountId, region);
  return {
    ci: networkInterface(accountId, region, vpcId, {
      id: ec2Id('eni', `${accountId}:${region}:lambda:${fn}`),
      subnetId: ec2Id('subnet', `${accountId}:${region}:a`),
      availabilityZone: `${region}a`,
      groups: [{ groupId: String(group.resourceId), groupName: String(group.resourceName) }],
      description: `AWS Lambda VPC ENI-${fn}-${ec2Id('x', fn).slice(3, 11)}`,
      interfaceType: 'lambda',
      requester: 'AROAEXAMPLELAMBDAROLE:lambda',
    }),
    label: `ENI of Lambda ${fn}`,
    note: 'requester-managed, carries the function’s group',
    expect: {},
  };
}

// --- The ENIs of the estate's instances and DB instances (derived) --------------------------------

function records(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter((v): v is Json => typeof v === 'object' && v !== null) : [];
}

/** The ENI items Config records for `resources`' EC2 instances and RDS DB instances. */
function networkInterfacesOf(accountId: string, region: string, resources: readonly Resource[]): Resource[] {
  const out: Resource[] = [];
  const groupNames = new Map(
    resources
      .filter(({ ci }) => ci.resourceType === 'AWS::EC2::SecurityGroup')
      .map(({ ci }) => [String(ci.resourceId), String(ci.resourceName)] as const),
  );
  for (const { ci } of resources) {
    const configuration = (ci.configuration ?? {}) as Json;
    if (ci.resourceType === 'AWS::EC2::Instance') {
      const placement = (configuration.placement ?? {}) as Json;
      for (const eni of records(configuration.networkInterfaces)) {
        const id = String(eni.networkInterfaceId);
        out.push({
          ci: networkInterface(accountId, region, String(eni.vpcId), {
            id,
            subnetId: String(eni.subnetId),
            availabilityZone: String(placement.availabilityZone ?? `${region}a`),
            groups: records(eni.groups).map((g) => ({ groupId: String(g.groupId), groupName: String(g.groupName) })),
            description: String(eni.description ?? ''),
            interfaceType: 'interface',
            privateIpAddress: String(eni.privateIpAddress),
            ...(eni.attachment === undefined ? {} : { attachment: eni.attachment as Json }),
            instanceId: String(ci.resourceId),
          }),
          label: `ENI of ${String(ci.resourceId)}`,
          note: 'the instance’s primary interface',
          expect: {},
        });
      }
    }
    if (ci.resourceType === 'AWS::RDS::DBInstance' && configuration.dBInstanceStatus !== 'deleting') {
      const subnetGroup = (configuration.dBSubnetGroup ?? {}) as Json;
      const [first] = records(subnetGroup.subnets);
      const name = String(configuration.dBInstanceIdentifier);
      if (first === undefined) continue;
      out.push({
        ci: networkInterface(accountId, region, String(subnetGroup.vpcId), {
          id: ec2Id('eni', `${accountId}:${region}:rds:${name}`),
          subnetId: String(first.subnetIdentifier),
          availabilityZone: String(configuration.availabilityZone ?? `${region}a`),
          groups: records(configuration.vpcSecurityGroups).map((g) => ({
            groupId: String(g.vpcSecurityGroupId),
            groupName: groupNames.get(String(g.vpcSecurityGroupId)) ?? String(g.vpcSecurityGroupId),
          })),
          description: 'RDSNetworkInterface',
          interfaceType: 'interface',
          requester: 'amazon-rds',
        }),
        label: `ENI of DB instance ${name}`,
        note: 'requester-managed by RDS',
        expect: {},
      });
    }
  }
  return out;
}

// --- The cases --------------------------------------------------------------------------------------

const OK = 'COMPLIANT';

function paymentsCases(a: string, r: string): Resource[] {
  const lambdaSg = securityGroup(
    a,
    r,
    'payments-webhooks-fn',
    'payments webhook Lambda function',
    'payments-platform@example.com',
  );
  const cases: Resource[] = [
    {
      ci: flowLog(a, r, { key: 'vpc', trafficType: 'ALL', destination: 's3' }),
      label: 'flow log of the VPC',
      note: 'ALL traffic to the organisation’s flow-log bucket',
      expect: {},
    },
    { ci: lambdaSg, label: 'payments-webhooks-fn', note: 'on the webhook function’s ENI', expect: { [SG_UNUSED]: OK } },
    lambdaEni(a, r, 'payments-webhooks', lambdaSg),
  ];
  if (r === 'us-east-1') {
    cases.push({
      ci: ebsSnapshot(a, r, {
        key: 'ledger-batch-root',
        description: 'pre-patch backup of payments-batch root volume',
        sizeGiB: 30,
        encrypted: true,
        public: false,
        tags: { Owner: 'payments-platform@example.com', CostCenter: 'CC-1001' },
      }),
      label: 'pre-patch EBS snapshot',
      note: 'encrypted, private',
      expect: { [EBS_PUBLIC]: OK },
    });
  } else {
    cases.push({
      ci: dbSnapshot(a, r, {
        identifier: 'payments-eu-reporting-dr-2026-11',
        instance: 'payments-eu-reporting',
        engine: 'postgres',
        engineVersion: '16.4',
        encrypted: true,
        restore: [PAYMENTS_DR],
      }),
      label: 'payments-eu-reporting-dr-2026-11',
      note: 'shared with the disaster-recovery account only',
      expect: { [RDS_PUBLIC]: OK },
    });
  }
  return cases;
}

function dataCases(a: string, r: string): Resource[] {
  if (r === 'us-east-1') {
    return [
      {
        ci: flowLog(a, r, { key: 'vpc', trafficType: 'REJECT', destination: 'cloud-watch-logs' }),
        label: 'flow log of the VPC',
        note: 'REJECT traffic to CloudWatch Logs',
        expect: {},
      },
      {
        ci: securityGroup(
          a,
          r,
          'etl-legacy',
          'retired nightly ETL (replaced by etl-workers)',
          'data-engineering@example.com',
        ),
        label: 'etl-legacy',
        note: 'left behind when the ETL job moved to etl-workers',
        expect: { [SG_UNUSED]: 'NON_COMPLIANT → NOTIFY (attached to no network interface)' },
      },
      {
        ci: ebsSnapshot(a, r, {
          key: 'etl-scratch',
          description: 'etl scratch volume before resize',
          sizeGiB: 200,
          encrypted: true,
          public: false,
          tags: { Owner: 'data-engineering@example.com' },
        }),
        label: 'etl scratch EBS snapshot',
        note: 'encrypted, private',
        expect: { [EBS_PUBLIC]: OK },
      },
    ];
  }
  return [
    {
      ci: flowLog(a, r, { key: 'vpc', trafficType: 'ACCEPT', destination: 'cloud-watch-logs' }),
      label: 'flow log of the VPC',
      note: 'ACCEPT traffic only: rejected connections are not logged',
      expect: {},
    },
    {
      ci: ebsSnapshot(a, r, {
        key: 'open-data-sample',
        description: 'anonymised sample of the analytics data set for the partner workshop',
        sizeGiB: 50,
        encrypted: false,
        public: true,
        tags: { Owner: 'data-science@example.com', Purpose: 'partner-workshop' },
      }),
      label: 'open-data-sample EBS snapshot',
      note: 'shared with all on purpose for a workshop, never taken back',
      expect: { [EBS_PUBLIC]: 'NON_COMPLIANT → NOTIFY (restorable by every AWS account)' },
    },
    {
      ci: dbSnapshot(a, r, {
        identifier: 'analytics-warehouse-pre-upgrade',
        instance: 'analytics-warehouse',
        engine: 'postgres',
        engineVersion: '15.8',
        encrypted: false,
        restore: [],
      }),
      label: 'analytics-warehouse-pre-upgrade',
      note: 'manual snapshot before the engine upgrade, not shared',
      expect: { [RDS_PUBLIC]: OK },
    },
  ];
}

function sandboxCases(a: string, r: string): Resource[] {
  if (r === 'eu-west-1') return [];
  return [
    {
      ci: securityGroup(
        a,
        r,
        'launch-wizard-3',
        'launch-wizard-3 created 2026-04-11T14:02:51.000Z',
        'cloud-enablement@example.com',
      ),
      label: 'launch-wizard-3',
      note: 'from a console experiment; its instance is long gone',
      expect: { [SG_UNUSED]: 'NON_COMPLIANT → NOTIFY (attached to no network interface)' },
    },
    {
      ci: ebsSnapshot(a, r, {
        key: 'dev-box-home',
        description: 'copy of dev box home directory',
        sizeGiB: 16,
        encrypted: false,
        public: true,
        tags: {},
      }),
      label: 'dev-box-home EBS snapshot',
      note: 'unencrypted, public: "shared" by picking Public in the console',
      expect: { [EBS_PUBLIC]: 'NON_COMPLIANT → NOTIFY (restorable by every AWS account)' },
    },
    {
      ci: dbSnapshot(a, r, {
        identifier: 'sandbox-mysql-share',
        instance: 'sandbox-mysql',
        engine: 'mysql',
        engineVersion: '8.0.39',
        encrypted: false,
        restore: ['all'],
      }),
      label: 'sandbox-mysql-share',
      note: 'made public to hand a copy to a contractor',
      expect: { [RDS_PUBLIC]: 'NON_COMPLIANT → NOTIFY (restorable by every AWS account)' },
    },
  ];
}

/** This area's cases of one account-region (flow logs, snapshots, groups and their ENIs). */
function networkCases(accountId: string, region: string): Resource[] {
  if (accountId === PAYMENTS) return paymentsCases(accountId, region);
  if (accountId === DATA) return dataCases(accountId, region);
  if (accountId === SANDBOX) return sandboxCases(accountId, region);
  return [];
}

export { networkCases, networkInterfacesOf };
