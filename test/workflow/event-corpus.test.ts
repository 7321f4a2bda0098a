/**
 * Every event of ../shared/corpus through the synthesized EventStateMachine, run locally: no
 * unhandled failure, and each classified as the table says — REJECTED (not a well-formed event),
 * IGNORED (failed or dry-run call, nothing reacts to it) or PROCESSED along its route, with the rules
 * it reached. The snapshot is empty, so resource events find their account unreachable: their
 * resources become ERROR findings, notified (the resource path still runs to the end).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type LocalEventResult, runLocalEvents } from '../../local/run-event';
import { type CorpusEvent, corpusEvents } from '../support/corpus-events';
import { eventTestWorkflows } from '../support/event-app';

interface Expected {
  readonly outcome: 'REJECTED' | 'IGNORED' | 'PROCESSED';
  readonly route?: 'RESOURCE' | 'NOTIFY';
  /** Resource rules re-checking (RESOURCE) or informational rules matching (NOTIFY). */
  readonly rules?: readonly string[];
  /** A part of the reason. */
  readonly reason?: string;
}

const S3_ENCRYPTION = 's3-bucket-encryption';
const S3_PAB = 's3-bucket-public-access-block';
const S3_PUBLIC = ['s3-bucket-no-public-read', 's3-bucket-no-public-write'];
/** Every bucket rule: CreateBucket reaches them all. */
const S3_CREATED = [
  S3_ENCRYPTION,
  S3_PAB,
  ...S3_PUBLIC,
  's3-bucket-ssl-only',
  's3-bucket-logging',
  's3-bucket-versioning',
];
const SG_INGRESS = 'ec2-security-group-open-ingress';
const INSTANCE_RULES = ['ec2-instance-required-tags', 'ec2-instance-admin-security-group'];
const resource = (...rules: string[]): Expected => ({ outcome: 'PROCESSED', route: 'RESOURCE', rules });
const notify = (...rules: string[]): Expected => ({ outcome: 'PROCESSED', route: 'NOTIFY', rules });
const ignored = (reason: string): Expected => ({ outcome: 'IGNORED', reason });
const rejected = (reason: string): Expected => ({ outcome: 'REJECTED', reason });

/** By corpus file; arrays of records use one expectation for all their records. */
const EXPECTED: Readonly<Record<string, Expected>> = {
  'awsdocs/config-ci-change-sns-notification-volume.json': rejected('an SNS notification, not an EventBridge event'),
  'awsdocs/consolelogin-iam-user-failure.json': notify('console-login-failure'),
  'awsdocs/consolelogin-iam-user-success-no-mfa.json': notify('console-login-failure'),
  'awsdocs/consolelogin-root-failure.json': notify('console-login-failure', 'root-sign-in'),
  'awsdocs/dynamodb-createtable-cloudtrail.json': notify('dynamodb-table-created'),
  'awsdocs/parameter-store-change-create-exception.json': ignored(
    'the Create of parameter golden-ami failed (Unable to Describe Resource)',
  ),
  'awsdocs/parameter-store-change-create.json': notify('ssm-parameter-change'),
  'awsdocs/parameter-store-change-delete.json': notify('ssm-parameter-change'),
  'awsdocs/parameter-store-change-update.json': notify('ssm-parameter-change'),
  'panther-analysis/aws_cloudtrail_password_spraying__failed-console-login.json': notify('console-login-failure'),
  'panther-analysis/aws_cloudtrail_unsuccessful_mfa_attempt__unsuccessful-login-w-mfa.json':
    notify('console-login-failure'),
  'panther-analysis/aws_console_login_without_mfa__aws-ssov2-login.json': rejected(
    `the event's account id "xxx" is not 12 digits`,
  ),
  'panther-analysis/aws_console_root_login_failed__failed-root-login.json': notify(
    'console-login-failure',
    'root-sign-in',
  ),
  'panther-analysis/aws_ec2_launch_unusual_ec2_instances__failed-unusual-ec2.json': ignored(
    'RunInstances failed (Client.UnauthorizedOperation',
  ),
  'panther-analysis/aws_ec2_launch_unusual_ec2_instances__successful-unusual-ec2.json': resource(...INSTANCE_RULES),
  'panther-analysis/aws_ec2_manual_security_group_changes__aws-console-ingress-sg-authorization-error.json': ignored(
    'AuthorizeSecurityGroupIngress failed (UnauthorizedOperation)',
  ),
  'panther-analysis/aws_ec2_manual_security_group_changes__aws-console-ingress-sg-authorization.json':
    resource(SG_INGRESS),
  'panther-analysis/aws_ec2_manual_security_group_changes__go-script-authorize-ingress.json': resource(SG_INGRESS),
  'panther-analysis/aws_ec2_manual_security_group_changes__terraform-security-group-authorize-egress.json': ignored(
    'no Warden rule reacts to ec2.amazonaws.com AuthorizeSecurityGroupEgress',
  ),
  'panther-analysis/aws_ec2_manual_security_group_changes__terraform-security-group-creation.json':
    resource(SG_INGRESS),
  'panther-analysis/aws_ec2_monitoring__runinstance-dry-run.json': ignored(
    'RunInstances was a dry run (Client.DryRunOperation)',
  ),
  'panther-analysis/aws_ec2_security_group_modified__error-mofidying-security-group.json': ignored(
    'AuthorizeSecurityGroupIngress failed (RequestExpired)',
  ),
  'panther-analysis/aws_ec2_security_group_modified__security-group-modified.json': resource(SG_INGRESS),
  'panther-analysis/aws_ec2_vpc_modified__error-modifying-vpc.json': ignored('CreateVpc failed (UnknownParameter)'),
  'panther-analysis/aws_ec2_vpc_modified__vpc-modified.json': notify('vpc-created'),
  'panther-analysis/aws_iam_assume_role_blocklist_ignored__error-assuming-iam-blocked-role.json': ignored(
    'AssumeRole failed (ExpiredToken',
  ),
  'panther-analysis/aws_resource_made_public__null-request-parameters.json': rejected(
    'PutBucketPolicy names no AWS::S3::Bucket',
  ),
  'panther-analysis/aws_resource_made_public__s3-made-publicly-accessible.json': resource(
    S3_PAB,
    ...S3_PUBLIC,
    's3-bucket-ssl-only',
  ),
  'panther-analysis/aws_s3_delete_bucket_encryption__bucket-encryption-deleted-successfully.json':
    resource(S3_ENCRYPTION),
  'panther-analysis/aws_s3_delete_bucket_encryption__bucket-encryption-deletion-failed.json': ignored(
    'DeleteBucketEncryption failed (AccessDenied: Access Denied)',
  ),
  'panther-analysis/aws_s3_delete_bucket_encryption__different-s3-event.json': resource(S3_ENCRYPTION),
  'panther-analysis/aws_s3_delete_public_access_block__different-s3-event.json': resource(S3_PAB, ...S3_PUBLIC),
  'panther-analysis/aws_s3_delete_public_access_block__public-access-block-deleted-successfully.json': resource(
    S3_PAB,
    ...S3_PUBLIC,
  ),
  'panther-analysis/aws_s3_delete_public_access_block__public-access-block-deletion-failed.json': ignored(
    'DeleteBucketPublicAccessBlock failed (AccessDenied',
  ),
  'panther-analysis/aws_sts_getcalleridentity_trufflehog__normal-getcalleridentity.json': ignored(
    'no Warden rule reacts to sts.amazonaws.com GetCallerIdentity',
  ),
  'panther-analysis/policy__aws_security_group_administrative_ingress__ipv6-all.json': rejected(
    'not an EventBridge event: it has no "detail-type"',
  ),
  'stratus-red-team/assumerole-accessdenied__from-ec2-get-password-data.json': ignored(
    'AssumeRole failed (AccessDenied',
  ),
  'stratus-red-team/assumerole-success__from-ec2-get-password-data.json': ignored(
    'no Warden rule reacts to sts.amazonaws.com AssumeRole',
  ),
  'stratus-red-team/aws.credential-access.ssm-retrieve-securestring-parameters.json': ignored(
    'no Warden rule reacts to ssm.amazonaws.com',
  ),
  'stratus-red-team/aws.exfiltration.ec2-security-group-open-port-22-ingress.json': rejected(
    `the event's region "us-northeast-1r" is not an AWS region name`,
  ),
  'stratus-red-team/aws.initial-access.console-login-without-mfa.json': notify('console-login-failure'),
  'stratus-red-team/aws.persistence.sts-federation-token.json': ignored('no Warden rule reacts to sts.amazonaws.com'),
  'cloud-custodian/events/config__app-elb-config-event.json': rejected('an AWS Config rule invocation'),
  'cloud-custodian/events/config__s3.json': rejected('an AWS Config configuration item, not an EventBridge event'),
  'cloud-custodian/events/cwe__event-cloud-trail-create-bucket.json': resource(...S3_CREATED),
  'cloud-custodian/events/cwe__event-cloud-trail-run-instance-creator-assumed.json': resource(...INSTANCE_RULES),
  'cloud-custodian/events/cwe__event-cloud-trail-run-instances.json': resource(...INSTANCE_RULES),
  'cloud-custodian/events/cwe__event-cloud-trail-s3.json': resource(...S3_CREATED),
  'cloud-custodian/events/cwe__event-config-rule-instance.json': rejected('an AWS Config rule invocation'),
  'cloud-custodian/events/cwe__event-config-rule-security-group.json': rejected('an AWS Config rule invocation'),
  'cloud-custodian/events/cwe__sqs-discover.json': ignored(
    'no Warden rule evaluates AWS::SQS::Queue on configuration changes',
  ),
};

/** Records of multi-record files whose expectation differs from their file's. */
const EXPECTED_RECORDS: Readonly<Record<string, Expected>> = {
  'stratus-red-team/aws.execution.ec2-launch-unusual-instances.json#0': ignored(
    'RunInstances failed (Client.UnauthorizedOperation',
  ),
  'stratus-red-team/aws.execution.ec2-launch-unusual-instances.json#1': ignored(
    'no Warden rule reacts to sts.amazonaws.com AssumeRole',
  ),
  'stratus-red-team/aws.execution.ec2-launch-unusual-instances.json#2': ignored(
    'no Warden rule reacts to sts.amazonaws.com AssumeRole',
  ),
};

function expectedFor(e: CorpusEvent): Expected {
  const expected = EXPECTED_RECORDS[e.name] ?? EXPECTED[e.file];
  if (expected !== undefined) return expected;
  // The 35 records of the user-data detonation: reads, starts and stops no rule reacts to.
  if (e.file === 'stratus-red-team/aws.execution.ec2-user-data.json')
    return ignored('no Warden rule reacts to ec2.amazonaws.com');
  throw new Error(`no expected outcome for ${e.name}`);
}

const events = corpusEvents();
let results: Map<string, LocalEventResult>;

beforeAll(async () => {
  const { workflows } = eventTestWorkflows();
  // Each event is judged on its own: the clock moves on by more than the duplicate-suppression
  // window at every reading (the same failed sign-in recurs in several corpus files).
  let t = Date.parse('2026-11-22T06:00:00Z');
  const now = () => {
    t += 2 * 3_600_000;
    return new Date(t);
  };
  const run = await runLocalEvents(
    events.map((e) => e.event),
    { workflows, items: [], now },
  );
  results = new Map(events.map((e, i) => [e.name, run.results[i] as LocalEventResult]));
}, 240_000);

describe('the corpus through the event state machine', () => {
  it('covers every corpus event file, and every array and Records file record by record', () => {
    expect(events.length).toBeGreaterThan(90);
    expect(new Set(events.map((e) => e.file)).size).toBe(Object.keys(EXPECTED).length + 2);
    expect(events.filter((e) => e.file === 'stratus-red-team/aws.execution.ec2-user-data.json')).toHaveLength(35);
    expect(events.some((e) => e.file === 'awsdocs/consolelogin-iam-user-success-no-mfa.json' && e.wrapped)).toBe(true);
  });

  it.each(events.map((e) => [e.name, e] as const))('%s', (name, e) => {
    const result = results.get(name) as LocalEventResult;
    const expected = expectedFor(e);
    // Never an unhandled failure: only the deliberate Rejected state fails an execution.
    expect(result.outcome).not.toBe('FAILED');
    expect(result.outcome).toBe(expected.outcome);
    expect(result.reason.length).toBeGreaterThan(0);
    if (expected.reason !== undefined) expect(result.reason).toContain(expected.reason);
    if (expected.outcome === 'REJECTED') {
      expect([result.execution.status, result.execution.error]).toEqual(['FAILED', 'EventRejected']);
      expect(result.published).toEqual([]);
      return;
    }
    expect(result.execution.status).toBe('SUCCEEDED');
    if (expected.outcome === 'IGNORED') {
      expect(result.published).toEqual([]);
      expect(result.decisions).toEqual([]);
      return;
    }
    expect(result.route).toBe(expected.route);
    if (expected.route === 'NOTIFY') {
      expect(result.notifications.map((n) => [n.ruleId, n.status])).toEqual(
        (expected.rules ?? []).map((r) => [r, 'SENT']),
      );
      expect(result.published.map((m) => m.MessageAttributes?.ruleId?.StringValue)).toEqual(expected.rules);
      return;
    }
    // RESOURCE with an empty snapshot: the account is unreachable; every re-check is an ERROR, notified.
    expect(Object.keys(result.evaluation?.counts ?? {}).sort()).toEqual([...(expected.rules ?? [])].sort());
    expect(result.decisions.length).toBeGreaterThan(0);
    for (const f of result.decisions) {
      expect([f.status, f.decision]).toEqual(['ERROR', 'NOTIFY']);
      expect(f.message).toContain('the snapshot has no configuration items for account');
    }
    expect(result.published.filter((m) => m.state === 'Notify owner')).toHaveLength(result.decisions.length);
  });
});
