/**
 * A run-time check of what Warden sends to Security Hub: the required top-level ASFF attributes
 * and the fields Warden sets, with the enums and length limits of the API reference —
 * https://docs.aws.amazon.com/securityhub/latest/userguide/asff-required-attributes.html and
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_AwsSecurityFinding.html (Title ≤ 256,
 * Description ≤ 1024, Id and GeneratorId ≤ 512, at most 32 resources, Note.Text ≤ 512,
 * Remediation.Recommendation.Text ≤ 512, ProductFields ≤ 50 pairs with keys ≤ 128 and values ≤ 2048).
 * The SDK's `AwsSecurityFinding` type gives the shape at compile time; Security Hub rejects a
 * finding that breaks these limits in `FailedFindings`, this catches it before a call is made.
 */
import { z } from 'zod';

const text = (max: number) => z.string().min(1).max(max);
const timestamp = z.iso.datetime({ offset: true });
const severityLabel = z.enum(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);

const AsffFindingSchema = z.object({
  SchemaVersion: z.literal('2018-10-08'),
  Id: text(512),
  ProductArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:securityhub:[a-z0-9-]+:\d{12}:product\/[^/]+\/[^/]+$/, 'a Security Hub product ARN'),
  ProductName: text(128).optional(),
  CompanyName: text(128).optional(),
  GeneratorId: text(512),
  AwsAccountId: z.string().regex(/^\d{12}$/, '12 digits'),
  AwsAccountName: text(50).optional(),
  Types: z
    .array(z.string().regex(/^[^/]+(\/[^/]+){0,2}$/, 'namespace/category/classifier'))
    .min(1)
    .max(50),
  FirstObservedAt: timestamp.optional(),
  LastObservedAt: timestamp.optional(),
  CreatedAt: timestamp,
  UpdatedAt: timestamp,
  Severity: z.object({ Label: severityLabel, Original: text(256).optional() }),
  FindingProviderFields: z
    .object({
      Severity: z.object({ Label: severityLabel, Original: text(256).optional() }),
      Types: z.array(z.string()).max(50),
    })
    .optional(),
  Title: text(256),
  Description: text(1024),
  Remediation: z.object({ Recommendation: z.object({ Text: text(512) }) }).optional(),
  ProductFields: z
    .record(z.string().min(1).max(128), z.string().max(2048))
    .refine((fields) => Object.keys(fields).length <= 50, 'at most 50 ProductFields')
    .optional(),
  Resources: z
    .array(
      z.object({
        Type: text(256),
        Id: text(512),
        Partition: z.enum(['aws', 'aws-cn', 'aws-us-gov']),
        Region: text(16),
        Details: z.object({ Other: z.record(z.string().max(128), z.string().max(1024)) }).optional(),
      }),
    )
    .min(1)
    .max(32),
  Compliance: z
    .object({
      Status: z.enum(['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE']),
      SecurityControlId: text(256).optional(),
      RelatedRequirements: z.array(text(256)).max(32).optional(),
    })
    .optional(),
  Workflow: z.object({ Status: z.enum(['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED']) }),
  RecordState: z.enum(['ACTIVE', 'ARCHIVED']),
  Note: z.object({ Text: text(512), UpdatedBy: text(512), UpdatedAt: timestamp }).optional(),
});

export { AsffFindingSchema };
