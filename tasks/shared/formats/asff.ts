/**
 * Warden's findings in the AWS Security Finding Format (ASFF, SchemaVersion 2018-10-08), as
 * Security Hub's BatchImportFindings takes them from a custom integration: the account's default
 * product (`arn:<partition>:securityhub:<region>:<account>:product/<account>/default`), called
 * from the finding's own account (Security Hub requires `AwsAccountId` = the caller for it).
 *
 * - `Id` is the product ARN + `/warden/<rule>/<findingId>`: the finding id is stable for the same
 *   rule and resource, so the next import updates the finding instead of adding a new one.
 * - Compliance: FAILED (non-compliant), NOT_AVAILABLE (the rule could not evaluate: ERROR), PASSED
 *   (fixed: passing now, or remediated and verified); `SecurityControlId` and
 *   `RelatedRequirements` from the rule's controls. Event rules' detections carry no Compliance.
 * - Workflow: NEW, SUPPRESSED for an exempt finding (with a Note naming the exemption and its
 *   reason), RESOLVED for a fixed one. Security Hub takes Workflow and Note from BatchImportFindings
 *   only when it creates a finding; later changes go through BatchUpdateFindings (`workflowUpdate`).
 *
 * Field names, enums and limits: https://docs.aws.amazon.com/securityhub/latest/userguide/asff-required-attributes.html
 * and https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_AwsSecurityFinding.html
 * (checked at run time by ./asff-schema.ts).
 */
import type { AwsSecurityFinding, Partition } from '@aws-sdk/client-securityhub';
import { ASFF_STANDARD_TYPES, controlsOf, STANDARD_NAMES } from './controls';
import { type ExportContext, type ExportedFinding, isFixed, partitionOf } from './finding';

const SCHEMA_VERSION = '2018-10-08';
/** Event rules report what someone did in the account. */
const DETECTION_TYPE = 'Unusual Behaviors/User';
const NO_STANDARD_TYPE = 'Software and Configuration Checks/AWS Security Best Practices';

/** ASFF resource types of the AWS Config types Warden evaluates; any other is `Other`. */
const RESOURCE_TYPES: Readonly<Record<string, string>> = {
  'AWS::CloudTrail::Trail': 'AwsCloudTrailTrail',
  'AWS::DynamoDB::Table': 'AwsDynamoDbTable',
  'AWS::EC2::Instance': 'AwsEc2Instance',
  'AWS::EC2::NetworkInterface': 'AwsEc2NetworkInterface',
  'AWS::EC2::SecurityGroup': 'AwsEc2SecurityGroup',
  'AWS::EC2::Subnet': 'AwsEc2Subnet',
  'AWS::EC2::VPC': 'AwsEc2Vpc',
  'AWS::EC2::Volume': 'AwsEc2Volume',
  'AWS::IAM::Policy': 'AwsIamPolicy',
  'AWS::IAM::Role': 'AwsIamRole',
  'AWS::IAM::User': 'AwsIamUser',
  'AWS::KMS::Key': 'AwsKmsKey',
  'AWS::Lambda::Function': 'AwsLambdaFunction',
  'AWS::RDS::DBInstance': 'AwsRdsDbInstance',
  'AWS::RDS::DBSnapshot': 'AwsRdsDbSnapshot',
  'AWS::S3::AccountPublicAccessBlock': 'AwsS3AccountPublicAccessBlock',
  'AWS::S3::Bucket': 'AwsS3Bucket',
};

const PARTITIONS: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov'];

/** Who the Note says wrote it. */
const NOTE_AUTHOR = 'Warden';

/** Security Hub's limits (API reference): Title 256, Description 1024, Note.Text 512, Recommendation.Text 512. */
const LIMITS = { title: 256, description: 1024, note: 512, recommendation: 512, productField: 2048 } as const;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The account's default product: what a custom integration imports as. */
function productArnOf(partition: string, region: string, accountId: string): string {
  return `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

function asffResourceType(configType: string): string {
  return RESOURCE_TYPES[configType] ?? 'Other';
}

type WorkflowStatus = 'NEW' | 'SUPPRESSED' | 'RESOLVED';

function workflowOf(f: ExportedFinding): WorkflowStatus {
  if (isFixed(f)) return 'RESOLVED';
  if (f.decision === 'EXEMPT') return 'SUPPRESSED';
  return 'NEW';
}

/** The Note of an exempt finding: which exemption, and why. */
function noteOf(
  f: ExportedFinding,
  context: ExportContext,
): { Text: string; UpdatedBy: string; UpdatedAt: string } | undefined {
  if (f.decision !== 'EXEMPT' || f.exemptionId === undefined) return undefined;
  const exemption = context.exemptions?.get(f.exemptionId);
  const why = exemption === undefined ? f.decisionReason : exemption.reason;
  const until = exemption?.expiresAt === undefined ? '' : ` (until ${exemption.expiresAt})`;
  return {
    Text: clip(`Exempted by ${f.exemptionId}${until}${why === undefined || why === '' ? '' : `: ${why}`}`, LIMITS.note),
    UpdatedBy: NOTE_AUTHOR,
    UpdatedAt: context.generatedAt,
  };
}

function typesOf(f: ExportedFinding, controls: readonly string[]): string[] {
  if (f.kind === 'event') return [DETECTION_TYPE];
  const standards = [...new Set(controlsOf(controls).list.map((c) => ASFF_STANDARD_TYPES[c.standard]))];
  return standards.length > 0 ? standards : [NO_STANDARD_TYPE];
}

function toAsff(f: ExportedFinding, context: ExportContext): AwsSecurityFinding {
  const rule = context.rules.get(f.ruleId);
  const partition = partitionOf(f.arn);
  const productArn = productArnOf(partition, f.region, f.accountId);
  const controls = controlsOf(rule?.controls ?? []);
  const types = typesOf(f, rule?.controls ?? []);
  const severity = { Label: f.severity, Original: f.severity };
  const alias = context.aliases?.get(f.accountId);
  const note = noteOf(f, context);
  const recommendation =
    f.remediation?.suggestedChange ??
    (rule?.remediation == null
      ? undefined
      : `Warden remediates with ${rule.remediation.operations.join(', ')} (${rule.remediation.risk})`);
  const productFields: Record<string, string> = {
    ProviderName: 'Warden',
    ProviderVersion: context.productVersion,
    'warden/ruleId': f.ruleId,
    'warden/findingId': f.findingId,
    'warden/decision': f.decision,
    ...(f.decisionReason === undefined ? {} : { 'warden/decisionReason': clip(f.decisionReason, LIMITS.productField) }),
    ...(f.exemptionId === undefined ? {} : { 'warden/exemptionId': f.exemptionId }),
    ...(f.remediation === undefined ? {} : { 'warden/remediationOutcome': f.remediation.outcome }),
    ...(f.event === undefined ? {} : { 'warden/eventId': f.event.eventId }),
  };
  return {
    SchemaVersion: SCHEMA_VERSION,
    Id: `${productArn}/warden/${f.ruleId}/${f.findingId}`,
    ProductArn: productArn,
    ProductName: 'Warden',
    // A custom integration may name itself (Security Hub fills in Region).
    CompanyName: 'Warden',
    GeneratorId: `warden/${f.ruleId}`,
    AwsAccountId: f.accountId,
    ...(alias === undefined ? {} : { AwsAccountName: alias }),
    Types: types,
    FirstObservedAt: f.observedAt,
    LastObservedAt: f.observedAt,
    CreatedAt: f.observedAt,
    UpdatedAt: context.generatedAt,
    Severity: severity,
    // Providers keep their own view of severity and types here; customers may override the top-level ones.
    FindingProviderFields: { Severity: severity, Types: types },
    Title: clip(rule?.title ?? f.ruleId, LIMITS.title),
    Description: clip(f.message === '' ? (rule?.title ?? f.ruleId) : f.message, LIMITS.description),
    ...(recommendation === undefined
      ? {}
      : { Remediation: { Recommendation: { Text: clip(recommendation, LIMITS.recommendation) } } }),
    ProductFields: productFields,
    Resources: [
      {
        Type: f.resourceType === '' ? 'Other' : asffResourceType(f.resourceType),
        Id: f.arn,
        Partition: (PARTITIONS.includes(partition) ? partition : 'aws') as Partition,
        Region: f.region,
        ...(f.resourceType === ''
          ? {}
          : { Details: { Other: { ConfigResourceType: f.resourceType, ResourceId: f.resourceId } } }),
      },
    ],
    ...(f.kind === 'resource'
      ? {
          Compliance: {
            Status: isFixed(f) ? 'PASSED' : f.status === 'ERROR' ? 'NOT_AVAILABLE' : 'FAILED',
            ...(controls.primary === undefined ? {} : { SecurityControlId: controls.primary }),
            ...(controls.list.length > 0
              ? { RelatedRequirements: controls.list.map((c) => `${STANDARD_NAMES[c.standard]}/${c.id}`) }
              : {}),
          },
        }
      : {}),
    Workflow: { Status: workflowOf(f) },
    RecordState: 'ACTIVE',
    ...(note === undefined ? {} : { Note: note }),
  };
}

/**
 * What BatchUpdateFindings must set on a finding Security Hub already holds, for its workflow to
 * follow Warden's truth (BatchImportFindings sets Workflow and Note only on creation).
 */
function workflowUpdate(finding: AwsSecurityFinding): {
  readonly identifier: { Id: string; ProductArn: string };
  readonly status: WorkflowStatus;
  readonly note?: { Text: string; UpdatedBy: string };
} {
  const status = (finding.Workflow?.Status ?? 'NEW') as WorkflowStatus;
  return {
    identifier: { Id: finding.Id ?? '', ProductArn: finding.ProductArn ?? '' },
    status,
    ...(finding.Note?.Text === undefined ? {} : { note: { Text: finding.Note.Text, UpdatedBy: NOTE_AUTHOR } }),
  };
}

export type { WorkflowStatus };
export { asffResourceType, LIMITS as ASFF_LIMITS, productArnOf, SCHEMA_VERSION, toAsff, workflowUpdate };
