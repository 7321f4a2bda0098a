/** Warden's findings as OCSF 1.8.0 Compliance and Detection Findings, validated against the schema generated from the upstream release. */
import { describe, expect, it } from 'vitest';
import { toOcsf } from '../../../../tasks/shared/formats/ocsf';
import { bucketFinding, context, ocsfErrors, signInDetection } from '../../../support/formats';

describe('OCSF', () => {
  it('maps a resource rule finding to a valid Compliance Finding (2003) with its controls and remediation', () => {
    const event = toOcsf(bucketFinding(), context());
    expect(ocsfErrors(event)).toEqual([]);
    expect(event).toMatchObject({
      class_uid: 2003,
      category_uid: 2,
      type_uid: 200301,
      severity_id: 4,
      status_id: 1,
      time: Date.parse('2026-11-22T06:00:00.000Z'),
      metadata: { version: '1.8.0', product: { name: 'Warden', version: '0.1.0' }, profiles: ['cloud'] },
      finding_info: { uid: '5de4b47533f796a19e3efb18', title: 'S3 buckets encrypt new objects by default' },
      cloud: { provider: 'AWS', region: 'eu-west-1', account: { uid: '111111111111', name: 'payments-prod' } },
      resources: [{ uid: 'arn:aws:s3:::payments-exports', type: 'AWS::S3::Bucket' }],
      compliance: {
        control: 'S3.4',
        standards: ['AWS Foundational Security Best Practices v1.0.0', 'CIS AWS Foundations Benchmark v3.0.0'],
        requirements: ['FSBP S3.4', 'CIS 2.1.1'],
        status_id: 3,
        status: 'Fail',
      },
      remediation: { desc: 'Warden remediates with s3:PutBucketEncryption (safe)' },
      unmapped: { warden: { decision: 'NOTIFY', evaluation: 'NON_COMPLIANT' } },
    });
  });

  it('maps an event rule match to a valid Detection Finding (2004) with the caller as evidence', () => {
    const event = toOcsf(signInDetection(), context());
    expect(ocsfErrors(event)).toEqual([]);
    expect(event).toMatchObject({
      class_uid: 2004,
      type_uid: 200401,
      is_alert: true,
      evidences: [
        {
          api: { operation: 'ConsoleLogin' },
          actor: { user: { name: 'IAM user anaya' } },
          src_endpoint: { ip: '192.0.2.0' },
        },
      ],
    });
    expect(event).not.toHaveProperty('compliance');
  });

  it('names a calling service as the source host, not as an IP address', () => {
    const event = toOcsf(signInDetection({ event: { eventId: 'e1', sourceIp: 's3.amazonaws.com' } }), context());
    expect(ocsfErrors(event)).toEqual([]);
    expect(event.evidences).toEqual([{ uid: 'e1', src_endpoint: { hostname: 's3.amazonaws.com' } }]);
  });

  it('says Suppressed for an exempt finding, with the exemption and its reason unmapped', () => {
    const event = toOcsf(bucketFinding({ decision: 'EXEMPT', exemptionId: 'ex-legacy' }), context());
    expect(ocsfErrors(event)).toEqual([]);
    expect(event).toMatchObject({
      status_id: 3,
      status: 'Suppressed',
      unmapped: { warden: { exemptionId: 'ex-legacy', exemptionReason: 'Read-only archive, deleted in 2030' } },
    });
  });

  it('closes a remediated (verified) finding as Resolved and Pass', () => {
    const event = toOcsf(
      bucketFinding({ decision: 'REMEDIATE', remediation: { outcome: 'SUCCEEDED', apiCalls: [] } }),
      context(),
    );
    expect(ocsfErrors(event)).toEqual([]);
    expect(event).toMatchObject({ activity_id: 3, type_uid: 200303, status_id: 4, compliance: { status_id: 1 } });
  });

  it('says Warning for a rule that could not evaluate (ERROR)', () => {
    const event = toOcsf(bucketFinding({ status: 'ERROR' }), context());
    expect(ocsfErrors(event)).toEqual([]);
    expect(event).toMatchObject({ compliance: { status_id: 2, status: 'Warning' } });
  });

  it('the schema rejects what OCSF does not define (it can fail)', () => {
    const event = toOcsf(bucketFinding(), context());
    expect(ocsfErrors({ ...event, finding_info: { title: 'no uid' } }).map((e) => e.message)).toContain(
      "must have required property 'uid'",
    );
    expect(ocsfErrors({ ...event, severity_id: 7 }).length).toBeGreaterThan(0);
    expect(ocsfErrors({ ...event, warden_decision: 'NOTIFY' }).length).toBeGreaterThan(0);
  });
});
