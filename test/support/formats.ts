/**
 * What the format tests share: the OCSF JSON Schema generated from ocsf-schema 1.8.0
 * (test/fixtures/ocsf/, see test/support/ocsf/generate-schema.ts) compiled with ajv, and findings
 * and an export context to map.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import type { ExportContext, ExportedFinding, RuleInfo } from '../../tasks/shared/formats/finding';

const schema = JSON.parse(readFileSync('test/fixtures/ocsf/ocsf-1.8.0-findings.schema.json', 'utf-8')) as object;
// strictRequired off: OCSF's at_least_one constraints name attributes through anyOf branches.
const ajv = new Ajv({ allErrors: true, strictRequired: false });
const validateOcsf = ajv.compile(schema);

/** The schema's complaints about an OCSF event, `[]` when it is valid. */
function ocsfErrors(event: unknown): ErrorObject[] {
  return validateOcsf(event) ? [] : (validateOcsf.errors ?? []);
}

const RULES: ReadonlyMap<string, RuleInfo> = new Map([
  [
    's3-bucket-encryption',
    {
      id: 's3-bucket-encryption',
      kind: 'resource',
      title: 'S3 buckets encrypt new objects by default',
      controls: ['FSBP S3.4', 'CIS 2.1.1'],
      rationale: 'Unencrypted objects.',
      remediation: { risk: 'safe', operations: ['s3:PutBucketEncryption'] },
    },
  ],
  [
    'console-login-failure',
    {
      id: 'console-login-failure',
      kind: 'event',
      title: 'Failed console sign-in',
      controls: [],
      rationale: 'Brute force.',
      remediation: null,
    },
  ],
]);

function context(overrides: Partial<ExportContext> = {}): ExportContext {
  return {
    rules: RULES,
    aliases: new Map([['111111111111', 'payments-prod']]),
    exemptions: new Map([
      [
        'ex-legacy',
        { exemptionId: 'ex-legacy', reason: 'Read-only archive, deleted in 2030', expiresAt: '2030-12-31T00:00:00Z' },
      ],
    ]),
    productVersion: '0.1.0',
    generatedAt: '2026-11-22T06:10:00.000Z',
    ...overrides,
  };
}

function bucketFinding(overrides: Partial<ExportedFinding> = {}): ExportedFinding {
  return {
    kind: 'resource',
    findingId: '5de4b47533f796a19e3efb18',
    ruleId: 's3-bucket-encryption',
    severity: 'HIGH',
    accountId: '111111111111',
    region: 'eu-west-1',
    resourceType: 'AWS::S3::Bucket',
    resourceId: 'payments-exports',
    arn: 'arn:aws:s3:::payments-exports',
    status: 'NON_COMPLIANT',
    decision: 'NOTIFY',
    decisionReason: 'mode is notify',
    message: 'Bucket payments-exports has no default encryption configuration',
    observedAt: '2026-11-22T06:00:00.000Z',
    ...overrides,
  };
}

function signInDetection(overrides: Partial<ExportedFinding> = {}): ExportedFinding {
  return {
    kind: 'event',
    findingId: 'da546cef51ce691480747318',
    ruleId: 'console-login-failure',
    severity: 'MEDIUM',
    accountId: '111111111111',
    region: 'us-east-1',
    resourceType: '',
    resourceId: 'arn:aws:iam::111111111111:user/anaya',
    arn: 'arn:aws:iam::111111111111:user/anaya',
    status: 'NON_COMPLIANT',
    decision: 'NOTIFY',
    message: 'failed sign-in of anaya from 192.0.2.0',
    observedAt: '2026-11-22T05:59:00.000Z',
    event: { eventId: '0f0c1a7e', eventName: 'ConsoleLogin', who: 'IAM user anaya', sourceIp: '192.0.2.0' },
    ...overrides,
  };
}

export { bucketFinding, context, ocsfErrors, signInDetection };
