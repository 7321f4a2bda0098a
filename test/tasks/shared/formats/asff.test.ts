/** Warden's findings as ASFF: Security Hub's required fields and limits, stable ids, workflow and compliance, and the SDK serializing them. */
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { toAsff, workflowUpdate } from '../../../../tasks/shared/formats/asff';
import { AsffFindingSchema } from '../../../../tasks/shared/formats/asff-schema';
import { bucketFinding, context, signInDetection } from '../../../support/formats';

const strict = AsffFindingSchema.strict();

describe('ASFF', () => {
  it('fills every field BatchImportFindings requires, for the account default product', () => {
    const finding = toAsff(bucketFinding(), context());
    expect(strict.safeParse(finding).error?.issues).toBeUndefined();
    expect(finding).toMatchObject({
      SchemaVersion: '2018-10-08',
      ProductArn: 'arn:aws:securityhub:eu-west-1:111111111111:product/111111111111/default',
      Id: 'arn:aws:securityhub:eu-west-1:111111111111:product/111111111111/default/warden/s3-bucket-encryption/5de4b47533f796a19e3efb18',
      GeneratorId: 'warden/s3-bucket-encryption',
      AwsAccountId: '111111111111',
      AwsAccountName: 'payments-prod',
      Types: [
        'Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices',
        'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark',
      ],
      CreatedAt: '2026-11-22T06:00:00.000Z',
      UpdatedAt: '2026-11-22T06:10:00.000Z',
      Severity: { Label: 'HIGH' },
      Title: 'S3 buckets encrypt new objects by default',
      Description: 'Bucket payments-exports has no default encryption configuration',
      Resources: [{ Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::payments-exports', Partition: 'aws', Region: 'eu-west-1' }],
      Compliance: {
        Status: 'FAILED',
        SecurityControlId: 'S3.4',
        RelatedRequirements: [
          'AWS Foundational Security Best Practices v1.0.0/S3.4',
          'CIS AWS Foundations Benchmark v3.0.0/2.1.1',
        ],
      },
      Workflow: { Status: 'NEW' },
      RecordState: 'ACTIVE',
    });
  });

  it('keeps the Id of the same rule and resource from one run to the next', () => {
    const first = toAsff(bucketFinding(), context({ generatedAt: '2026-11-22T06:10:00.000Z' }));
    const next = toAsff(
      bucketFinding({ observedAt: '2026-11-23T06:00:00.000Z', message: 'still unencrypted' }),
      context({ generatedAt: '2026-11-23T06:10:00.000Z' }),
    );
    expect(next.Id).toBe(first.Id);
    expect(next.UpdatedAt).not.toBe(first.UpdatedAt);
  });

  it('maps Config types to ASFF resource types, and any other to Other', () => {
    const sg = toAsff(
      bucketFinding({
        resourceType: 'AWS::EC2::SecurityGroup',
        arn: 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-1',
      }),
      context(),
    );
    const param = toAsff(
      bucketFinding({ resourceType: 'AWS::SSM::Parameter', arn: 'arn:aws:ssm:eu-west-1:111111111111:parameter/x' }),
      context(),
    );
    expect(sg.Resources?.[0]?.Type).toBe('AwsEc2SecurityGroup');
    expect(param.Resources?.[0]?.Type).toBe('Other');
    expect(param.Resources?.[0]?.Details?.Other).toEqual({
      ConfigResourceType: 'AWS::SSM::Parameter',
      ResourceId: 'payments-exports',
    });
  });

  it('suppresses an exempt finding with a Note naming the exemption and its reason, within 512 characters', () => {
    const long = context({
      exemptions: new Map([['ex-legacy', { exemptionId: 'ex-legacy', reason: 'r'.repeat(2000) }]]),
    });
    const finding = toAsff(bucketFinding({ decision: 'EXEMPT', exemptionId: 'ex-legacy' }), context());
    expect(finding.Workflow).toEqual({ Status: 'SUPPRESSED' });
    expect(finding.Note).toEqual({
      Text: 'Exempted by ex-legacy (until 2030-12-31T00:00:00Z): Read-only archive, deleted in 2030',
      UpdatedBy: 'Warden',
      UpdatedAt: '2026-11-22T06:10:00.000Z',
    });
    const clipped = toAsff(bucketFinding({ decision: 'EXEMPT', exemptionId: 'ex-legacy' }), long);
    expect(clipped.Note?.Text).toHaveLength(512);
    expect(strict.safeParse(clipped).success).toBe(true);
  });

  it('resolves a fixed finding: Compliance PASSED, Workflow RESOLVED', () => {
    for (const fixed of [
      bucketFinding({ status: 'COMPLIANT' }),
      bucketFinding({ decision: 'REMEDIATE', remediation: { outcome: 'SUCCEEDED', apiCalls: [] } }),
    ]) {
      const finding = toAsff(fixed, context());
      expect(finding.Compliance?.Status).toBe('PASSED');
      expect(finding.Workflow).toEqual({ Status: 'RESOLVED' });
      expect(workflowUpdate(finding).status).toBe('RESOLVED');
    }
  });

  it('says NOT_AVAILABLE for a rule that could not evaluate, and gives detections no Compliance', () => {
    expect(toAsff(bucketFinding({ status: 'ERROR' }), context()).Compliance?.Status).toBe('NOT_AVAILABLE');
    const detection = toAsff(signInDetection(), context());
    expect(strict.safeParse(detection).error?.issues).toBeUndefined();
    expect(detection.Compliance).toBeUndefined();
    expect(detection.Types).toEqual(['Unusual Behaviors/User']);
    expect(detection.ProductFields?.['warden/eventId']).toBe('0f0c1a7e');
  });

  it('clips Title to 256 and Description to 1024 characters', () => {
    const rules = new Map(context().rules);
    const rule = rules.get('s3-bucket-encryption');
    if (rule === undefined) throw new Error('the test rule is missing');
    rules.set('s3-bucket-encryption', { ...rule, title: 't'.repeat(300) });
    const finding = toAsff(bucketFinding({ message: 'm'.repeat(5000) }), context({ rules }));
    expect(finding.Title).toHaveLength(256);
    expect(finding.Description).toHaveLength(1024);
    expect(strict.safeParse(finding).success).toBe(true);
  });

  it('the schema refuses what Security Hub refuses (it can fail)', () => {
    const finding = toAsff(bucketFinding(), context());
    expect(strict.safeParse({ ...finding, Title: 'x'.repeat(257) }).success).toBe(false);
    expect(strict.safeParse({ ...finding, AwsAccountId: '1111' }).success).toBe(false);
    expect(strict.safeParse({ ...finding, Workflow: { Status: 'DONE' } }).success).toBe(false);
    const { GeneratorId: _, ...withoutGenerator } = finding;
    expect(strict.safeParse(withoutGenerator).success).toBe(false);
  });

  it('the SDK serializes the findings into a BatchImportFindings request', async () => {
    const bodies: string[] = [];
    const client = new SecurityHubClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      requestHandler: {
        handle: async (request: { body?: unknown }) => {
          bodies.push(String(request.body));
          return {
            // An HttpResponse's shape: what the SDK's deserializer reads.
            response: {
              statusCode: 200,
              headers: { 'content-type': 'application/json' },
              body: Buffer.from(JSON.stringify({ SuccessCount: 2, FailedCount: 0, FailedFindings: [] })),
            },
          };
        },
      },
    });
    const findings = [
      toAsff(bucketFinding({ decision: 'EXEMPT', exemptionId: 'ex-legacy' }), context()),
      toAsff(signInDetection(), context()),
    ];
    const output = await client.send(new BatchImportFindingsCommand({ Findings: findings }));
    expect(output.SuccessCount).toBe(2);
    const sent = JSON.parse(bodies[0] ?? '{}') as { Findings: Record<string, unknown>[] };
    expect(sent.Findings).toHaveLength(2);
    expect(sent.Findings[0]).toMatchObject({
      Id: findings[0]?.Id,
      Workflow: { Status: 'SUPPRESSED' },
      Note: { UpdatedBy: 'Warden' },
    });
  });
});
