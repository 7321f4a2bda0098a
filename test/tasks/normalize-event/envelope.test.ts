/** Reading EventBridge events into the normalized shape, with the real quirks of the corpus. */
import { describe, expect, it } from 'vitest';
import { parseEnvelope } from '../../../tasks/normalize-event/envelope';
import type { NormalizedEvent } from '../../../tasks/normalize-event/event-model';
import { readCorpusJson, wrapCloudTrail } from '../../support/corpus-events';

const record = (file: string) => readCorpusJson(file) as Record<string, unknown>;

function ok(raw: unknown): NormalizedEvent {
  const parsed = parseEnvelope(raw);
  if (!parsed.ok) throw new Error(`expected a normalized event, got ${parsed.route}: ${parsed.reason}`);
  return parsed.event;
}

function notOk(raw: unknown): { route: string; reason: string } {
  const parsed = parseEnvelope(raw);
  if (parsed.ok) throw new Error('expected a rejection');
  return { route: parsed.route, reason: parsed.reason };
}

describe('parseEnvelope', () => {
  it('reads a full EventBridge envelope (custodian CreateBucket) with the envelope id and source', () => {
    const e = ok(record('cloud-custodian/events/cwe__event-cloud-trail-s3.json'));
    expect(e).toMatchObject({
      eventId: '3603e3ef-985e-487a-a85b-f4144102544b',
      kind: 'API_CALL',
      source: 'aws.s3',
      eventSource: 's3.amazonaws.com',
      eventName: 'CreateBucket',
      accountId: '101010101111',
      region: 'us-east-1',
      time: '2015-11-23T07:45:25.000Z',
      sourceIp: '101.244.214.105',
      request: { bucketName: 'cwe-test' },
      response: null,
    });
  });

  it('takes the account from recipientAccountId of a wrapped record, and derives nothing it cannot', () => {
    const e = ok(wrapCloudTrail(record('panther-analysis/aws_ec2_vpc_modified__vpc-modified.json')));
    expect([e.eventId, e.accountId, e.region, e.source]).toEqual(['1', '123456789012', 'us-west-2', 'aws.ec2']);
  });

  it('ignores a failed call with its error, and a dry run as not a change', () => {
    expect(
      notOk(
        wrapCloudTrail(
          record('panther-analysis/aws_s3_delete_bucket_encryption__bucket-encryption-deletion-failed.json'),
        ),
      ),
    ).toEqual({
      route: 'IGNORED',
      reason: 'DeleteBucketEncryption failed (AccessDenied: Access Denied): nothing changed',
    });
    expect(notOk(wrapCloudTrail(record('panther-analysis/aws_ec2_monitoring__runinstance-dry-run.json')))).toEqual({
      route: 'IGNORED',
      reason: 'RunInstances was a dry run (Client.DryRunOperation): it would have succeeded but changed nothing',
    });
    const unprefixed = wrapCloudTrail({
      ...record('panther-analysis/aws_ec2_monitoring__runinstance-dry-run.json'),
      errorCode: 'DryRunOperation',
    });
    expect(notOk(unprefixed).reason).toContain('was a dry run (DryRunOperation)');
  });

  it('reads a failed console sign-in: no errorCode, ConsoleLogin Failure, MFAUsed', () => {
    const e = ok({
      'detail-type': 'AWS Console Sign In via CloudTrail',
      source: 'aws.signin',
      detail: record('awsdocs/consolelogin-iam-user-failure.json'),
    });
    expect([e.kind, e.eventName, e.request, e.signIn]).toEqual([
      'SIGN_IN',
      'ConsoleLogin',
      null,
      {
        result: 'Failure',
        mfaUsed: true,
        loginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true',
      },
    ]);
  });

  it('does not ignore a sign-in that carries an errorCode: the result is what matters', () => {
    const detail = { ...record('awsdocs/consolelogin-iam-user-failure.json'), errorCode: 'Failed authentication' };
    const e = ok({ 'detail-type': 'AWS Console Sign In via CloudTrail', source: 'aws.signin', detail });
    expect(e.signIn?.result).toBe('Failure');
  });

  it('reads SIEM time formats and lower-cased userIdentity keys', () => {
    const e = ok(
      wrapCloudTrail(
        record('panther-analysis/aws_ec2_manual_security_group_changes__aws-console-ingress-sg-authorization.json'),
      ),
    );
    expect(e.time).toBe('2021-01-24T04:55:45.000Z');
    expect(e.originator?.display).toBe('role TestAdmin (session alan)');
    const nanos = ok(
      wrapCloudTrail({
        ...record('panther-analysis/aws_ec2_vpc_modified__vpc-modified.json'),
        eventTime: '2024-12-16 18:41:07.000000000',
      }),
    );
    expect(nanos.time).toBe('2024-12-16T18:41:07.000Z');
  });

  it('keeps a record without eventTime, and a null requestParameters as null', () => {
    const noTime = ok({
      'detail-type': 'AWS Console Sign In via CloudTrail',
      source: 'aws.signin',
      detail: record('panther-analysis/aws_cloudtrail_password_spraying__failed-console-login.json'),
    });
    expect(noTime.time).toBeUndefined();
    const nullParams = ok(
      wrapCloudTrail(record('panther-analysis/aws_resource_made_public__null-request-parameters.json')),
    );
    expect([nullParams.request, nullParams.response]).toEqual([null, null]);
  });

  it('rejects an account id that is not 12 digits', () => {
    const raw = wrapCloudTrail(record('panther-analysis/aws_console_login_without_mfa__aws-ssov2-login.json'));
    expect(notOk(raw)).toEqual({ route: 'REJECTED', reason: `the event's account id "xxx" is not 12 digits` });
  });

  it('reads Parameter Store changes, and ignores a failed one', () => {
    const e = ok(readCorpusJson('awsdocs/parameter-store-change-update.json'));
    expect([e.kind, e.eventName, e.accountId, e.region, e.parameter]).toEqual([
      'PARAMETER_CHANGE',
      'Update',
      '123456789012',
      'us-east-2',
      {
        name: 'MyExampleParameter',
        operation: 'Update',
        type: 'String',
        description: 'Sample Parameter',
        arn: 'arn:aws:ssm:us-east-2:123456789012:parameter/MyExampleParameter',
      },
    ]);
    expect(notOk(readCorpusJson('awsdocs/parameter-store-change-create-exception.json'))).toEqual({
      route: 'IGNORED',
      reason: 'the Create of parameter golden-ami failed (Unable to Describe Resource): nothing changed',
    });
  });

  it('reads a Config change event with the item in it, normalized', () => {
    const e = ok(readCorpusJson('cloud-custodian/events/cwe__sqs-discover.json'));
    expect(e.configChange).toEqual({
      messageType: 'ConfigurationItemChangeNotification',
      changeType: 'CREATE',
      resourceType: 'AWS::SQS::Queue',
      resourceId: 'https://sqs.us-east-1.amazonaws.com/644160558196/config-changes',
    });
    expect([e.accountId, e.configurationItem?.arn]).toEqual([
      '662108712480',
      'arn:aws:sqs:us-east-1:662108712480:config-changes',
    ]);
  });

  it('reads an oversized Config change (a summary, no item)', () => {
    const e = ok({
      'detail-type': 'Config Configuration Item Change',
      source: 'aws.config',
      account: '111111111111',
      region: 'us-east-1',
      detail: {
        messageType: 'OversizedConfigurationItemChangeNotification',
        configurationItemSummary: {
          changeType: 'UPDATE',
          resourceType: 'AWS::EC2::SecurityGroup',
          resourceId: 'sg-1',
          awsAccountId: '111111111111',
          awsRegion: 'eu-west-1',
        },
      },
    });
    expect([e.accountId, e.region, e.configChange?.resourceId, e.configurationItem]).toEqual([
      '111111111111',
      'eu-west-1',
      'sg-1',
      undefined,
    ]);
  });

  it.each([
    [[], 'the input is a JSON array of 0 items, not one EventBridge event; pass each event on its own'],
    ['text', 'an EventBridge event must be a JSON object, not a string'],
    [null, 'an EventBridge event must be a JSON object, not null'],
    [
      readCorpusJson('awsdocs/consolelogin-iam-user-success-no-mfa.json'),
      'the input is a CloudTrail log file (1 records), not an EventBridge event',
    ],
    [
      record('awsdocs/consolelogin-iam-user-failure.json'),
      'the input is a bare CloudTrail record (ConsoleLogin), not an EventBridge event',
    ],
    [readCorpusJson('cloud-custodian/events/cwe__event-config-rule-instance.json'), 'an AWS Config rule invocation'],
    [readCorpusJson('awsdocs/config-ci-change-sns-notification-volume.json'), 'an SNS notification'],
    [{ 'detail-type': 42, detail: {} }, '"detail-type" must be a non-empty string, not a number'],
    [
      { 'detail-type': 'AWS API Call via CloudTrail', source: 7, detail: {} },
      '"source" must be a non-empty string, not a number',
    ],
    [
      { 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.s3', detail: null },
      'needs a "detail" object, not null',
    ],
    [
      { 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.s3', detail: {} },
      'the CloudTrail record has no eventName',
    ],
  ])('rejects %j with a reason', (raw, reason) => {
    const r = notOk(raw);
    expect(r.route).toBe('REJECTED');
    expect(r.reason).toContain(reason);
  });

  it('ignores event types it does not handle', () => {
    expect(notOk({ 'detail-type': 'EC2 Instance State-change Notification', source: 'aws.ec2', detail: {} })).toEqual({
      route: 'IGNORED',
      reason: 'Warden does not handle "EC2 Instance State-change Notification" events',
    });
  });
});
