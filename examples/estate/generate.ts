/**
 * Generates the bundled sample estate that `npm start` audits: AWS Config snapshot files for three
 * accounts (two regions each), the accounts file, the exemptions file and a README table of the
 * findings each case should produce.
 *
 *   npx tsx examples/estate/generate.ts
 *
 * Deterministic: no randomness and no clock. Ids are derived from a SHA-256 of a fixed seed, times
 * are fixed, and gzip output carries no timestamp, so re-running rewrites identical bytes.
 *
 * The configuration items are in the shape Config delivers snapshot files to S3
 * (`configurationItemVersion` 1.3, `awsAccountId`, `ARN`, relationships `name`; S3 supplementary
 * settings as objects with `AccessControlList` a JSON string), with the camelCase property paths of
 * awslabs/aws-config-resource-schema.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { baselineCases } from './baseline';
import { dataServicesCases } from './data-services';
import { iamCases } from './iam';
import {
  ACCOUNTS,
  ACTIVE_UNTIL,
  type AccountEntry,
  type AccountRegion,
  aliasOf,
  type CiInput,
  canonicalUserId,
  configurationItem,
  DATA,
  dbiResourceId,
  type Expectations,
  ec2Id,
  type Json,
  kmsKeyArn,
  LEGACY,
  PAYMENTS,
  PREVIOUS_SNAPSHOT_TIME,
  REGIONS,
  type Rel,
  type Resource,
  SANDBOX,
  SNAPSHOT_TIME,
  sha,
  type Tags,
  tagList,
  uuid,
} from './kit';
import { networkCases, networkInterfacesOf } from './network';
import { s3Cases } from './s3';

// --- S3 ---------------------------------------------------------------------------------------

type Sse =
  | { readonly algorithm: 'AES256'; readonly bucketKey?: boolean }
  | { readonly algorithm: 'aws:kms' | 'aws:kms:dsse'; readonly keyId: string | null; readonly bucketKey?: boolean };

interface PublicAccessBlock {
  readonly blockPublicAcls: boolean;
  readonly ignorePublicAcls: boolean;
  readonly blockPublicPolicy: boolean;
  readonly restrictPublicBuckets: boolean;
}

const ALL_BLOCKED: PublicAccessBlock = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};
const NONE_BLOCKED: PublicAccessBlock = {
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};

interface BucketSpec {
  readonly name: string;
  readonly createdAt: string;
  readonly captureTime: string;
  /** `null`: no default-encryption configuration at all (a bucket created before January 2023). */
  readonly sse: Sse | null;
  readonly publicAccessBlock?: PublicAccessBlock;
  readonly versioning?: 'Enabled' | 'Suspended' | 'Off';
  readonly tags?: Tags;
  readonly policy?: Json;
  readonly deleted?: boolean;
}

function s3Bucket(accountId: string, region: string, b: BucketSpec): Json {
  const owner = canonicalUserId(accountId);
  const arn = `arn:aws:s3:::${b.name}`;
  if (b.deleted === true) {
    return configurationItem({
      accountId,
      region,
      resourceType: 'AWS::S3::Bucket',
      resourceId: b.name,
      resourceName: b.name,
      arn,
      availabilityZone: 'Regional',
      captureTime: b.captureTime,
      createdAt: b.createdAt,
      status: 'ResourceDeleted',
      configuration: null,
    });
  }
  const tags = b.tags ?? {};
  const supplementary: Json = {
    AccessControlList: JSON.stringify({
      grantSet: null,
      grantList: [{ grantee: { id: owner, displayName: null }, permission: 'FullControl' }],
      owner: { displayName: null, id: owner },
      isRequesterCharged: false,
    }),
    BucketAccelerateConfiguration: { status: null },
    BucketLoggingConfiguration: { destinationBucketName: null, logFilePrefix: null },
    BucketNotificationConfiguration: { configurations: {} },
    BucketPolicy: { policyText: b.policy === undefined ? null : JSON.stringify(b.policy) },
    BucketVersioningConfiguration: { status: b.versioning ?? 'Off', isMfaDeleteEnabled: null },
    IsRequesterPaysEnabled: false,
  };
  if (Object.keys(tags).length > 0) supplementary.BucketTaggingConfiguration = { tagSets: [{ tags }] };
  if (b.publicAccessBlock !== undefined) supplementary.PublicAccessBlockConfiguration = { ...b.publicAccessBlock };
  if (b.sse !== null) {
    supplementary.ServerSideEncryptionConfiguration = {
      rules: [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: b.sse.algorithm,
            kmsMasterKeyID: b.sse.algorithm === 'AES256' ? null : b.sse.keyId,
          },
          bucketKeyEnabled: b.sse.bucketKey ?? false,
        },
      ],
    };
  }
  return configurationItem({
    accountId,
    region,
    resourceType: 'AWS::S3::Bucket',
    resourceId: b.name,
    resourceName: b.name,
    arn,
    availabilityZone: 'Regional',
    captureTime: b.captureTime,
    createdAt: b.createdAt,
    configuration: { name: b.name, owner: { displayName: null, id: owner }, creationDate: b.createdAt },
    supplementaryConfiguration: supplementary,
    tags,
  });
}

function accountPublicAccessBlock(accountId: string, region: string, pab: PublicAccessBlock, capture: string): Json {
  return configurationItem({
    accountId,
    region,
    resourceType: 'AWS::S3::AccountPublicAccessBlock',
    resourceId: accountId,
    arn: null,
    availabilityZone: 'Not Applicable',
    captureTime: capture,
    createdAt: null,
    configuration: { ...pab },
  });
}

// --- Network ----------------------------------------------------------------------------------

interface Network {
  readonly vpcId: string;
  readonly cidr: string;
  readonly subnets: readonly { readonly id: string; readonly az: string; readonly cidr: string }[];
  readonly defaultSg: string;
}

function networkOf(accountId: string, region: string, index: number): Network {
  const seed = `${accountId}:${region}`;
  const cidr = `10.${index * 16}.0.0/16`;
  return {
    vpcId: ec2Id('vpc', seed),
    cidr,
    subnets: [
      { id: ec2Id('subnet', `${seed}:a`), az: `${region}a`, cidr: `10.${index * 16}.0.0/20` },
      { id: ec2Id('subnet', `${seed}:b`), az: `${region}b`, cidr: `10.${index * 16}.16.0/24` },
    ],
    defaultSg: ec2Id('sg', `${seed}:default`),
  };
}

function vpc(accountId: string, region: string, net: Network, tags: Tags, capture: string, created: string): Json {
  return configurationItem({
    accountId,
    region,
    resourceType: 'AWS::EC2::VPC',
    resourceId: net.vpcId,
    arn: `arn:aws:ec2:${region}:${accountId}:vpc/${net.vpcId}`,
    availabilityZone: 'Multiple Availability Zones',
    captureTime: capture,
    createdAt: created,
    configuration: {
      cidrBlock: net.cidr,
      dhcpOptionsId: ec2Id('dopt', `${accountId}:${region}`),
      state: 'available',
      vpcId: net.vpcId,
      ownerId: accountId,
      instanceTenancy: 'default',
      ipv6CidrBlockAssociationSet: [],
      cidrBlockAssociationSet: [
        {
          associationId: ec2Id('vpc-cidr-assoc', `${accountId}:${region}`),
          cidrBlock: net.cidr,
          cidrBlockState: { state: 'associated' },
        },
      ],
      isDefault: false,
      tags: tagList(tags),
    },
    tags,
    relationships: [
      ...net.subnets.map((s) => ({ resourceType: 'AWS::EC2::Subnet', resourceId: s.id, name: 'Contains Subnet' })),
      { resourceType: 'AWS::EC2::SecurityGroup', resourceId: net.defaultSg, name: 'Contains SecurityGroup' },
    ],
  });
}

/** Usable IPv4 addresses in a subnet: AWS reserves 5 per subnet. */
function usableAddresses(cidr: string): number {
  const bits = Number(cidr.split('/')[1]);
  return 2 ** (32 - bits) - 5;
}

function subnet(
  accountId: string,
  region: string,
  net: Network,
  index: number,
  available: number,
  tags: Tags,
  capture: string,
  created: string,
  /** Whether instances launched here get a public IPv4 address (`MapPublicIpOnLaunch`). */
  mapPublicIpOnLaunch = false,
): Json {
  const s = net.subnets[index];
  if (s === undefined) throw new Error(`no subnet ${index}`);
  if (available > usableAddresses(s.cidr)) throw new Error(`${s.id}: more free addresses than usable`);
  return configurationItem({
    accountId,
    region,
    resourceType: 'AWS::EC2::Subnet',
    resourceId: s.id,
    arn: `arn:aws:ec2:${region}:${accountId}:subnet/${s.id}`,
    availabilityZone: s.az,
    captureTime: capture,
    createdAt: created,
    configuration: {
      availabilityZone: s.az,
      availableIpAddressCount: available,
      cidrBlock: s.cidr,
      defaultForAz: false,
      mapPublicIpOnLaunch,
      state: 'available',
      subnetId: s.id,
      vpcId: net.vpcId,
      ownerId: accountId,
      assignIpv6AddressOnCreation: false,
      ipv6CidrBlockAssociationSet: [],
      tags: tagList(tags),
      subnetArn: `arn:aws:ec2:${region}:${accountId}:subnet/${s.id}`,
    },
    tags,
    relationships: [{ resourceType: 'AWS::EC2::VPC', resourceId: net.vpcId, name: 'Is contained in Vpc' }],
  });
}

interface Permission {
  readonly protocol: string;
  readonly from?: number;
  readonly to?: number;
  readonly ipv4?: readonly string[];
  readonly ipv6?: readonly string[];
  readonly groups?: readonly string[];
}

function ipPermission(accountId: string, p: Permission): Json {
  const ipv4 = p.ipv4 ?? [];
  const out: Json = { ipProtocol: p.protocol };
  if (p.from !== undefined) out.fromPort = p.from;
  if (p.to !== undefined) out.toPort = p.to;
  out.ipv6Ranges = (p.ipv6 ?? []).map((cidrIpv6) => ({ cidrIpv6 }));
  out.prefixListIds = [];
  out.userIdGroupPairs = (p.groups ?? []).map((groupId) => ({ groupId, userId: accountId }));
  out.ipv4Ranges = ipv4.map((cidrIp) => ({ cidrIp }));
  out.ipRanges = [...ipv4];
  return out;
}

interface SecurityGroupSpec {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly ingress: readonly Permission[];
  /** @default all traffic out to 0.0.0.0/0 (what EC2 gives a new group) */
  readonly egress?: readonly Permission[];
  readonly tags?: Tags;
}

function securityGroup(
  accountId: string,
  region: string,
  net: Network,
  sg: SecurityGroupSpec,
  capture: string,
  created: string,
): Json {
  const tags = sg.tags ?? {};
  return configurationItem({
    accountId,
    region,
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId: sg.id,
    resourceName: sg.name,
    arn: `arn:aws:ec2:${region}:${accountId}:security-group/${sg.id}`,
    availabilityZone: 'Not Applicable',
    captureTime: capture,
    createdAt: created,
    configuration: {
      description: sg.description,
      groupName: sg.name,
      ipPermissions: sg.ingress.map((p) => ipPermission(accountId, p)),
      ownerId: accountId,
      groupId: sg.id,
      ipPermissionsEgress: (sg.egress ?? [{ protocol: '-1', ipv4: ['0.0.0.0/0'] }]).map((p) =>
        ipPermission(accountId, p),
      ),
      tags: tagList(tags),
      vpcId: net.vpcId,
    },
    tags,
    relationships: [{ resourceType: 'AWS::EC2::VPC', resourceId: net.vpcId, name: 'Is contained in Vpc' }],
  });
}

/** A VPC's default group: as EC2 creates it (all traffic from its members in, everything out), or `closed` (no rules). */
function defaultSecurityGroup(
  accountId: string,
  region: string,
  net: Network,
  capture: string,
  created: string,
  closed = false,
) {
  return securityGroup(
    accountId,
    region,
    net,
    {
      id: net.defaultSg,
      name: 'default',
      description: 'default VPC security group',
      ingress: closed ? [] : [{ protocol: '-1', groups: [net.defaultSg] }],
      ...(closed ? { egress: [] } : {}),
    },
    capture,
    created,
  );
}

// --- EC2 instances and volumes ----------------------------------------------------------------

type InstanceState = 'running' | 'stopped' | 'terminated';
const STATE_CODES: Readonly<Record<InstanceState, number>> = { running: 16, stopped: 80, terminated: 48 };

interface InstanceSpec {
  readonly key: string;
  readonly state: InstanceState;
  readonly type: string;
  readonly tags: Tags;
  readonly launchedAt: string;
  readonly captureTime: string;
  readonly subnet: 0 | 1;
  readonly securityGroups: readonly { readonly id: string; readonly name: string }[];
  /** The state change time shown in `stateTransitionReason` for stopped/terminated instances. */
  readonly stoppedAt?: string;
  readonly hostIndex: number;
  /** An auto-assigned public IPv4 address (running instances only). @default none */
  readonly publicIp?: string;
  /** `metadataOptions.httpTokens`: `optional` = IMDSv1 still answers. @default 'required' */
  readonly httpTokens?: 'optional' | 'required';
}

function instanceIdOf(accountId: string, region: string, key: string): string {
  return ec2Id('i', `${accountId}:${region}:${key}`);
}

function rootVolumeIdOf(accountId: string, region: string, key: string): string {
  return ec2Id('vol', `${accountId}:${region}:${key}:root`);
}

function gmt(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} GMT`;
}

function ec2Instance(accountId: string, region: string, net: Network, spec: InstanceSpec): Json {
  const id = instanceIdOf(accountId, region, spec.key);
  const s = net.subnets[spec.subnet];
  if (s === undefined) throw new Error(`no subnet ${spec.subnet}`);
  const base = s.cidr.split('/')[0]?.split('.') ?? [];
  const privateIp = `${base[0]}.${base[1]}.${base[2]}.${10 + spec.hostIndex}`;
  const privateDns = `ip-${privateIp.replaceAll('.', '-')}.${region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`}`;
  const eni = ec2Id('eni', `${accountId}:${region}:${spec.key}`);
  const volume = rootVolumeIdOf(accountId, region, spec.key);
  const terminated = spec.state === 'terminated';
  const groups = spec.securityGroups.map((g) => ({ groupName: g.name, groupId: g.id }));
  const publicIp = spec.state === 'running' ? spec.publicIp : undefined;
  const publicDns =
    publicIp === undefined
      ? ''
      : `ec2-${publicIp.replaceAll('.', '-')}.${region === 'us-east-1' ? 'compute-1' : `${region}.compute`}.amazonaws.com`;
  const association =
    publicIp === undefined ? {} : { association: { publicIp, publicDnsName: publicDns, ipOwnerId: 'amazon' } };

  const configuration: Json = {
    amiLaunchIndex: 0,
    imageId: ec2Id('ami', region),
    instanceId: id,
    instanceType: spec.type,
    kernelId: null,
    keyName: null,
    launchTime: spec.launchedAt,
    monitoring: { state: 'disabled' },
    placement: { availabilityZone: s.az, groupName: '', tenancy: 'default', hostId: null, affinity: null },
    platform: null,
    privateDnsName: terminated ? '' : privateDns,
    privateIpAddress: terminated ? null : privateIp,
    productCodes: [],
    publicDnsName: publicDns,
    publicIpAddress: publicIp ?? null,
    ramdiskId: null,
    state: { code: STATE_CODES[spec.state], name: spec.state },
    stateTransitionReason:
      spec.state === 'running' ? '' : `User initiated (${gmt(spec.stoppedAt ?? spec.captureTime)})`,
    subnetId: terminated ? null : s.id,
    vpcId: terminated ? null : net.vpcId,
    architecture: 'x86_64',
    blockDeviceMappings: terminated
      ? []
      : [
          {
            deviceName: '/dev/xvda',
            ebs: { attachTime: spec.launchedAt, deleteOnTermination: true, status: 'attached', volumeId: volume },
          },
        ],
    clientToken: sha(`token:${id}`).slice(0, 32),
    ebsOptimized: true,
    enaSupport: true,
    hypervisor: 'xen',
    iamInstanceProfile: null,
    instanceLifecycle: null,
    networkInterfaces: terminated
      ? []
      : [
          {
            ...association,
            attachment: {
              attachTime: spec.launchedAt,
              attachmentId: ec2Id('eni-attach', `${accountId}:${region}:${spec.key}`),
              deleteOnTermination: true,
              deviceIndex: 0,
              networkCardIndex: 0,
              status: 'attached',
            },
            description: '',
            groups,
            interfaceType: 'interface',
            ipv6Addresses: [],
            macAddress: `0e:${sha(`mac:${id}`).slice(0, 10).match(/../g)?.join(':')}`,
            networkInterfaceId: eni,
            ownerId: accountId,
            privateDnsName: privateDns,
            privateIpAddress: privateIp,
            privateIpAddresses: [
              { primary: true, privateDnsName: privateDns, privateIpAddress: privateIp, ...association },
            ],
            sourceDestCheck: true,
            status: 'in-use',
            subnetId: s.id,
            vpcId: net.vpcId,
          },
        ],
    rootDeviceName: '/dev/xvda',
    rootDeviceType: 'ebs',
    securityGroups: terminated ? [] : groups,
    sourceDestCheck: terminated ? null : true,
    spotInstanceRequestId: null,
    stateReason:
      spec.state === 'running'
        ? null
        : { code: 'Client.UserInitiatedShutdown', message: 'Client.UserInitiatedShutdown: User initiated shutdown' },
    tags: tagList(spec.tags),
    virtualizationType: 'hvm',
    metadataOptions: {
      state: 'applied',
      httpTokens: spec.httpTokens ?? 'required',
      httpPutResponseHopLimit: 2,
      httpEndpoint: 'enabled',
      httpProtocolIpv6: 'disabled',
      instanceMetadataTags: 'disabled',
    },
    bootMode: 'uefi-preferred',
  };

  const relationships: Rel[] = terminated
    ? []
    : [
        { resourceType: 'AWS::EC2::NetworkInterface', resourceId: eni, name: 'Contains NetworkInterface' },
        ...spec.securityGroups.map((g) => ({
          resourceType: 'AWS::EC2::SecurityGroup',
          resourceId: g.id,
          name: 'Is associated with SecurityGroup',
        })),
        { resourceType: 'AWS::EC2::Subnet', resourceId: s.id, name: 'Is contained in Subnet' },
        { resourceType: 'AWS::EC2::Volume', resourceId: volume, name: 'Is attached to Volume' },
        { resourceType: 'AWS::EC2::VPC', resourceId: net.vpcId, name: 'Is contained in Vpc' },
      ];

  return configurationItem({
    accountId,
    region,
    resourceType: 'AWS::EC2::Instance',
    resourceId: id,
    arn: `arn:aws:ec2:${region}:${accountId}:instance/${id}`,
    availabilityZone: s.az,
    captureTime: spec.captureTime,
    createdAt: spec.launchedAt,
    configuration,
    tags: spec.tags,
    relationships,
  });
}

interface VolumeSpec {
  readonly id: string;
  readonly az: string;
  readonly sizeGiB: number;
  readonly encrypted: boolean;
  readonly kmsKeyId?: string;
  readonly attachedTo?: string;
  readonly createdAt: string;
  readonly captureTime: string;
  readonly tags?: Tags;
}

function ebsVolume(accountId: string, region: string, v: VolumeSpec): Json {
  const tags = v.tags ?? {};
  const configuration: Json = {
    attachments:
      v.attachedTo === undefined
        ? []
        : [
            {
              attachTime: v.createdAt,
              device: '/dev/xvda',
              instanceId: v.attachedTo,
              state: 'attached',
              volumeId: v.id,
              deleteOnTermination: true,
            },
          ],
    availabilityZone: v.az,
    createTime: v.createdAt,
    encrypted: v.encrypted,
    size: v.sizeGiB,
    snapshotId: '',
    state: v.attachedTo === undefined ? 'available' : 'in-use',
    volumeId: v.id,
    iops: 3000,
    tags: tagList(tags),
    volumeType: 'gp3',
    multiAttachEnabled: false,
    throughput: 125,
  };
  if (v.encrypted) configuration.kmsKeyId = v.kmsKeyId ?? null;
  return configurationItem({
    accountId,
    region,
    resourceType: 'AWS::EC2::Volume',
    resourceId: v.id,
    arn: `arn:aws:ec2:${region}:${accountId}:volume/${v.id}`,
    availabilityZone: v.az,
    captureTime: v.captureTime,
    createdAt: v.createdAt,
    configuration,
    tags,
    relationships:
      v.attachedTo === undefined
        ? []
        : [{ resourceType: 'AWS::EC2::Instance', resourceId: v.attachedTo, name: 'Is attached to Instance' }],
  });
}

// --- RDS --------------------------------------------------------------------------------------

interface DbSpec {
  readonly identifier: string;
  readonly engine: 'postgres' | 'mysql';
  readonly engineVersion: string;
  readonly encrypted: boolean;
  readonly kmsKeyId?: string;
  readonly tags: Tags;
  readonly createdAt: string;
  readonly captureTime: string;
  readonly securityGroup: string;
  /** Settings that differ from the estate's default instance (private, deletion-protected, 7-day backups, single-AZ, auto minor upgrades). */
  readonly settings?: {
    readonly publiclyAccessible?: boolean;
    readonly deletionProtection?: boolean;
    readonly backupRetentionPeriod?: number;
    readonly multiAZ?: boolean;
    readonly autoMinorVersionUpgrade?: boolean;
  };
}

function rdsInstance(accountId: string, region: string, net: Network, db: DbSpec): Json {
  const arn = `arn:aws:rds:${region}:${accountId}:db:${db.identifier}`;
  const resourceId = dbiResourceId(`${accountId}:${region}:${db.identifier}`);
  const az = `${region}a`;
  const port = db.engine === 'postgres' ? 5432 : 3306;
  // Parameter-group families: postgres16, mysql8.0; option groups: default:postgres-16, default:mysql-8-0.
  const majorVersion =
    db.engine === 'postgres'
      ? (db.engineVersion.split('.')[0] ?? '')
      : db.engineVersion.split('.').slice(0, 2).join('.');
  const family = `${db.engine}${majorVersion}`;
  const configuration: Json = {
    dBInstanceIdentifier: db.identifier,
    dBInstanceClass: 'db.t4g.medium',
    engine: db.engine,
    dBInstanceStatus: 'available',
    masterUsername: 'dbadmin',
    endpoint: {
      address: `${db.identifier}.${sha(`rds-endpoint:${accountId}:${region}`).slice(0, 12)}.${region}.rds.amazonaws.com`,
      port,
      hostedZoneId: region === 'us-east-1' ? 'Z2R2ITUGPM61AM' : 'Z29XKXDKYMONMX',
    },
    allocatedStorage: 100,
    instanceCreateTime: db.createdAt,
    preferredBackupWindow: '03:00-03:30',
    backupRetentionPeriod: 7,
    dBSecurityGroups: [],
    vpcSecurityGroups: [{ vpcSecurityGroupId: db.securityGroup, status: 'active' }],
    dBParameterGroups: [
      {
        dBParameterGroupName: `default.${family}`,
        parameterApplyStatus: 'in-sync',
      },
    ],
    availabilityZone: az,
    dBSubnetGroup: {
      dBSubnetGroupName: `${db.identifier}-subnets`,
      dBSubnetGroupDescription: `Subnets for ${db.identifier}`,
      vpcId: net.vpcId,
      subnetGroupStatus: 'Complete',
      subnets: net.subnets.map((s) => ({
        subnetIdentifier: s.id,
        subnetAvailabilityZone: { name: s.az },
        subnetStatus: 'Active',
      })),
    },
    preferredMaintenanceWindow: 'sun:05:00-sun:05:30',
    pendingModifiedValues: {},
    multiAZ: false,
    engineVersion: db.engineVersion,
    autoMinorVersionUpgrade: true,
    readReplicaDBInstanceIdentifiers: [],
    licenseModel: db.engine === 'postgres' ? 'postgresql-license' : 'general-public-license',
    optionGroupMemberships: [
      {
        optionGroupName: `default:${family.replace(/\d.*$/, '')}-${majorVersion.replace('.', '-')}`,
        status: 'in-sync',
      },
    ],
    publiclyAccessible: false,
    storageType: 'gp3',
    dbInstancePort: 0,
    storageEncrypted: db.encrypted,
    dbiResourceId: resourceId,
    cACertificateIdentifier: 'rds-ca-rsa2048-g1',
    copyTagsToSnapshot: true,
    monitoringInterval: 0,
    dBInstanceArn: arn,
    iAMDatabaseAuthenticationEnabled: false,
    performanceInsightsEnabled: false,
    deletionProtection: true,
    ...db.settings,
  };
  if (db.encrypted) configuration.kmsKeyId = db.kmsKeyId ?? null;
  return configurationItem({
    accountId,
    region,
    resourceType: 'AWS::RDS::DBInstance',
    resourceId,
    resourceName: db.identifier,
    arn,
    availabilityZone: az,
    captureTime: db.captureTime,
    createdAt: db.createdAt,
    configuration,
    tags: db.tags,
    relationships: [
      {
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: db.securityGroup,
        name: 'Is associated with SecurityGroup',
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// The estate: every case, with the finding it should produce
// ---------------------------------------------------------------------------------------------

const S3_ENC = 's3-bucket-encryption';
const EC2_TAGS = 'ec2-instance-required-tags';
const SG_OPEN = 'ec2-security-group-open-ingress';
const VOL_ENC = 'ec2-volume-encryption';
const SUBNET_IPS = 'vpc-subnet-ip-exhaustion';
const RDS_RULE = 'rds-instance-encryption-and-tags';
const PAB_RULE = 's3-bucket-public-access-block';
const ADMIN_SG = 'ec2-instance-admin-security-group';
const DEFAULT_SG = 'ec2-default-security-group-closed';
const SUBNET_PUBLIC = 'vpc-subnet-no-auto-public-ip';
const PUBLIC_IP = 'ec2-instance-no-public-ip';
const IMDSV2 = 'ec2-instance-imdsv2-required';
const HIGH_RISK = 'ec2-security-group-high-risk-ports';

/**
 * The administrator security group of the "configured" expectations. The rule is disabled by default
 * (every instance NOT_APPLICABLE); cdk.json context
 * `warden.rules["ec2-instance-admin-security-group"].parameters.adminSecurityGroup =
 * {"name": "warden-admin", "tag": {"key": "warden:admin-security-group", "value": "true"}}`
 * enables it. Only payments-prod/us-east-1 and sandbox/us-east-1 have a group of that name.
 */
const ADMIN_GROUP_NAME = 'warden-admin';
/** The tag that makes a group of that name the administrator group (a name alone can be planted). */
const ADMIN_GROUP_TAG = { key: 'warden:admin-security-group', value: 'true' } as const;

const OK = 'COMPLIANT';
const NA = 'NOT_APPLICABLE';
const FIX_S3 = 'NON_COMPLIANT → REMEDIATE (planned PutBucketEncryption)';
const FIX_TAGS = (keys: string) => `NON_COMPLIANT → REMEDIATE (planned CreateTags ${keys}=unassigned)`;
const PAB_ACCOUNT = 'COMPLIANT (no bucket-level block; the account-level block has all four settings on)';
const ADMIN = (configured: string) =>
  `NOT_APPLICABLE (disabled by default); with {"name": "${ADMIN_GROUP_NAME}", "tag": …} configured: ${configured}`;
const ADMIN_OK = ADMIN('COMPLIANT');
const ADMIN_FIX = ADMIN(`NON_COMPLIANT → REMEDIATE (planned ModifyInstanceAttribute adding ${ADMIN_GROUP_NAME})`);
const ADMIN_NO_GROUP = ADMIN(`NON_COMPLIANT → NOTIFY (no ${ADMIN_GROUP_NAME} group in this VPC: nothing to plan)`);

/** The administrator group of an account-region that has one (SSH from the corporate range only). */
function adminSecurityGroup(accountId: string, region: string, n: Network, capture: string, created: string): Json {
  return securityGroup(
    accountId,
    region,
    n,
    {
      id: ec2Id('sg', `${accountId}:${region}:${ADMIN_GROUP_NAME}`),
      name: ADMIN_GROUP_NAME,
      description: 'operations access from the corporate network',
      ingress: [{ protocol: 'tcp', from: 22, to: 22, ipv4: ['10.0.0.0/8'] }],
      tags: { Owner: 'cloud-operations@example.com', [ADMIN_GROUP_TAG.key]: ADMIN_GROUP_TAG.value },
    },
    capture,
    created,
  );
}

function adminRef(accountId: string, region: string): { readonly id: string; readonly name: string } {
  return { id: ec2Id('sg', `${accountId}:${region}:${ADMIN_GROUP_NAME}`), name: ADMIN_GROUP_NAME };
}

function fullTags(owner: string, costCenter: string, name: string): Tags {
  return { Name: name, Owner: owner, CostCenter: costCenter };
}

const NET_INDEX: Readonly<Record<string, number>> = {
  [`${PAYMENTS}:us-east-1`]: 1,
  [`${PAYMENTS}:eu-west-1`]: 2,
  [`${DATA}:us-east-1`]: 3,
  [`${DATA}:eu-west-1`]: 4,
  [`${SANDBOX}:us-east-1`]: 5,
  [`${SANDBOX}:eu-west-1`]: 6,
};

function net(accountId: string, region: string): Network {
  return networkOf(accountId, region, NET_INDEX[`${accountId}:${region}`] ?? 0);
}

function paymentsUsEast1(): AccountRegion {
  const a = PAYMENTS;
  const r = 'us-east-1';
  const n = net(a, r);
  const apiSg = { id: ec2Id('sg', `${a}:${r}:payments-api`), name: 'payments-api' };
  const batchSg = { id: ec2Id('sg', `${a}:${r}:payments-batch`), name: 'payments-batch' };
  const dbSg = { id: ec2Id('sg', `${a}:${r}:payments-db`), name: 'payments-db' };
  const created = '2021-03-02T09:12:44.000Z';
  const steady = '2026-09-14T08:30:12.000Z';
  const ledgerKey = kmsKeyArn(a, r, 'ledger');

  const instMissingOwner: InstanceSpec = {
    key: 'settlement-worker',
    state: 'running',
    type: 'm6i.large',
    tags: { Name: 'settlement-worker', CostCenter: 'CC-1001' },
    launchedAt: '2026-06-03T11:04:51.000Z',
    captureTime: '2026-11-20T15:42:10.000Z',
    subnet: 0,
    securityGroups: [batchSg],
    hostIndex: 2,
  };
  const instDeletedBucket: BucketSpec = {
    name: 'payments-prod-tmp-uploads',
    createdAt: '2025-02-11T10:00:00.000Z',
    captureTime: '2026-11-20T19:03:27.000Z',
    sse: { algorithm: 'AES256' },
    deleted: true,
  };
  const receipts: BucketSpec = {
    name: 'payments-prod-receipts',
    createdAt: '2020-05-19T13:22:08.000Z',
    captureTime: '2026-11-20T10:17:45.000Z',
    sse: { algorithm: 'AES256', bucketKey: true },
    publicAccessBlock: ALL_BLOCKED,
    versioning: 'Enabled',
    tags: { Owner: 'payments-platform@example.com', CostCenter: 'CC-1001' },
  };

  const resources: Resource[] = [
    {
      ci: s3Bucket(a, r, {
        name: 'payments-prod-statements',
        createdAt: '2022-08-30T07:45:00.000Z',
        captureTime: steady,
        sse: { algorithm: 'AES256', bucketKey: true },
        publicAccessBlock: ALL_BLOCKED,
        versioning: 'Enabled',
        tags: { Owner: 'payments-platform@example.com', CostCenter: 'CC-1001', DataClass: 'confidential' },
      }),
      label: 'payments-prod-statements',
      note: 'SSE-S3 (AES256) with bucket key',
      expect: { [PAB_RULE]: OK, [S3_ENC]: OK },
      previous: 'same',
    },
    {
      ci: s3Bucket(a, r, {
        name: 'payments-prod-ledger-archive',
        createdAt: '2021-11-04T16:20:31.000Z',
        captureTime: steady,
        sse: { algorithm: 'aws:kms', keyId: ledgerKey, bucketKey: true },
        publicAccessBlock: ALL_BLOCKED,
        versioning: 'Enabled',
        tags: { Owner: 'payments-platform@example.com', CostCenter: 'CC-1001' },
      }),
      label: 'payments-prod-ledger-archive',
      note: 'SSE-KMS with a customer managed key ARN',
      expect: { [PAB_RULE]: OK, [S3_ENC]: OK },
      previous: 'same',
    },
    {
      ci: s3Bucket(a, r, {
        name: 'payments-prod-exports-2017',
        createdAt: '2017-06-12T08:01:19.000Z',
        captureTime: '2024-03-18T12:00:04.000Z',
        sse: null,
        tags: { Owner: 'payments-platform@example.com' },
      }),
      label: 'payments-prod-exports-2017',
      note: 'old bucket, no default-encryption configuration; its exemption expired on 2025-01-01',
      expect: {
        [PAB_RULE]: PAB_ACCOUNT,
        [S3_ENC]: `${FIX_S3}; exemption ex-payments-exports-2017 is expired and never matches`,
      },
      previous: 'same',
    },
    {
      ci: s3Bucket(a, r, {
        name: 'payments-core-artifactsbucket-1x8qk2m4v7zd',
        createdAt: '2019-10-08T14:37:52.000Z',
        captureTime: '2025-07-01T09:15:40.000Z',
        sse: null,
        tags: {
          'aws:cloudformation:stack-name': 'payments-core',
          'aws:cloudformation:logical-id': 'ArtifactsBucket',
          'aws:cloudformation:stack-id': `arn:aws:cloudformation:${r}:${a}:stack/payments-core/${uuid('stack:payments-core')}`,
        },
      }),
      label: 'payments-core-artifactsbucket-1x8qk2m4v7zd',
      note: 'no default encryption; created by CloudFormation stack payments-core (logical id ArtifactsBucket)',
      expect: {
        [PAB_RULE]: PAB_ACCOUNT,
        [S3_ENC]: `${FIX_S3}; IaC hint: cloudformation stack payments-core, ArtifactsBucket`,
      },
      previous: 'same',
    },
    {
      ci: s3Bucket(a, r, receipts),
      label: 'payments-prod-receipts',
      note: 'had no default encryption in the 2026/11/20 snapshot; AES256 since 2026-11-20T10:17Z (de-duplication keeps the latest)',
      expect: { [PAB_RULE]: OK, [S3_ENC]: OK },
      previous: s3Bucket(a, r, { ...receipts, sse: null, captureTime: '2025-04-02T08:00:00.000Z' }),
    },
    {
      ci: s3Bucket(a, r, instDeletedBucket),
      label: 'payments-prod-tmp-uploads',
      note: 'deleted on 2026-11-20 (configurationItemStatus ResourceDeleted, configuration null)',
      expect: { [PAB_RULE]: NA, [S3_ENC]: NA },
      previous: s3Bucket(a, r, { ...instDeletedBucket, deleted: false, captureTime: '2025-02-11T10:00:05.000Z' }),
    },
    {
      ci: ec2Instance(a, r, n, {
        key: 'payments-api-1',
        state: 'running',
        type: 'm6i.xlarge',
        tags: fullTags('payments-platform@example.com', 'CC-1001', 'payments-api-1'),
        launchedAt: '2026-05-12T08:14:03.000Z',
        captureTime: '2026-05-12T08:16:55.000Z',
        subnet: 0,
        securityGroups: [apiSg, adminRef(a, r)],
        hostIndex: 1,
      }),
      label: 'payments-api-1',
      note: 'running, tagged Name/Owner/CostCenter, no public IPv4 address, IMDSv2 required',
      expect: { [ADMIN_SG]: ADMIN_OK, [EC2_TAGS]: OK, [PUBLIC_IP]: OK, [IMDSV2]: OK },
      previous: 'same',
    },
    {
      ci: ec2Instance(a, r, n, instMissingOwner),
      label: 'settlement-worker',
      note: 'running, Owner tag removed on 2026-11-20 (the 2026/11/20 snapshot still has it)',
      expect: { [ADMIN_SG]: ADMIN_FIX, [EC2_TAGS]: FIX_TAGS('Owner') },
      previous: ec2Instance(a, r, n, {
        ...instMissingOwner,
        tags: fullTags('payments-platform@example.com', 'CC-1001', 'settlement-worker'),
        captureTime: '2026-06-03T11:06:30.000Z',
      }),
    },
    {
      ci: ec2Instance(a, r, n, {
        key: 'fraud-scoring',
        state: 'running',
        type: 'c6i.large',
        tags: { Name: 'fraud-scoring', owner: 'risk-team@example.com', CostCenter: 'CC-1002' },
        launchedAt: '2026-08-21T13:40:00.000Z',
        captureTime: '2026-08-21T13:42:19.000Z',
        subnet: 0,
        securityGroups: [batchSg],
        hostIndex: 3,
      }),
      label: 'fraud-scoring',
      note: 'tagged `owner` (wrong case; tag keys are case-sensitive) and CostCenter',
      expect: { [ADMIN_SG]: ADMIN_FIX, [EC2_TAGS]: FIX_TAGS('Owner') },
      previous: 'same',
    },
    {
      ci: ec2Instance(a, r, n, {
        key: 'payments-canary',
        state: 'terminated',
        type: 't3.micro',
        tags: {},
        launchedAt: '2026-11-02T09:00:00.000Z',
        captureTime: '2026-11-03T17:25:06.000Z',
        stoppedAt: '2026-11-03T17:24:41.000Z',
        subnet: 1,
        securityGroups: [apiSg],
        hostIndex: 4,
      }),
      label: 'payments-canary',
      note: 'terminated, untagged',
      expect: { [ADMIN_SG]: NA, [EC2_TAGS]: NA },
      previous: 'same',
    },
    {
      ci: securityGroup(
        a,
        r,
        n,
        {
          ...apiSg,
          description: 'payments API load balancer targets',
          ingress: [
            { protocol: 'tcp', from: 443, to: 443, ipv4: ['0.0.0.0/0'], ipv6: ['::/0'] },
            { protocol: 'tcp', from: 22, to: 22, ipv4: ['10.0.0.0/8'] },
          ],
          tags: { Owner: 'payments-platform@example.com' },
        },
        steady,
        created,
      ),
      label: 'payments-api',
      note: '443 open to 0.0.0.0/0 and ::/0 (allowed port); SSH only from 10.0.0.0/8',
      expect: { [SG_OPEN]: OK, [HIGH_RISK]: OK },
      previous: 'same',
    },
    {
      ci: securityGroup(
        a,
        r,
        n,
        {
          ...batchSg,
          description: 'payments batch workers',
          ingress: [{ protocol: 'tcp', from: 8080, to: 8080, groups: [apiSg.id] }],
        },
        steady,
        created,
      ),
      label: 'payments-batch',
      note: 'ingress only from another security group',
      expect: { [SG_OPEN]: OK },
      previous: 'same',
    },
    {
      ci: securityGroup(
        a,
        r,
        n,
        {
          ...dbSg,
          description: 'payments ledger database',
          ingress: [{ protocol: 'tcp', from: 5432, to: 5432, groups: [batchSg.id] }],
        },
        steady,
        created,
      ),
      label: 'payments-db',
      note: 'Postgres only from payments-batch',
      expect: { [SG_OPEN]: OK },
      previous: 'same',
    },
    {
      ci: adminSecurityGroup(a, r, n, steady, created),
      label: ADMIN_GROUP_NAME,
      note: 'the administrator group (SSH from 10.0.0.0/8 only); payments-api-1 carries it',
      expect: { [SG_OPEN]: OK },
      previous: 'same',
    },
    {
      ci: defaultSecurityGroup(a, r, n, steady, created, true),
      label: 'default',
      note: "the VPC's default security group, every rule removed (no instance uses it)",
      expect: { [SG_OPEN]: OK, [DEFAULT_SG]: OK },
      previous: 'same',
    },
    {
      ci: ebsVolume(a, r, {
        id: rootVolumeIdOf(a, r, 'payments-api-1'),
        az: `${r}a`,
        sizeGiB: 50,
        encrypted: true,
        kmsKeyId: kmsKeyArn(a, r, 'ebs'),
        attachedTo: instanceIdOf(a, r, 'payments-api-1'),
        createdAt: '2026-05-12T08:14:03.000Z',
        captureTime: '2026-05-12T08:16:55.000Z',
      }),
      label: 'payments-api-1 root volume',
      note: 'encrypted (customer managed key)',
      expect: { [VOL_ENC]: OK },
      previous: 'same',
    },
    {
      ci: ebsVolume(a, r, {
        id: rootVolumeIdOf(a, r, 'settlement-worker'),
        az: `${r}a`,
        sizeGiB: 100,
        encrypted: false,
        attachedTo: instanceIdOf(a, r, 'settlement-worker'),
        createdAt: '2026-06-03T11:04:51.000Z',
        captureTime: '2026-06-03T11:06:30.000Z',
      }),
      label: 'settlement-worker root volume',
      note: 'not encrypted',
      expect: { [VOL_ENC]: 'NON_COMPLIANT → NOTIFY' },
      previous: 'same',
    },
    {
      ci: subnet(a, r, n, 0, 3911, { Name: 'payments-private-a' }, steady, created),
      label: 'payments-private-a',
      note: '/20 with 3911 of 4091 usable addresses free; no public addresses on launch',
      expect: { [SUBNET_IPS]: OK, [SUBNET_PUBLIC]: OK },
      previous: 'same',
    },
    {
      ci: subnet(a, r, n, 1, 9, { Name: 'payments-private-b' }, '2026-11-20T22:51:09.000Z', created),
      label: 'payments-private-b',
      note: '/24 with 9 of 251 usable addresses free (3.6%)',
      expect: { [SUBNET_IPS]: 'NON_COMPLIANT → NOTIFY' },
      previous: subnet(a, r, n, 1, 31, { Name: 'payments-private-b' }, '2026-11-19T12:00:00.000Z', created),
    },
    {
      ci: vpc(a, r, n, { Name: 'payments-prod' }, steady, created),
      label: 'payments-prod VPC',
      note: 'VPC holding the subnets above',
      expect: {},
      previous: 'same',
    },
    {
      ci: rdsInstance(a, r, n, {
        identifier: 'payments-ledger',
        engine: 'postgres',
        engineVersion: '16.4',
        encrypted: true,
        kmsKeyId: ledgerKey,
        tags: { Owner: 'payments-platform@example.com', CostCenter: 'CC-1001' },
        createdAt: '2023-01-17T10:11:12.000Z',
        captureTime: steady,
        securityGroup: dbSg.id,
        settings: { multiAZ: true },
      }),
      label: 'payments-ledger',
      note: 'storage encrypted, Owner and CostCenter tags, Multi-AZ',
      expect: {
        [RDS_RULE]: OK,
        'rds-instance-multi-az': 'COMPLIANT',
      },
      previous: 'same',
    },
    {
      ci: accountPublicAccessBlock(a, r, ALL_BLOCKED, '2024-01-09T10:00:00.000Z'),
      label: 'account public access block',
      note: `all four settings on at account level: covers every bucket of the account (\`${PAB_RULE}\`)`,
      expect: {},
      previous: 'same',
    },
  ];
  return { accountId: a, region: r, resources, previousDay: { gzip: true } };
}

function paymentsEuWest1(): AccountRegion {
  const a = PAYMENTS;
  const r = 'eu-west-1';
  const n = net(a, r);
  const webSg = { id: ec2Id('sg', `${a}:${r}:payments-eu-bastion`), name: 'payments-eu-bastion' };
  const dbSg = { id: ec2Id('sg', `${a}:${r}:payments-eu-db`), name: 'payments-eu-db' };
  const created = '2022-04-27T12:00:00.000Z';
  const steady = '2026-10-02T07:12:40.000Z';
  return {
    accountId: a,
    region: r,
    resources: [
      {
        ci: s3Bucket(a, r, {
          name: 'payments-prod-eu-statements',
          createdAt: '2022-05-03T09:30:00.000Z',
          captureTime: steady,
          sse: { algorithm: 'aws:kms', keyId: null },
          publicAccessBlock: ALL_BLOCKED,
          versioning: 'Enabled',
          tags: { Owner: 'payments-platform@example.com', CostCenter: 'CC-1001' },
        }),
        label: 'payments-prod-eu-statements',
        note: 'SSE-KMS with no key id (the AWS managed key aws/s3)',
        expect: { [PAB_RULE]: OK, [S3_ENC]: OK },
      },
      {
        ci: s3Bucket(a, r, {
          name: 'payments-prod-eu-backups',
          createdAt: '2024-02-14T15:05:00.000Z',
          captureTime: steady,
          sse: { algorithm: 'aws:kms:dsse', keyId: kmsKeyArn(a, r, 'backups') },
          publicAccessBlock: ALL_BLOCKED,
          versioning: 'Enabled',
          tags: { Owner: 'payments-platform@example.com', CostCenter: 'CC-1001' },
        }),
        label: 'payments-prod-eu-backups',
        note: 'dual-layer SSE-KMS (aws:kms:dsse)',
        expect: { [PAB_RULE]: OK, [S3_ENC]: OK },
      },
      {
        ci: ec2Instance(a, r, n, {
          key: 'payments-eu-api-1',
          state: 'running',
          type: 'm6i.large',
          tags: fullTags('payments-platform@example.com', 'CC-1001', 'payments-eu-api-1'),
          launchedAt: '2026-07-07T07:07:07.000Z',
          captureTime: '2026-07-07T07:09:12.000Z',
          subnet: 0,
          securityGroups: [webSg],
          hostIndex: 1,
        }),
        label: 'payments-eu-api-1',
        note: 'running, fully tagged',
        expect: { [ADMIN_SG]: ADMIN_NO_GROUP, [EC2_TAGS]: OK },
      },
      {
        ci: ec2Instance(a, r, n, {
          key: 'payments-eu-debug',
          state: 'running',
          type: 't3.small',
          tags: {},
          launchedAt: '2026-11-19T16:48:00.000Z',
          captureTime: '2026-11-19T16:50:31.000Z',
          subnet: 1,
          securityGroups: [webSg],
          hostIndex: 2,
        }),
        label: 'payments-eu-debug',
        note: 'running, no tags at all',
        expect: { [ADMIN_SG]: ADMIN_NO_GROUP, [EC2_TAGS]: FIX_TAGS('Owner, CostCenter') },
      },
      {
        ci: securityGroup(
          a,
          r,
          n,
          {
            ...webSg,
            description: 'bastion access',
            ingress: [{ protocol: 'tcp', from: 22, to: 22, ipv4: ['0.0.0.0/0'] }],
          },
          '2026-11-19T16:46:02.000Z',
          created,
        ),
        label: 'payments-eu-bastion',
        note: 'SSH (22) open to 0.0.0.0/0',
        expect: { [SG_OPEN]: 'NON_COMPLIANT → NOTIFY (revoke tcp/22 from 0.0.0.0/0)' },
      },
      {
        ci: securityGroup(
          a,
          r,
          n,
          {
            ...dbSg,
            description: 'payments EU database',
            ingress: [{ protocol: 'tcp', from: 5432, to: 5432, groups: [webSg.id] }],
          },
          steady,
          created,
        ),
        label: 'payments-eu-db',
        note: 'Postgres only from the bastion group',
        expect: { [SG_OPEN]: OK },
      },
      {
        ci: ebsVolume(a, r, {
          id: rootVolumeIdOf(a, r, 'payments-eu-api-1'),
          az: `${r}a`,
          sizeGiB: 30,
          encrypted: true,
          kmsKeyId: kmsKeyArn(a, r, 'ebs'),
          attachedTo: instanceIdOf(a, r, 'payments-eu-api-1'),
          createdAt: '2026-07-07T07:07:07.000Z',
          captureTime: '2026-07-07T07:09:12.000Z',
        }),
        label: 'payments-eu-api-1 root volume',
        note: 'encrypted',
        expect: { [VOL_ENC]: OK },
      },
      {
        ci: subnet(a, r, n, 0, 4071, { Name: 'payments-eu-private-a' }, steady, created),
        label: 'payments-eu-private-a',
        note: '/20, mostly free',
        expect: { [SUBNET_IPS]: OK },
      },
      {
        ci: subnet(a, r, n, 1, 240, { Name: 'payments-eu-private-b' }, steady, created),
        label: 'payments-eu-private-b',
        note: '/24 with 240 of 251 free',
        expect: { [SUBNET_IPS]: OK },
      },
      {
        ci: vpc(a, r, n, { Name: 'payments-prod-eu' }, steady, created),
        label: 'payments-prod-eu VPC',
        note: '',
        expect: {},
      },
      {
        ci: rdsInstance(a, r, n, {
          identifier: 'payments-eu-reporting',
          engine: 'mysql',
          engineVersion: '8.0.39',
          encrypted: true,
          kmsKeyId: kmsKeyArn(a, r, 'rds'),
          tags: { Owner: 'payments-platform@example.com' },
          createdAt: '2024-09-30T08:00:00.000Z',
          captureTime: steady,
          securityGroup: dbSg.id,
        }),
        label: 'payments-eu-reporting',
        note: 'storage encrypted, CostCenter tag missing',
        expect: { [RDS_RULE]: 'NON_COMPLIANT → NOTIFY (missing CostCenter)' },
      },
    ],
  };
}

function dataUsEast1(): AccountRegion {
  const a = DATA;
  const r = 'us-east-1';
  const n = net(a, r);
  const etlSg = { id: ec2Id('sg', `${a}:${r}:etl`), name: 'etl-workers' };
  const created = '2020-01-20T10:00:00.000Z';
  const steady = '2026-08-11T04:10:00.000Z';
  const legacy = (year: number): Resource => ({
    ci: s3Bucket(a, r, {
      name: `legacy-logs-${year}`,
      createdAt: `${year}-01-02T03:04:05.000Z`,
      captureTime: '2023-05-30T14:00:00.000Z',
      sse: null,
      tags: { Owner: 'data-engineering@example.com', Retention: 'archive' },
    }),
    label: `legacy-logs-${year}`,
    note: 'old log bucket, no default encryption; matches the SUPPRESS exemption arn:aws:s3:::legacy-logs-*',
    expect: { [PAB_RULE]: PAB_ACCOUNT, [S3_ENC]: 'NON_COMPLIANT → EXEMPT (ex-legacy-logs)' },
  });
  const etlRunnerId = instanceIdOf(a, r, 'etl-runner');
  return {
    accountId: a,
    region: r,
    resources: [
      legacy(2019),
      legacy(2020),
      legacy(2021),
      {
        ci: s3Bucket(a, r, {
          name: 'x-legacy-logs-1',
          createdAt: '2019-07-15T12:00:00.000Z',
          captureTime: '2023-05-30T14:00:00.000Z',
          sse: null,
          tags: { Owner: 'data-engineering@example.com' },
        }),
        label: 'x-legacy-logs-1',
        note: 'no default encryption; NOT matched by legacy-logs-* (the glob is anchored)',
        expect: { [PAB_RULE]: PAB_ACCOUNT, [S3_ENC]: FIX_S3 },
      },
      {
        ci: s3Bucket(a, r, {
          name: 'data-platform-lake-raw',
          createdAt: '2021-09-09T09:09:09.000Z',
          captureTime: steady,
          sse: { algorithm: 'aws:kms', keyId: kmsKeyArn(a, r, 'lake'), bucketKey: true },
          publicAccessBlock: ALL_BLOCKED,
          versioning: 'Enabled',
          tags: { Owner: 'data-engineering@example.com', CostCenter: 'CC-2001' },
        }),
        label: 'data-platform-lake-raw',
        note: 'SSE-KMS with key ARN',
        expect: { [PAB_RULE]: OK, [S3_ENC]: OK },
      },
      {
        ci: ec2Instance(a, r, n, {
          key: 'etl-runner',
          state: 'running',
          type: 'r6i.2xlarge',
          tags: { Name: 'etl-runner' },
          launchedAt: '2025-12-01T02:00:00.000Z',
          captureTime: '2025-12-01T02:02:44.000Z',
          subnet: 0,
          securityGroups: [etlSg],
          hostIndex: 1,
        }),
        label: 'etl-runner',
        note: `running, Owner and CostCenter missing; NOTIFY_ONLY exemption for ${etlRunnerId}`,
        expect: { [ADMIN_SG]: ADMIN_NO_GROUP, [EC2_TAGS]: 'NON_COMPLIANT → NOTIFY (ex-etl-runner-notify-only)' },
      },
      {
        ci: ec2Instance(a, r, n, {
          key: 'spark-history',
          state: 'stopped',
          type: 'm6i.large',
          tags: {},
          launchedAt: '2025-04-22T08:00:00.000Z',
          captureTime: '2026-10-30T18:12:00.000Z',
          stoppedAt: '2026-10-30T18:11:31.000Z',
          subnet: 0,
          securityGroups: [etlSg],
          hostIndex: 2,
        }),
        label: 'spark-history',
        note: 'stopped, untagged (a stopped instance still exists and is evaluated)',
        expect: { [ADMIN_SG]: ADMIN_NO_GROUP, [EC2_TAGS]: FIX_TAGS('Owner, CostCenter') },
      },
      {
        ci: ec2Instance(a, r, n, {
          key: 'airflow-scheduler',
          state: 'running',
          type: 'm6i.large',
          tags: fullTags('data-engineering@example.com', 'CC-2001', 'airflow-scheduler'),
          launchedAt: '2026-02-02T10:00:00.000Z',
          captureTime: '2026-02-02T10:02:10.000Z',
          subnet: 1,
          securityGroups: [etlSg],
          hostIndex: 3,
        }),
        label: 'airflow-scheduler',
        note: 'running, fully tagged',
        expect: { [ADMIN_SG]: ADMIN_NO_GROUP, [EC2_TAGS]: OK },
      },
      {
        ci: securityGroup(
          a,
          r,
          n,
          {
            ...etlSg,
            description: 'ETL workers',
            ingress: [{ protocol: '-1', ipv4: ['0.0.0.0/0'] }],
            tags: { Owner: 'data-engineering@example.com' },
          },
          '2026-11-14T09:31:00.000Z',
          created,
        ),
        label: 'etl-workers',
        note: 'all traffic (protocol -1) open to 0.0.0.0/0',
        expect: { [SG_OPEN]: 'NON_COMPLIANT → NOTIFY (revoke -1 from 0.0.0.0/0)' },
      },
      {
        ci: ebsVolume(a, r, {
          id: ec2Id('vol', `${a}:${r}:scratch`),
          az: `${r}b`,
          sizeGiB: 500,
          encrypted: false,
          createdAt: '2024-03-03T03:03:03.000Z',
          captureTime: '2025-11-30T23:00:00.000Z',
          tags: { Name: 'etl-scratch' },
        }),
        label: 'etl-scratch volume',
        note: 'unattached, not encrypted',
        expect: { [VOL_ENC]: 'NON_COMPLIANT → NOTIFY' },
      },
      {
        ci: subnet(a, r, n, 0, 2650, { Name: 'data-private-a' }, steady, created),
        label: 'data-private-a',
        note: '/20 with 2650 free',
        expect: { [SUBNET_IPS]: OK },
      },
      {
        ci: subnet(a, r, n, 1, 26, { Name: 'data-private-b' }, steady, created),
        label: 'data-private-b',
        note: '/24 with 26 of 251 free (10.4%, just above the 10% threshold)',
        expect: { [SUBNET_IPS]: OK },
      },
      {
        ci: vpc(a, r, n, { Name: 'data-platform' }, steady, created),
        label: 'data-platform VPC',
        note: '',
        expect: {},
      },
      {
        ci: accountPublicAccessBlock(a, r, ALL_BLOCKED, '2023-06-01T00:00:00.000Z'),
        label: 'account public access block',
        note: `all four settings on: covers every bucket of the account (\`${PAB_RULE}\`)`,
        expect: {},
      },
    ],
  };
}

function dataEuWest1(): AccountRegion {
  const a = DATA;
  const r = 'eu-west-1';
  const n = net(a, r);
  const sg = { id: ec2Id('sg', `${a}:${r}:analytics`), name: 'analytics' };
  const created = '2023-03-01T08:00:00.000Z';
  const steady = '2026-09-01T06:30:00.000Z';
  return {
    accountId: a,
    region: r,
    gzip: true,
    resources: [
      {
        ci: s3Bucket(a, r, {
          name: 'data-platform-lake-eu',
          createdAt: '2023-03-02T10:00:00.000Z',
          captureTime: steady,
          sse: { algorithm: 'AES256' },
          publicAccessBlock: ALL_BLOCKED,
          tags: { Owner: 'data-engineering@example.com', CostCenter: 'CC-2001' },
        }),
        label: 'data-platform-lake-eu',
        note: 'SSE-S3 (AES256)',
        expect: { [PAB_RULE]: OK, [S3_ENC]: OK },
      },
      {
        ci: s3Bucket(a, r, {
          name: 'data-platform-exports-eu',
          createdAt: '2023-04-18T10:00:00.000Z',
          captureTime: steady,
          sse: { algorithm: 'aws:kms', keyId: kmsKeyArn(a, r, 'exports') },
          publicAccessBlock: ALL_BLOCKED,
          tags: { Owner: 'data-engineering@example.com', CostCenter: 'CC-2001' },
        }),
        label: 'data-platform-exports-eu',
        note: 'SSE-KMS with key ARN',
        expect: { [PAB_RULE]: OK, [S3_ENC]: OK },
      },
      {
        ci: ec2Instance(a, r, n, {
          key: 'analytics-notebook',
          state: 'running',
          type: 'r6i.large',
          tags: fullTags('data-science@example.com', 'CC-2002', 'analytics-notebook'),
          launchedAt: '2026-03-03T09:00:00.000Z',
          captureTime: '2026-03-03T09:02:00.000Z',
          subnet: 0,
          securityGroups: [sg],
          hostIndex: 1,
        }),
        label: 'analytics-notebook',
        note: 'running, fully tagged',
        expect: { [ADMIN_SG]: ADMIN_NO_GROUP, [EC2_TAGS]: OK },
      },
      {
        ci: ec2Instance(a, r, n, {
          key: 'feature-store-loader',
          state: 'running',
          type: 'c6i.xlarge',
          tags: { Name: 'feature-store-loader', CostCenter: 'CC-2002' },
          launchedAt: '2026-10-10T10:10:10.000Z',
          captureTime: '2026-10-10T10:12:00.000Z',
          subnet: 0,
          securityGroups: [sg],
          hostIndex: 2,
        }),
        label: 'feature-store-loader',
        note: 'running, Owner missing',
        expect: { [ADMIN_SG]: ADMIN_NO_GROUP, [EC2_TAGS]: FIX_TAGS('Owner') },
      },
      {
        ci: securityGroup(
          a,
          r,
          n,
          {
            ...sg,
            description: 'analytics workloads',
            ingress: [{ protocol: 'tcp', from: 8888, to: 8888, ipv4: ['10.64.0.0/16'] }],
          },
          steady,
          created,
        ),
        label: 'analytics',
        note: 'Jupyter port from the VPC range only',
        expect: { [SG_OPEN]: OK },
      },
      {
        ci: ebsVolume(a, r, {
          id: rootVolumeIdOf(a, r, 'analytics-notebook'),
          az: `${r}a`,
          sizeGiB: 200,
          encrypted: true,
          kmsKeyId: kmsKeyArn(a, r, 'ebs'),
          attachedTo: instanceIdOf(a, r, 'analytics-notebook'),
          createdAt: '2026-03-03T09:00:00.000Z',
          captureTime: '2026-03-03T09:02:00.000Z',
        }),
        label: 'analytics-notebook root volume',
        note: 'encrypted',
        expect: { [VOL_ENC]: OK },
      },
      {
        ci: subnet(a, r, n, 0, 3990, { Name: 'data-eu-private-a' }, steady, created),
        label: 'data-eu-private-a',
        note: '/20, mostly free',
        expect: { [SUBNET_IPS]: OK },
      },
      {
        ci: subnet(a, r, n, 1, 0, { Name: 'data-eu-private-b' }, '2026-11-18T03:00:00.000Z', created),
        label: 'data-eu-private-b',
        note: '/24 with no free address left',
        expect: { [SUBNET_IPS]: 'NON_COMPLIANT → NOTIFY' },
      },
      {
        ci: vpc(a, r, n, { Name: 'data-platform-eu' }, steady, created),
        label: 'data-platform-eu VPC',
        note: '',
        expect: {},
      },
      {
        ci: rdsInstance(a, r, n, {
          identifier: 'analytics-warehouse',
          engine: 'postgres',
          engineVersion: '15.8',
          encrypted: false,
          tags: { Owner: 'data-science@example.com' },
          createdAt: '2023-03-05T12:00:00.000Z',
          captureTime: steady,
          securityGroup: sg.id,
          settings: { deletionProtection: false, autoMinorVersionUpgrade: false },
        }),
        label: 'analytics-warehouse',
        note: 'storage NOT encrypted, CostCenter missing, no deletion protection, no automatic minor upgrades',
        expect: {
          'rds-instance-auto-minor-version-upgrade': 'NON_COMPLIANT → NOTIFY (minor upgrades off)',
          [RDS_RULE]: 'NON_COMPLIANT → NOTIFY (unencrypted storage, missing CostCenter)',
          'rds-instance-deletion-protection': 'NON_COMPLIANT → NOTIFY (deletion protection off)',
        },
      },
    ],
  };
}

function sandboxUsEast1(): AccountRegion {
  const a = SANDBOX;
  const r = 'us-east-1';
  const n = net(a, r);
  const sg = { id: ec2Id('sg', `${a}:${r}:launch-wizard-1`), name: 'launch-wizard-1' };
  const created = '2024-06-01T00:00:00.000Z';
  const steady = '2026-11-01T12:00:00.000Z';
  return {
    accountId: a,
    region: r,
    resources: [
      {
        ci: s3Bucket(a, r, {
          name: `sandbox-scratch-${a}`,
          createdAt: '2024-06-02T09:00:00.000Z',
          captureTime: '2024-06-02T09:00:40.000Z',
          sse: { algorithm: 'AES256' },
          publicAccessBlock: ALL_BLOCKED,
        }),
        label: `sandbox-scratch-${a}`,
        note: 'created after January 2023: S3 applied SSE-S3 by default',
        expect: { [S3_ENC]: OK, [PAB_RULE]: OK },
      },
      {
        ci: s3Bucket(a, r, {
          name: 'sandbox-public-site',
          createdAt: '2025-05-05T05:05:05.000Z',
          captureTime: '2026-11-16T15:00:00.000Z',
          sse: { algorithm: 'AES256' },
          publicAccessBlock: NONE_BLOCKED,
          policy: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'PublicRead',
                Effect: 'Allow',
                Principal: '*',
                Action: 's3:GetObject',
                Resource: 'arn:aws:s3:::sandbox-public-site/*',
              },
            ],
          },
          tags: { Owner: 'web-experiments@example.com' },
        }),
        label: 'sandbox-public-site',
        note: 'public-read bucket policy, bucket-level public access block all off (account level partial too)',
        expect: { [S3_ENC]: OK, [PAB_RULE]: 'NON_COMPLIANT → REMEDIATE (planned PutPublicAccessBlock)' },
      },
      {
        ci: ec2Instance(a, r, n, {
          key: 'dev-box-1',
          state: 'running',
          type: 't3.large',
          tags: {},
          launchedAt: '2026-11-18T08:30:00.000Z',
          captureTime: '2026-11-18T08:32:00.000Z',
          subnet: 0,
          securityGroups: [sg, adminRef(a, r)],
          hostIndex: 1,
        }),
        label: 'dev-box-1',
        note: 'running, untagged (the malformed SUPPRESS exemption for this account never matches)',
        expect: { [ADMIN_SG]: ADMIN_OK, [EC2_TAGS]: FIX_TAGS('Owner, CostCenter') },
      },
      {
        ci: ec2Instance(a, r, n, {
          key: 'dev-box-2',
          state: 'running',
          type: 't3.medium',
          tags: { Name: 'dev-box-2', Owner: 'j.doe@example.com' },
          launchedAt: '2026-10-01T08:00:00.000Z',
          captureTime: '2026-10-01T08:02:00.000Z',
          subnet: 0,
          securityGroups: [sg],
          hostIndex: 2,
          publicIp: '198.51.100.24',
        }),
        label: 'dev-box-2',
        note: 'running, CostCenter missing; got the public IPv4 address 198.51.100.24 from sandbox-a',
        expect: { [ADMIN_SG]: ADMIN_FIX, [EC2_TAGS]: FIX_TAGS('CostCenter'), [PUBLIC_IP]: 'NON_COMPLIANT → NOTIFY' },
      },
      {
        ci: securityGroup(
          a,
          r,
          n,
          {
            ...sg,
            description: `launch-wizard-1 created ${created}`,
            ingress: [
              { protocol: 'tcp', from: 0, to: 65535, ipv4: ['0.0.0.0/0'], ipv6: ['::/0'] },
              { protocol: 'tcp', from: 443, to: 443, ipv4: ['0.0.0.0/0'] },
            ],
          },
          '2026-11-18T08:29:30.000Z',
          created,
        ),
        label: 'launch-wizard-1',
        note: 'every TCP port open to 0.0.0.0/0 and ::/0 (443 separately, allowed)',
        expect: {
          [SG_OPEN]: 'NON_COMPLIANT → NOTIFY (revoke tcp/0-65535 from 0.0.0.0/0 and ::/0)',
          [HIGH_RISK]: 'NON_COMPLIANT → NOTIFY (all 24 high-risk ports)',
        },
      },
      {
        ci: defaultSecurityGroup(a, r, n, steady, created),
        label: 'default',
        note: 'default security group as EC2 created it (all traffic from its members, all traffic out)',
        expect: { [SG_OPEN]: OK, [DEFAULT_SG]: 'NON_COMPLIANT → NOTIFY' },
      },
      {
        ci: adminSecurityGroup(a, r, n, steady, created),
        label: ADMIN_GROUP_NAME,
        note: 'the administrator group; dev-box-1 carries it',
        expect: { [SG_OPEN]: OK },
      },
      {
        ci: ebsVolume(a, r, {
          id: rootVolumeIdOf(a, r, 'dev-box-1'),
          az: `${r}a`,
          sizeGiB: 64,
          encrypted: false,
          attachedTo: instanceIdOf(a, r, 'dev-box-1'),
          createdAt: '2026-11-18T08:30:00.000Z',
          captureTime: '2026-11-18T08:32:00.000Z',
        }),
        label: 'dev-box-1 root volume',
        note: 'not encrypted',
        expect: { [VOL_ENC]: 'NON_COMPLIANT → NOTIFY' },
      },
      {
        ci: subnet(a, r, n, 0, 4080, { Name: 'sandbox-a' }, steady, created, true),
        label: 'sandbox-a',
        note: '/20, mostly free; assigns a public IPv4 address to every instance launched in it',
        expect: { [SUBNET_IPS]: OK, [SUBNET_PUBLIC]: 'NON_COMPLIANT → NOTIFY' },
      },
      {
        ci: vpc(a, r, n, { Name: 'sandbox' }, steady, created),
        label: 'sandbox VPC',
        note: '',
        expect: {},
      },
      {
        ci: rdsInstance(a, r, n, {
          identifier: 'sandbox-mysql',
          engine: 'mysql',
          engineVersion: '8.0.39',
          encrypted: false,
          tags: {},
          createdAt: '2026-09-09T09:00:00.000Z',
          captureTime: '2026-09-09T09:20:00.000Z',
          securityGroup: sg.id,
          settings: { publiclyAccessible: true, backupRetentionPeriod: 1 },
        }),
        label: 'sandbox-mysql',
        note: 'storage NOT encrypted, untagged, publicly accessible, 1-day backups',
        expect: {
          'rds-instance-backups': 'NON_COMPLIANT → NOTIFY (1-day backups)',
          [RDS_RULE]: 'NON_COMPLIANT → NOTIFY (unencrypted storage, missing Owner and CostCenter)',
          'rds-instance-not-public': 'NON_COMPLIANT → NOTIFY (publicly accessible)',
        },
      },
      {
        ci: accountPublicAccessBlock(
          a,
          r,
          { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false },
          '2025-05-05T05:00:00.000Z',
        ),
        label: 'account public access block',
        note: `blockPublicPolicy and restrictPublicBuckets off at account level: buckets need all four at bucket level (\`${PAB_RULE}\`)`,
        expect: {},
      },
    ],
  };
}

function sandboxEuWest1(): AccountRegion {
  const a = SANDBOX;
  const r = 'eu-west-1';
  const n = net(a, r);
  const created = '2024-06-01T00:00:00.000Z';
  const steady = '2026-10-20T10:00:00.000Z';
  const sgRef = { id: n.defaultSg, name: 'default' };
  return {
    accountId: a,
    region: r,
    resources: [
      {
        ci: s3Bucket(a, r, {
          name: 'sandbox-eu-experiments',
          createdAt: '2025-01-15T10:00:00.000Z',
          captureTime: '2025-01-15T10:00:30.000Z',
          sse: { algorithm: 'AES256' },
          publicAccessBlock: ALL_BLOCKED,
        }),
        label: 'sandbox-eu-experiments',
        note: 'SSE-S3 default',
        expect: { [S3_ENC]: OK, [PAB_RULE]: OK },
      },
      {
        ci: s3Bucket(a, r, {
          name: 'sandbox-eu-kms-test',
          createdAt: '2025-03-01T10:00:00.000Z',
          captureTime: '2026-03-01T10:00:00.000Z',
          sse: { algorithm: 'aws:kms', keyId: kmsKeyArn(a, r, 'test') },
          publicAccessBlock: ALL_BLOCKED,
        }),
        label: 'sandbox-eu-kms-test',
        note: 'SSE-KMS with key ARN',
        expect: { [S3_ENC]: OK, [PAB_RULE]: OK },
      },
      {
        ci: ec2Instance(a, r, n, {
          key: 'eu-dev-box',
          state: 'running',
          type: 't3.medium',
          tags: fullTags('j.smith@example.com', 'CC-9000', 'eu-dev-box'),
          launchedAt: '2026-10-20T09:00:00.000Z',
          captureTime: '2026-10-20T09:02:00.000Z',
          subnet: 0,
          securityGroups: [sgRef],
          hostIndex: 1,
        }),
        label: 'eu-dev-box',
        note: 'running, fully tagged',
        expect: { [ADMIN_SG]: ADMIN_NO_GROUP, [EC2_TAGS]: OK },
      },
      {
        ci: ec2Instance(a, r, n, {
          key: 'eu-load-test',
          state: 'stopped',
          type: 'c6i.4xlarge',
          tags: { Name: 'eu-load-test' },
          launchedAt: '2026-08-08T08:00:00.000Z',
          captureTime: '2026-08-09T20:00:00.000Z',
          stoppedAt: '2026-08-09T19:59:30.000Z',
          subnet: 0,
          securityGroups: [sgRef],
          hostIndex: 2,
          httpTokens: 'optional',
        }),
        label: 'eu-load-test',
        note: 'stopped, only a Name tag; launched from an old template that still allows IMDSv1',
        expect: {
          [ADMIN_SG]: ADMIN_NO_GROUP,
          [EC2_TAGS]: FIX_TAGS('Owner, CostCenter'),
          [IMDSV2]: 'NON_COMPLIANT → NOTIFY',
        },
      },
      {
        ci: defaultSecurityGroup(a, r, n, steady, created),
        label: 'default',
        note: 'default security group',
        expect: { [SG_OPEN]: OK },
      },
      {
        ci: ebsVolume(a, r, {
          id: rootVolumeIdOf(a, r, 'eu-dev-box'),
          az: `${r}a`,
          sizeGiB: 32,
          encrypted: true,
          kmsKeyId: `arn:aws:kms:${r}:${a}:key/${uuid('aws-managed-ebs:eu')}`,
          attachedTo: instanceIdOf(a, r, 'eu-dev-box'),
          createdAt: '2026-10-20T09:00:00.000Z',
          captureTime: '2026-10-20T09:02:00.000Z',
        }),
        label: 'eu-dev-box root volume',
        note: 'encrypted (AWS managed key)',
        expect: { [VOL_ENC]: OK },
      },
      {
        ci: subnet(a, r, n, 0, 4085, { Name: 'sandbox-eu-a' }, steady, created),
        label: 'sandbox-eu-a',
        note: '/20, mostly free',
        expect: { [SUBNET_IPS]: OK },
      },
      {
        ci: vpc(a, r, n, { Name: 'sandbox-eu' }, steady, created),
        label: 'sandbox-eu VPC',
        note: '',
        expect: {},
      },
    ],
  };
}

/** A service area's cases in one account-region (its module beside this one, built with `./kit.ts`). */
type AreaCases = (accountId: string, region: string) => readonly Resource[];

/** The service areas with a module of their own; items of global services say `awsRegion: 'global'`. */
const AREAS: readonly AreaCases[] = [
  // IAM
  iamCases,
  // account baseline (CloudTrail, Config, GuardDuty, Security Hub, EBS defaults)
  baselineCases,
  // S3
  s3Cases,
  // KMS, DynamoDB, Lambda
  dataServicesCases,
  // EC2 and RDS (snapshots, flow logs, network interfaces)
  networkCases,
];

function estate(): AccountRegion[] {
  return [paymentsUsEast1(), paymentsEuWest1(), dataUsEast1(), dataEuWest1(), sandboxUsEast1(), sandboxEuWest1()]
    .map((ar) => ({ ...ar, resources: [...ar.resources, ...AREAS.flatMap((area) => area(ar.accountId, ar.region))] }))
    .map((ar) => ({
      ...ar,
      resources: [...ar.resources, ...networkInterfacesOf(ar.accountId, ar.region, ar.resources)],
    }));
}

// ---------------------------------------------------------------------------------------------
// Exemptions (DESIGN §4.2)
// ---------------------------------------------------------------------------------------------

function exemptions(): Json[] {
  return [
    {
      exemptionId: 'ex-legacy-logs',
      ruleId: S3_ENC,
      accountId: DATA,
      region: '*',
      resource: 'arn:aws:s3:::legacy-logs-*',
      effect: 'SUPPRESS',
      reason:
        'Read-only log archives from the on-premises migration; scheduled for deletion once the audit retention ends.',
      requestedBy: 'data-engineering@example.com',
      approvedBy: 'security-office@example.com',
      ticket: 'https://tickets.example.com/SEC-1042',
      expiresAt: ACTIVE_UNTIL,
    },
    {
      exemptionId: 'ex-etl-runner-notify-only',
      ruleId: EC2_TAGS,
      accountId: DATA,
      region: 'us-east-1',
      resource: `arn:aws:ec2:us-east-1:${DATA}:instance/${instanceIdOf(DATA, 'us-east-1', 'etl-runner')}`,
      effect: 'NOTIFY_ONLY',
      reason: 'Tags on the ETL runner are managed by the scheduler; an out-of-band CreateTags would be reverted.',
      requestedBy: 'data-engineering@example.com',
      approvedBy: 'security-office@example.com',
      ticket: 'https://tickets.example.com/SEC-1077',
      expiresAt: ACTIVE_UNTIL,
    },
    {
      exemptionId: 'ex-payments-exports-2017',
      ruleId: S3_ENC,
      accountId: PAYMENTS,
      region: 'us-east-1',
      resource: 'arn:aws:s3:::payments-prod-exports-2017',
      effect: 'SUPPRESS',
      reason: 'Bucket was to be emptied and deleted by the end of 2024.',
      requestedBy: 'payments-platform@example.com',
      approvedBy: 'security-office@example.com',
      ticket: 'https://tickets.example.com/SEC-0933',
      expiresAt: '2025-01-01T00:00:00Z',
    },
    {
      exemptionId: 'ex-sandbox-tags-unapproved',
      ruleId: EC2_TAGS,
      accountId: SANDBOX,
      region: '*',
      resource: '*',
      effect: 'SUPPRESS',
      reason: 'Sandbox instances are short-lived.',
      requestedBy: 'cloud-enablement@example.com',
      expiresAt: ACTIVE_UNTIL,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

interface GeneratedFile {
  /** Relative to `examples/estate/`, always with `/`. */
  readonly path: string;
  readonly content: Buffer;
}

function stamp(iso: string): string {
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/** `AWSLogs/<account>/Config/<region>/<yyyy>/<m>/<d>/ConfigSnapshot/<account>_Config_<region>_ConfigSnapshot_<time>_<id>.json[.gz]` */
function snapshotFile(
  accountId: string,
  region: string,
  time: string,
  items: readonly Json[],
  gzip: boolean,
): GeneratedFile {
  const snapshotId = uuid(`snapshot:${accountId}:${region}:${time}`);
  const day = new Date(time);
  const dir = `snapshot/AWSLogs/${accountId}/Config/${region}/${day.getUTCFullYear()}/${day.getUTCMonth() + 1}/${day.getUTCDate()}/ConfigSnapshot`;
  const name = `${accountId}_Config_${region}_ConfigSnapshot_${stamp(time)}_${snapshotId}.json`;
  const body = { fileVersion: '1.0', configSnapshotId: snapshotId, configurationItems: items };
  if (gzip) {
    // Config writes compact JSON; gzip without a file name or mtime keeps the bytes reproducible.
    return { path: `${dir}/${name}.gz`, content: gzipSync(Buffer.from(JSON.stringify(body)), { level: 9 }) };
  }
  return { path: `${dir}/${name}`, content: Buffer.from(`${JSON.stringify(body, null, 2)}\n`) };
}

const LINE_WIDTH = 120;

/**
 * `JSON.stringify(value, null, 2)`, except that arrays of primitives that fit on one line are written
 * inline (`["us-east-1", "eu-west-1"]`), which is how Biome formats JSON: the files stay lint-clean.
 */
function formatJson(value: unknown, indent = '', prefixWidth = 0): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const primitive = value.every((v) => v === null || typeof v !== 'object');
    if (primitive) {
      const inline = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
      if (indent.length + prefixWidth + inline.length + 1 <= LINE_WIDTH) return inline;
    }
    const inner = `${indent}  `;
    return `[\n${value.map((v) => `${inner}${formatJson(v, inner)}`).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    const lines = entries.map(([k, v]) => {
      const key = `${JSON.stringify(k)}: `;
      return `${inner}${key}${formatJson(v, inner, key.length)}`;
    });
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function jsonFile(path: string, value: unknown): GeneratedFile {
  return { path, content: Buffer.from(`${formatJson(value)}\n`) };
}

/** A Markdown table with every column padded to its widest cell, as Biome formats tables. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(3, ...[h, ...rows.map((r) => r[i] ?? '')].map((c) => [...c].length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - [...c].length)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}

function resourceKind(ci: Json): string {
  return String(ci.resourceType).replace(/^AWS::/, '');
}

function readme(regions: readonly AccountRegion[]): GeneratedFile {
  const total = regions.reduce((sum, ar) => sum + ar.resources.length, 0);
  const changed = regions
    .flatMap((ar) => ar.resources)
    .filter((res) => res.previous !== undefined && res.previous !== 'same')
    .map((res) => res.label);
  const accounts = ACCOUNTS.map((account) => {
    const count = regions
      .filter((ar) => ar.accountId === account.accountId)
      .reduce((sum, ar) => sum + ar.resources.length, 0);
    return [
      account.accountId,
      account.alias,
      account.owner,
      account.ou,
      account.regions.join(', '),
      count === 0 ? 'none (UNREACHABLE)' : String(count),
    ];
  });
  const effects: Record<string, string> = {
    'ex-legacy-logs': 'active: the three `legacy-logs-*` buckets become EXEMPT; `x-legacy-logs-1` does not match',
    'ex-etl-runner-notify-only': 'active: etl-runner is notified, never remediated',
    'ex-payments-exports-2017': 'expired: never matches',
    'ex-sandbox-tags-unapproved':
      'malformed (no approvedBy): never matches, listed in `exemptionProblems`; the sandbox instances it covers are notified, not remediated',
  };
  const exemptionRows = exemptions().map((e) => [
    String(e.exemptionId),
    String(e.ruleId),
    String(e.accountId),
    String(e.region),
    `\`${escapeCell(String(e.resource))}\``,
    String(e.effect),
    String(e.expiresAt),
    effects[String(e.exemptionId)] ?? '',
  ]);
  const cases = regions.flatMap((ar) =>
    ar.resources.map((res) => {
      const expected = Object.entries(res.expect)
        .map(([rule, outcome]) => `\`${rule}\`: ${outcome}`)
        .join('<br>');
      return [
        aliasOf(ar.accountId),
        String(res.ci.awsRegion),
        resourceKind(res.ci),
        escapeCell(res.label),
        `\`${String(res.ci.resourceId)}\``,
        escapeCell(res.note) || '—',
        escapeCell(expected) || '—',
      ];
    }),
  );
  const lines: string[] = [
    '# Sample estate',
    '',
    '<!-- Generated by `npx tsx examples/estate/generate.ts`; edit the generator, not this file. -->',
    '',
    'The offline estate `npm start` (`warden sweep` with no `--snapshot`) audits: AWS Config snapshot files',
    'for three accounts in two regions each, laid out as Config delivers them to S3',
    '(`snapshot/AWSLogs/<account>/Config/<region>/<yyyy>/<m>/<d>/ConfigSnapshot/…`), plus',
    '`accounts.json` (`--accounts`) and `exemptions.json` (`--exemptions`).',
    '',
    `- ${total} resources in the 2026/11/21 snapshots (06:00Z). \`${DATA}\`/eu-west-1 is delivered as`,
    '  `.json.gz`, as Config itself delivers every file; the others are indented `.json` so they can be reviewed.',
    `- \`${PAYMENTS}\`/us-east-1 also has the previous day's snapshot (2026/11/20, \`.json.gz\`), in which`,
    `  ${changed.length} resources were in a different state (${changed.join(', ')});`,
    '  the reader keeps the latest capture of each resource.',
    `- \`${LEGACY}\` (legacy-archive) is in \`accounts.json\` but has no Config data: the sweep reports it`,
    '  `UNREACHABLE`.',
    '- Items have the shape of delivered snapshot files (`configurationItemVersion` 1.3, `awsAccountId`,',
    '  `ARN`, relationships `name`; S3 `AccessControlList` as a JSON string) and the camelCase property',
    '  paths of `awslabs/aws-config-resource-schema`. `AWS::S3::AccountPublicAccessBlock` items carry no',
    '  ARN, as in AWS.',
    '',
    '## Accounts',
    '',
    ...table(['account', 'alias', 'owner', 'OU', 'regions', 'resources'], accounts),
    '',
    '## Exemptions',
    '',
    ...table(
      ['exemptionId', 'rule', 'account', 'region', 'resource', 'effect', 'expires', 'what it does'],
      exemptionRows,
    ),
    '',
    '## Cases and expected findings',
    '',
    "Expected results with each rule's default mode, the bundled exemptions and no kill switch. Offline, a",
    '`REMEDIATE` decision produces a `PLANNED` remediation (the exact API calls, not sent).',
    'Every rule of the catalogue that evaluates resources (DESIGN §5) has at least one compliant and one',
    'non-compliant case. Default modes: `remediate` for the S3 rules, `ec2-instance-required-tags` and',
    '`ec2-instance-admin-security-group`; `notify` for open security groups, volumes, subnets and RDS.',
    `\`${ADMIN_SG}\` is disabled until an administrator group is configured, so by default every instance is`,
    '`NOT_APPLICABLE`; the expectations after "configured" hold with this in `cdk.json`:',
    '',
    '```json',
    `{ "context": { "warden": { "rules": { "${ADMIN_SG}": { "parameters": { "adminSecurityGroup": { "name": "${ADMIN_GROUP_NAME}", "tag": { "key": "${ADMIN_GROUP_TAG.key}", "value": "${ADMIN_GROUP_TAG.value}" } } } } } } } }`,
    '```',
    '',
    'By name, the group must also carry that tag (anyone able to create a group could give it the name),',
    'and a candidate open to the internet is never attached; `{"id": "sg-…"}` names one group instead.',
    '',
    ...table(['account', 'region', 'type', 'resource', 'id', 'case', 'expected'], cases),
    '',
  ];
  return { path: 'README.md', content: Buffer.from(lines.join('\n')) };
}

/** One case of the estate with what it should produce per rule id (the README's "expected" column). */
interface EstateCase {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly label: string;
  readonly expect: Readonly<Record<string, string>>;
}

/** Every case of the 2026/11/21 snapshots, in README order. */
function estateCases(): EstateCase[] {
  return estate().flatMap((ar) =>
    ar.resources.map((res) => ({
      accountId: ar.accountId,
      region: String(res.ci.awsRegion),
      resourceType: String(res.ci.resourceType),
      resourceId: String(res.ci.resourceId),
      label: res.label,
      expect: res.expect,
    })),
  );
}

/** Every file of the estate, in a fixed order. Pure: writes nothing. */
function generateEstate(): GeneratedFile[] {
  const regions = estate();
  const files: GeneratedFile[] = [];
  for (const ar of regions) {
    files.push(
      snapshotFile(
        ar.accountId,
        ar.region,
        SNAPSHOT_TIME,
        ar.resources.map((res) => res.ci),
        ar.gzip === true,
      ),
    );
    if (ar.previousDay !== undefined) {
      const previous = ar.resources
        .filter((res) => res.previous !== undefined)
        .map((res) => (res.previous === 'same' ? res.ci : (res.previous as Json)));
      files.push(snapshotFile(ar.accountId, ar.region, PREVIOUS_SNAPSHOT_TIME, previous, ar.previousDay.gzip));
    }
  }
  files.push(jsonFile('accounts.json', ACCOUNTS));
  files.push(jsonFile('exemptions.json', exemptions()));
  files.push(readme(regions));
  return files;
}

/** Rewrites `examples/estate/` (the snapshot tree is replaced wholesale so no stale file survives). */
function writeEstate(root: string): GeneratedFile[] {
  const files = generateEstate();
  rmSync(join(root, 'snapshot'), { recursive: true, force: true });
  for (const file of files) {
    const target = join(root, ...file.path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  return files;
}

const ESTATE_DIR = dirname(fileURLToPath(import.meta.url));

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const files = writeEstate(ESTATE_DIR);
  for (const file of files) process.stdout.write(`wrote examples/estate/${file.path}\n`);
}

export {
  ADMIN_GROUP_NAME,
  ADMIN_GROUP_TAG,
  ESTATE_DIR,
  type EstateCase,
  estateCases,
  type GeneratedFile,
  generateEstate,
  writeEstate,
};
