/**
 * The sample estate's KMS keys, DynamoDB tables and Lambda functions, as AWS Config records them in
 * snapshot files (Config's member case: `keyManager`, `awsaccountId`, `tableStatus`, `packageType`;
 * rotation in `supplementaryConfiguration.KeyRotationStatus`, PITR in
 * `supplementaryConfiguration.ContinuousBackupsDescription`, the function policy as the JSON text
 * Config stores in `supplementaryConfiguration.Policy`).
 *
 * payments-prod rotates its keys, keeps PITR on and runs current runtimes behind pinned policies;
 * data-platform is mixed (a checkpoint table without PITR, an ETL function on a deprecated runtime, an
 * export key that does not rotate); sandbox is sloppy (a public function, no PITR, no rotation).
 */
import {
  configurationItem,
  DATA,
  type Json,
  kmsKeyArn,
  PAYMENTS,
  type Resource,
  SANDBOX,
  SNAPSHOT_TIME,
  sha,
  type Tags,
} from './kit';

const KMS_ROTATION = 'kms-key-rotation';
const DDB_PITR = 'dynamodb-table-pitr';
const LAMBDA_PUBLIC = 'lambda-function-not-public';
const LAMBDA_RUNTIME = 'lambda-function-supported-runtime';

// ---------------------------------------------------------------------------------------------
// KMS keys
// ---------------------------------------------------------------------------------------------

interface KeySpec {
  readonly seed: string;
  readonly description: string;
  readonly createdAt: string;
  readonly manager?: 'CUSTOMER' | 'AWS';
  readonly keySpec?: string;
  readonly keyUsage?: string;
  /** `undefined`: rotation does not apply (AWS managed, asymmetric): Config records no KeyRotationStatus. */
  readonly rotation?: boolean;
  readonly tags?: Tags;
}

function kmsKey(accountId: string, region: string, k: KeySpec): Json {
  const arn = kmsKeyArn(accountId, region, k.seed);
  const keyId = arn.slice(arn.indexOf('key/') + 4);
  const spec = k.keySpec ?? 'SYMMETRIC_DEFAULT';
  return configurationItem({
    accountId,
    region,
    resourceType: 'AWS::KMS::Key',
    resourceId: keyId,
    arn,
    availabilityZone: 'Not Applicable',
    captureTime: SNAPSHOT_TIME,
    createdAt: k.createdAt,
    configuration: {
      awsaccountId: accountId,
      keyId,
      arn,
      creationDate: k.createdAt,
      enabled: true,
      description: k.description,
      keyUsage: k.keyUsage ?? 'ENCRYPT_DECRYPT',
      keyState: 'Enabled',
      origin: 'AWS_KMS',
      keyManager: k.manager ?? 'CUSTOMER',
      customerMasterKeySpec: spec,
      keySpec: spec,
      ...(spec === 'SYMMETRIC_DEFAULT'
        ? { encryptionAlgorithms: ['SYMMETRIC_DEFAULT'] }
        : { signingAlgorithms: ['RSASSA_PSS_SHA_256'] }),
      multiRegion: false,
    },
    supplementaryConfiguration: k.rotation === undefined ? {} : { KeyRotationStatus: k.rotation },
    tags: k.tags ?? {},
  });
}

// ---------------------------------------------------------------------------------------------
// DynamoDB tables
// ---------------------------------------------------------------------------------------------

interface TableSpec {
  readonly name: string;
  readonly createdAt: string;
  readonly pitr: boolean;
  readonly tags?: Tags;
}

function dynamodbTable(accountId: string, region: string, t: TableSpec): Json {
  const arn = `arn:aws:dynamodb:${region}:${accountId}:table/${t.name}`;
  const h = sha(`table:${accountId}:${region}:${t.name}`);
  return configurationItem({
    accountId,
    region,
    resourceType: 'AWS::DynamoDB::Table',
    resourceId: t.name,
    resourceName: t.name,
    arn,
    availabilityZone: 'Not Applicable',
    captureTime: SNAPSHOT_TIME,
    createdAt: t.createdAt,
    configuration: {
      attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
      tableName: t.name,
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
      tableStatus: 'ACTIVE',
      creationDateTime: Date.parse(t.createdAt),
      provisionedThroughput: { numberOfDecreasesToday: 0, readCapacityUnits: 0, writeCapacityUnits: 0 },
      tableArn: arn,
      tableId: `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`,
      billingModeSummary: {
        billingMode: 'PAY_PER_REQUEST',
        lastUpdateToPayPerRequestDateTime: Date.parse(t.createdAt),
      },
      ssedescription: { status: 'ENABLED', ssetype: 'KMS' },
    },
    supplementaryConfiguration: {
      ContinuousBackupsDescription: {
        continuousBackupsStatus: 'ENABLED',
        pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: t.pitr ? 'ENABLED' : 'DISABLED' },
      },
      Tags: Object.entries(t.tags ?? {}).map(([key, value]) => ({ key, value })),
    },
    tags: t.tags ?? {},
  });
}

// ---------------------------------------------------------------------------------------------
// Lambda functions
// ---------------------------------------------------------------------------------------------

interface FunctionSpec {
  readonly name: string;
  readonly lastModified: string;
  /** Absent for a container image. */
  readonly runtime?: string;
  readonly statements?: readonly Json[];
  readonly tags?: Tags;
}

function lambdaFunction(accountId: string, region: string, f: FunctionSpec): Json {
  const arn = `arn:aws:lambda:${region}:${accountId}:function:${f.name}`;
  const zip = f.runtime !== undefined;
  const policy =
    f.statements === undefined
      ? undefined
      : JSON.stringify({
          Version: '2012-10-17',
          Id: 'default',
          Statement: f.statements.map((s) => ({ Resource: arn, ...s })),
        });
  return configurationItem({
    accountId,
    region,
    resourceType: 'AWS::Lambda::Function',
    resourceId: f.name,
    resourceName: f.name,
    arn,
    availabilityZone: 'Not Applicable',
    captureTime: SNAPSHOT_TIME,
    createdAt: null,
    configuration: {
      functionName: f.name,
      functionArn: arn,
      ...(zip ? { runtime: f.runtime, handler: 'index.handler' } : {}),
      role: `arn:aws:iam::${accountId}:role/${f.name}-role`,
      codeSize: zip ? 48213 : 0,
      description: '',
      timeout: 30,
      memorySize: 256,
      lastModified: f.lastModified,
      codeSha256: Buffer.from(sha(`code:${arn}`), 'hex').toString('base64'),
      version: '$LATEST',
      tracingConfig: { mode: 'PassThrough' },
      packageType: zip ? 'Zip' : 'Image',
      architectures: ['arm64'],
      state: { value: 'Active' },
      lastUpdateStatus: 'Successful',
    },
    supplementaryConfiguration: policy === undefined ? {} : { Policy: policy },
    tags: f.tags ?? {},
  });
}

const invokeFrom = (service: string, condition: Json): Json => ({
  Sid: `${service.split('.')[0]}-invoke`,
  Effect: 'Allow',
  Principal: { Service: service },
  Action: 'lambda:InvokeFunction',
  Condition: condition,
});

// ---------------------------------------------------------------------------------------------
// Cases per account-region
// ---------------------------------------------------------------------------------------------

function paymentsCases(a: string, r: string): Resource[] {
  const tags = { Owner: 'payments-platform@example.com', CostCenter: 'CC-1001' };
  const cases: Resource[] = [
    {
      ci: kmsKey(a, r, {
        seed: 'payments-ledger',
        description: 'payments ledger encryption',
        createdAt: '2021-03-02T09:14:00.000Z',
        rotation: true,
        tags,
      }),
      label: `payments-ledger key (${r})`,
      note: 'customer managed, rotates yearly',
      expect: { [KMS_ROTATION]: 'COMPLIANT' },
    },
    {
      ci: dynamodbTable(a, r, {
        name: 'payments-idempotency',
        createdAt: '2022-05-10T11:00:00.000Z',
        pitr: true,
        tags,
      }),
      label: `payments-idempotency (${r})`,
      note: 'PITR on',
      expect: { [DDB_PITR]: 'COMPLIANT' },
    },
  ];
  if (r === 'us-east-1') {
    cases.push(
      {
        ci: kmsKey(a, r, {
          seed: 'aws-s3',
          description: 'Default key that protects my S3 objects when no other key is defined',
          createdAt: '2020-01-15T10:00:00.000Z',
          manager: 'AWS',
        }),
        label: 'aws/s3 (AWS managed key)',
        note: 'AWS managed: KMS rotates it itself',
        expect: { [KMS_ROTATION]: 'NOT_APPLICABLE' },
      },
      {
        ci: lambdaFunction(a, r, {
          name: 'payments-webhook',
          runtime: 'python3.13',
          lastModified: '2026-10-02T08:30:11.000+0000',
          statements: [
            invokeFrom('apigateway.amazonaws.com', {
              ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:${r}:${a}:k7f2m9q4xa/*/POST/webhook` },
            }),
          ],
          tags,
        }),
        label: 'payments-webhook',
        note: 'python3.13; invoked by its API Gateway stage only',
        expect: { [LAMBDA_PUBLIC]: 'COMPLIANT', [LAMBDA_RUNTIME]: 'COMPLIANT' },
      },
    );
  }
  return cases;
}

function dataCases(a: string, r: string): Resource[] {
  const tags = { Owner: 'data-engineering@example.com', CostCenter: 'CC-2002' };
  if (r === 'us-east-1') {
    return [
      {
        ci: kmsKey(a, r, {
          seed: 'data-lake',
          description: 'data lake objects',
          createdAt: '2022-08-19T13:45:00.000Z',
          rotation: true,
          tags,
        }),
        label: 'data-lake key',
        note: 'rotates yearly',
        expect: { [KMS_ROTATION]: 'COMPLIANT' },
      },
      {
        ci: dynamodbTable(a, r, { name: 'etl-checkpoints', createdAt: '2023-02-01T07:20:00.000Z', pitr: false, tags }),
        label: 'etl-checkpoints',
        note: 'PITR off: the rule notifies (PITR is billed by table size)',
        expect: { [DDB_PITR]: 'NON_COMPLIANT → NOTIFY' },
      },
      {
        ci: lambdaFunction(a, r, {
          name: 'etl-trigger',
          runtime: 'nodejs18.x',
          lastModified: '2024-03-11T16:02:45.000+0000',
          statements: [
            invokeFrom('s3.amazonaws.com', {
              StringEquals: { 'AWS:SourceAccount': a },
              ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::data-platform-landing' },
            }),
          ],
          tags,
        }),
        label: 'etl-trigger',
        note: 'nodejs18.x (deprecated); S3 invoke pinned to the account',
        expect: { [LAMBDA_PUBLIC]: 'COMPLIANT', [LAMBDA_RUNTIME]: 'NON_COMPLIANT → NOTIFY' },
      },
      {
        ci: lambdaFunction(a, r, { name: 'feature-scorer', lastModified: '2026-07-21T10:11:12.000+0000', tags }),
        label: 'feature-scorer',
        note: 'container image: its runtime is in the image',
        expect: { [LAMBDA_RUNTIME]: 'NOT_APPLICABLE' },
      },
      {
        ci: kmsKey(a, r, {
          seed: 'analytics-export',
          description: 'partner exports',
          createdAt: '2023-11-07T09:00:00.000Z',
          rotation: false,
          tags,
        }),
        label: 'analytics-export key',
        note: 'rotation off: turned on by the remediation',
        expect: { [KMS_ROTATION]: 'NON_COMPLIANT → REMEDIATE (planned EnableKeyRotation)' },
      },
      {
        ci: kmsKey(a, r, {
          seed: 'release-signing',
          description: 'release artifact signing',
          createdAt: '2024-01-09T15:30:00.000Z',
          keySpec: 'RSA_2048',
          keyUsage: 'SIGN_VERIFY',
          tags,
        }),
        label: 'release-signing key',
        note: 'asymmetric: KMS cannot rotate it',
        expect: { [KMS_ROTATION]: 'NOT_APPLICABLE' },
      },
      {
        ci: dynamodbTable(a, r, { name: 'report-cache', createdAt: '2024-06-30T12:00:00.000Z', pitr: true, tags }),
        label: 'report-cache',
        note: 'PITR on',
        expect: { [DDB_PITR]: 'COMPLIANT' },
      },
    ];
  }
  // None in eu-west-1: that account-region's inventory is what the snapshot reader's test pins.
  return [];
}

function sandboxCases(a: string, r: string): Resource[] {
  const tags = { Owner: 'sandbox@example.com' };
  if (r === 'us-east-1') {
    return [
      {
        ci: kmsKey(a, r, {
          seed: 'scratch',
          description: 'scratch',
          createdAt: '2025-04-22T18:03:00.000Z',
          rotation: false,
        }),
        label: 'scratch key',
        note: 'rotation never turned on',
        expect: { [KMS_ROTATION]: 'NON_COMPLIANT → REMEDIATE (planned EnableKeyRotation)' },
      },
      {
        ci: dynamodbTable(a, r, { name: 'sessions-test', createdAt: '2025-09-03T14:10:00.000Z', pitr: false }),
        label: 'sessions-test',
        note: 'PITR off',
        expect: { [DDB_PITR]: 'NON_COMPLIANT → NOTIFY' },
      },
      {
        ci: lambdaFunction(a, r, {
          name: 'hello-world',
          runtime: 'python3.9',
          lastModified: '2023-05-17T09:41:03.000+0000',
          statements: [{ Sid: 'open-to-all', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction' }],
          tags,
        }),
        label: 'hello-world',
        note: 'anyone may invoke it; python3.9 is deprecated',
        expect: {
          [LAMBDA_PUBLIC]: 'NON_COMPLIANT → NOTIFY (statement open-to-all allows everyone)',
          [LAMBDA_RUNTIME]: 'NON_COMPLIANT → NOTIFY',
        },
      },
    ];
  }
  return [
    {
      ci: lambdaFunction(a, r, {
        name: 'demo-api',
        runtime: 'nodejs22.x',
        lastModified: '2026-08-14T11:25:40.000+0000',
        statements: [
          {
            Sid: 'FunctionURLAllowPublicAccess',
            Effect: 'Allow',
            Principal: '*',
            Action: 'lambda:InvokeFunctionUrl',
            Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
          },
        ],
        tags,
      }),
      label: 'demo-api',
      note: 'function URL with auth type NONE',
      expect: {
        [LAMBDA_PUBLIC]: 'NON_COMPLIANT → NOTIFY (function URL without auth)',
        [LAMBDA_RUNTIME]: 'COMPLIANT',
      },
    },
  ];
}

/** The KMS, DynamoDB and Lambda cases of one account-region (all three services are regional). */
function dataServicesCases(accountId: string, region: string): Resource[] {
  if (accountId === PAYMENTS) return paymentsCases(accountId, region);
  if (accountId === DATA) return dataCases(accountId, region);
  if (accountId === SANDBOX) return sandboxCases(accountId, region);
  return [];
}

export { dataServicesCases };
