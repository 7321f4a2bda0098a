/** Reading EventBridge events into the normalized shape, with the real quirks of the corpus. */
import { describe, expect, it } from 'vitest';
import { parseEnvelope } from '../../../../tasks/shared/events/envelope';
import type { NormalizedEvent } from '../../../../tasks/shared/events/event-model';
import { readCorpusJson, wrapCloudTrail } from '../../../support/corpus-events';

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

  describe('binds the event to the account EventBridge stamped on it (issue 14 item 5)', () => {
    const s3Call = () => record('cloud-custodian/events/cwe__event-cloud-trail-s3.json');
    const withDetail = (raw: Record<string, unknown>, detail: Record<string, unknown>) => ({
      ...raw,
      detail: { ...(raw.detail as Record<string, unknown>), ...detail },
    });

    it('a recipientAccountId that agrees with the envelope account is read; a cross-account caller is not the account', () => {
      const agreeing = ok(withDetail(s3Call(), { recipientAccountId: '101010101111' }));
      expect(agreeing.accountId).toBe('101010101111');
      // userIdentity.accountId is the caller's account: it legitimately differs for cross-account calls.
      const crossAccount = withDetail(s3Call(), {
        recipientAccountId: '101010101111',
        userIdentity: {
          type: 'AssumedRole',
          accountId: '222222222222',
          arn: 'arn:aws:sts::222222222222:assumed-role/Ci/s',
        },
      });
      expect(ok(crossAccount).accountId).toBe('101010101111');
    });

    it('rejects a record whose recipientAccountId is not the envelope account', () => {
      const r = notOk(withDetail(s3Call(), { recipientAccountId: '999999999999' }));
      expect(r).toEqual({
        route: 'REJECTED',
        reason:
          'the CloudTrail record belongs to account 999999999999 (recipientAccountId) but EventBridge delivered it from account 101010101111: the event is not bound to one account',
      });
      const signIn = {
        ...wrapCloudTrail(record('awsdocs/consolelogin-iam-user-failure.json')),
        account: '444455556666',
      };
      expect(notOk(signIn).reason).toContain('belongs to account 111122223333 (recipientAccountId)');
    });

    it('takes the envelope account when the record names none, and rejects one that is not 12 digits', () => {
      const bare = s3Call();
      expect(ok(bare).accountId).toBe('101010101111');
      expect(notOk({ ...bare, account: 'xxx' })).toMatchObject({
        route: 'REJECTED',
        reason: `the event's account id "xxx" is not 12 digits`,
      });
    });

    it('rejects a Config change whose item is of another account than the envelope', () => {
      const envelope = readCorpusJson('cloud-custodian/events/cwe__sqs-discover.json') as Record<string, unknown>;
      const other = withDetail(envelope, { configurationItem: readCorpusJson('aws-config-rdk/AWS_S3_Bucket.json') });
      expect(notOk(other).reason).toBe(
        'the configuration item belongs to account 934654633380 but EventBridge delivered it from account 662108712480: the event is not bound to one account',
      );
      expect(ok({ ...other, account: '934654633380' }).accountId).toBe('934654633380');
      const oversized = {
        'detail-type': 'Config Configuration Item Change',
        source: 'aws.config',
        account: '111111111111',
        detail: {
          messageType: 'OversizedConfigurationItemChangeNotification',
          configurationItemSummary: {
            resourceType: 'AWS::EC2::SecurityGroup',
            resourceId: 'sg-1',
            awsAccountId: '222222222222',
            awsRegion: 'eu-west-1',
          },
        },
      };
      expect(notOk(oversized).reason).toContain(
        'belongs to account 222222222222 but EventBridge delivered it from account 111111111111',
      );
    });

    // Only AWS services publish events whose source starts with `aws.` (EventBridge reserves the
    // prefix): anything else with an AWS detail-type is someone's PutEvents, and could name any resource.
    it.each([
      ['AWS API Call via CloudTrail', 'cloud-custodian/events/cwe__event-cloud-trail-s3.json'],
      ['AWS Console Sign In via CloudTrail', 'awsdocs/consolelogin-iam-user-failure.json'],
      ['Config Configuration Item Change', 'cloud-custodian/events/cwe__sqs-discover.json'],
      ['Parameter Store Change', 'awsdocs/parameter-store-change-create.json'],
    ])('rejects a "%s" event from a source that is not an AWS service', (detailType, file) => {
      const real = record(file);
      const event = real['detail-type'] === undefined ? wrapCloudTrail(real) : real;
      expect(event['detail-type']).toBe(detailType);
      ok(event);
      const r = notOk({ ...event, source: 'com.example.s3' });
      expect(r).toEqual({
        route: 'REJECTED',
        reason: `the event's source "com.example.s3" is not an AWS service's (aws.*): only AWS publishes "${detailType}" events, so this one was put on the bus by someone else`,
      });
      expect(notOk({ ...event, source: 'AWS.S3' }).route).toBe('REJECTED');
    });
  });

  describe('nesting depth (issue 14 item 20b)', () => {
    /** A DeleteBucketEncryption whose requestParameters nest `levels` objects deep. */
    const nested = (levels: number) => {
      let deep: unknown = 'bottom';
      for (let i = 0; i < levels; i++) deep = { next: deep };
      const base = wrapCloudTrail(
        record('panther-analysis/aws_s3_delete_bucket_encryption__bucket-encryption-deleted-successfully.json'),
      );
      return { ...base, detail: { ...(base.detail as Record<string, unknown>), requestParameters: deep } };
    };

    it('every corpus event is far shallower than the bound', async () => {
      const { corpusEvents } = await import('../../../support/corpus-events');
      const { jsonDepth, MAX_EVENT_DEPTH } = await import('../../../../tasks/shared/events/json');
      const deepest = Math.max(...corpusEvents().map((e) => jsonDepth(e.event, MAX_EVENT_DEPTH + 1)));
      expect(deepest).toBeLessThan(16);
      expect(MAX_EVENT_DEPTH).toBe(64);
    });

    it('rejects an event nested 5,000 levels deep, without recursing, and reads one at the bound', () => {
      expect(notOk(nested(5000))).toEqual({
        route: 'REJECTED',
        reason: 'the event nests deeper than 64 levels of objects and arrays; real AWS events nest a dozen at most',
      });
      expect(notOk(nested(63)).route).toBe('REJECTED');
      // envelope (1) + detail (1) + requestParameters.next… (62 objects): 64 levels, the bound.
      expect(ok(nested(62)).eventName).toBe('DeleteBucketEncryption');
    });
  });

  it('ignores event types it does not handle', () => {
    expect(notOk({ 'detail-type': 'EC2 Instance State-change Notification', source: 'aws.ec2', detail: {} })).toEqual({
      route: 'IGNORED',
      reason: 'Warden does not handle "EC2 Instance State-change Notification" events',
    });
  });
});
