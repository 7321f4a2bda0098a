/**
 * The synthesized EventStateMachine, run locally on scenarios a person would check: a resource
 * event re-checks the resource as the snapshot has it and plans the fix; exemptions, the kill switch
 * and duplicate suppression hold; informational rules notify with the account alias, who and when;
 * the watch list is read at run time; failures are branches.
 */
import { describe, expect, it } from 'vitest';
import { runLocalEvent, runLocalEvents } from '../../local/run-event';
import { RULES } from '../../tasks/rules/index';
import type { ConfigurationItem } from '../../tasks/shared/model';
import { ec2InstanceCi, makeCi, s3BucketCi } from '../support/ci-builder';
import { readCorpusJson, wrapCloudTrail } from '../support/corpus-events';
import { eventTestWorkflows } from '../support/event-app';

const NOW = () => new Date('2026-11-22T06:00:00Z');
const PAYMENTS = '111111111111';
const accounts = [
  { accountId: PAYMENTS, alias: 'payments-prod', owner: 'team-payments', regions: ['us-east-1'] },
  { accountId: '644160558196', alias: 'custodian-dev', regions: ['us-east-1'] },
  { accountId: '111122223333', alias: 'identity', owner: 'team-identity', regions: ['us-east-1'] },
];

const workflows = () => eventTestWorkflows().workflows;

function corpusEvent(file: string): Record<string, unknown> {
  const json = readCorpusJson(file) as Record<string, unknown>;
  return json['detail-type'] === undefined ? wrapCloudTrail(json) : json;
}

/** The DeleteBucketEncryption record of the corpus: bucket sensitive-data-bucket in 111111111111. */
const deleteBucketEncryption = () =>
  corpusEvent('panther-analysis/aws_s3_delete_bucket_encryption__bucket-encryption-deleted-successfully.json');
const failedSignIn = () => corpusEvent('awsdocs/consolelogin-iam-user-failure.json');

const bucket = (options: Parameters<typeof s3BucketCi>[1] = {}): ConfigurationItem =>
  s3BucketCi('sensitive-data-bucket', { accountId: PAYMENTS, region: 'us-east-1', ...options });
/** The account-level public access block, all four on: the PAB rule is satisfied at account level. */
const accountPab: ConfigurationItem = makeCi({
  resourceType: 'AWS::S3::AccountPublicAccessBlock',
  resourceId: PAYMENTS,
  accountId: PAYMENTS,
  region: 'us-east-1',
  arn: `arn:aws:s3::${PAYMENTS}:account-public-access-block`,
  configuration: {
    blockPublicAcls: true,
    ignorePublicAcls: true,
    blockPublicPolicy: true,
    restrictPublicBuckets: true,
  },
});

describe('a resource event', () => {
  it('re-checks the bucket as it is now, plans PutBucketEncryption, records it and tells the owner who did it', async () => {
    const result = await runLocalEvent(deleteBucketEncryption(), {
      workflows: workflows(),
      items: [bucket(), accountPab],
      accounts,
      now: NOW,
    });
    expect([result.outcome, result.route, result.execution.status]).toEqual(['PROCESSED', 'RESOURCE', 'SUCCEEDED']);
    expect(result.evaluation?.counts['s3-bucket-encryption']).toEqual({
      COMPLIANT: 0,
      NON_COMPLIANT: 1,
      NOT_APPLICABLE: 0,
      ERROR: 0,
    });
    const [finding] = result.decisions;
    expect([finding?.ruleId, finding?.status, finding?.decision]).toEqual([
      's3-bucket-encryption',
      'NON_COMPLIANT',
      'REMEDIATE',
    ]);
    expect(finding?.message).toContain('re-checked after DeleteBucketEncryption by role AdminRole');
    expect(finding?.message).toContain('at 2024-01-15T10:45:23.000Z');
    const [outcome] = result.findingOutcomes;
    expect(outcome?.remediation.outcome).toBe('PLANNED');
    expect(outcome?.remediation.apiCalls).toEqual([
      expect.objectContaining({ service: 's3', operation: 'PutBucketEncryption' }),
    ]);
    expect(result.ledger.map((r) => [r.ruleId, r.outcome, r.decision])).toEqual([
      ['s3-bucket-encryption', 'PLANNED', 'REMEDIATE'],
    ]);
    const [message] = result.published;
    expect(message?.state).toBe('Notify owner');
    expect(message?.Subject).toBe('[HIGH] s3-bucket-encryption: payments-prod/us-east-1 bucket sensitive-data-bucket');
    expect(message?.MessageAttributes).toMatchObject({
      severity: { StringValue: 'HIGH' },
      ruleId: { StringValue: 's3-bucket-encryption' },
      accountId: { StringValue: PAYMENTS },
      owner: { StringValue: 'team-payments' },
    });
    expect(result.execution.name).toBe('event-12345678-1234-1234-1234-111111111111');
  });

  it('does nothing more for a compliant bucket: counted COMPLIANT, no finding, nobody told', async () => {
    const result = await runLocalEvent(deleteBucketEncryption(), {
      workflows: workflows(),
      items: [
        bucket({ sse: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] } }),
        accountPab,
      ],
      accounts,
      now: NOW,
    });
    expect(result.evaluation?.counts['s3-bucket-encryption']?.COMPLIANT).toBe(1);
    expect([result.decisions, result.published, result.ledger]).toEqual([[], [], []]);
  });

  it('says not applicable for a bucket the snapshot does not record', async () => {
    const other = s3BucketCi('another-bucket', { accountId: PAYMENTS, region: 'us-east-1' });
    const result = await runLocalEvent(deleteBucketEncryption(), { workflows: workflows(), items: [other], now: NOW });
    expect(result.evaluation?.counts['s3-bucket-encryption']).toEqual({
      COMPLIANT: 0,
      NON_COMPLIANT: 0,
      NOT_APPLICABLE: 1,
      ERROR: 0,
    });
    expect(result.published).toEqual([]);
  });

  it('honours a SUPPRESS exemption: EXEMPT, recorded, nothing remediated or sent', async () => {
    const result = await runLocalEvent(deleteBucketEncryption(), {
      workflows: workflows(),
      items: [bucket(), accountPab],
      accounts,
      exemptions: [
        {
          exemptionId: 'ex-sensitive',
          ruleId: 's3-bucket-encryption',
          accountId: PAYMENTS,
          region: '*',
          resource: 'arn:aws:s3:::sensitive-*',
          effect: 'SUPPRESS',
          reason: 'client-side encrypted',
          requestedBy: 'alice',
          approvedBy: 'bob',
          expiresAt: '2030-01-01T00:00:00Z',
        },
      ],
      now: NOW,
    });
    expect(result.decisions.map((f) => [f.decision, f.exemptionId])).toEqual([['EXEMPT', 'ex-sensitive']]);
    expect([result.findingOutcomes, result.published]).toEqual([[], []]);
    expect(result.ledger.map((r) => r.decision)).toEqual(['EXEMPT']);
  });

  it('with the kill switch at notify, notifies instead of remediating', async () => {
    const result = await runLocalEvent(deleteBucketEncryption(), {
      workflows: workflows(),
      items: [bucket(), accountPab],
      accounts,
      killSwitch: 'notify',
      now: NOW,
    });
    expect(result.decisions.map((f) => f.decision)).toEqual(['NOTIFY']);
    expect(result.decisions[0]?.decisionReason).toContain('kill switch is notify');
    expect(result.findingOutcomes.map((o) => o.remediation.outcome)).toEqual(['NOT_ATTEMPTED']);
    expect(result.published.map((m) => m.state)).toEqual(['Notify owner']);
  });

  it('RunInstances: re-checks the launched instance and plans CreateTags for the missing required tags', async () => {
    const event = corpusEvent('cloud-custodian/events/cwe__event-cloud-trail-run-instance-creator-assumed.json');
    const instance = ec2InstanceCi('i-0f7c711dc84bedda0', { accountId: '644160558196', region: 'us-east-1' });
    const result = await runLocalEvent(event, { workflows: workflows(), items: [instance], accounts, now: NOW });
    const tags = result.decisions.find((f) => f.ruleId === 'ec2-instance-required-tags');
    expect([tags?.status, tags?.decision]).toEqual(['NON_COMPLIANT', 'REMEDIATE']);
    const planned = result.findingOutcomes.find((o) => o.findingId === tags?.findingId);
    expect(planned?.remediation.apiCalls).toEqual([
      expect.objectContaining({ service: 'ec2', operation: 'CreateTags' }),
    ]);
    expect(result.published[0]?.Message).toContain('after RunInstances by role GR_Dev_Developer (session Radiant)');
  });

  it('an unreachable account makes ERROR findings, notified, instead of failing the execution', async () => {
    const result = await runLocalEvent(deleteBucketEncryption(), {
      workflows: workflows(),
      items: [],
      accounts,
      now: NOW,
    });
    expect(result.execution.status).toBe('SUCCEEDED');
    expect(result.decisions.map((f) => [f.status, f.decision])).toEqual([['ERROR', 'NOTIFY']]);
    expect((result.output as { current?: unknown }).current).toEqual({
      unreadable: true,
      error: 'the snapshot has no configuration items for account 111111111111',
    });
    expect(result.published).toHaveLength(1);
  });

  /** A Config change event carrying the RDK sample bucket item (no default encryption), as `name` in `account`. */
  const configChange = (account: string, name: string) => {
    const envelope = readCorpusJson('cloud-custodian/events/cwe__sqs-discover.json') as Record<string, unknown>;
    const ci = readCorpusJson('aws-config-rdk/AWS_S3_Bucket.json') as Record<string, unknown>;
    const item = { ...ci, awsAccountId: account, resourceId: name, resourceName: name, ARN: `arn:aws:s3:::${name}` };
    return {
      ...envelope,
      account,
      detail: { ...(envelope.detail as Record<string, unknown>), configurationItem: item },
    };
  };

  it("a stale Config change event is decided on a current read, not on the event's copy (issue 14 item 3)", async () => {
    // The event was captured before a KMS key was set; the current state (here the snapshot) has the key.
    const kms = { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyID: 'alias/payments' } };
    const result = await runLocalEvent(configChange(PAYMENTS, 'sensitive-data-bucket'), {
      workflows: workflows(),
      items: [bucket({ sse: { rules: [kms] } }), accountPab],
      accounts,
      now: NOW,
    });
    expect(result.route).toBe('RESOURCE');
    expect(result.evaluation?.counts['s3-bucket-encryption']).toMatchObject({ COMPLIANT: 1, NON_COMPLIANT: 0 });
    expect(result.decisions.filter((f) => f.ruleId === 's3-bucket-encryption')).toEqual([]);
    expect(result.ledger.filter((r) => r.ruleId === 's3-bucket-encryption')).toEqual([]);
  });

  it("when the account cannot be read, the event's copy is evaluated but never remediated: NOTIFY, saying why", async () => {
    const result = await runLocalEvent(configChange('934654633380', 'mborch-test-bucket-config-item'), {
      workflows: workflows(),
      items: [],
      now: NOW,
    });
    const encryption = result.decisions.find((f) => f.ruleId === 's3-bucket-encryption');
    expect([encryption?.status, encryption?.decision]).toEqual(['NON_COMPLIANT', 'NOTIFY']);
    expect(encryption?.decisionReason).toContain('not on a current read');
    expect(result.ledger.filter((r) => r.outcome !== undefined)).toEqual([]);
  });

  it('a Config change event is evaluated on the item it carries, even for an account the snapshot lacks', async () => {
    const envelope = readCorpusJson('cloud-custodian/events/cwe__sqs-discover.json') as Record<string, unknown>;
    const ci = readCorpusJson('aws-config-rdk/AWS_S3_Bucket.json');
    const event = {
      ...envelope,
      account: '934654633380',
      detail: { ...(envelope.detail as Record<string, unknown>), configurationItem: ci },
    };
    const result = await runLocalEvent(event, { workflows: workflows(), items: [], now: NOW });
    expect(result.route).toBe('RESOURCE');
    const byRule = Object.fromEntries(result.decisions.map((f) => [f.ruleId, f.status]));
    // Every registered bucket rule re-checks it (derived from the registry)...
    const bucketRules = RULES.filter((r) => (r.resourceTypes as readonly string[]).includes('AWS::S3::Bucket'));
    // (decisions exist for the findings that need one; a compliant re-check is counted, not decided)
    expect(Object.keys(result.evaluation?.counts ?? {}).sort()).toEqual(bucketRules.map((r) => r.id as string).sort());
    // ...encryption needs only the item; the public access block needs the account's, which is unknown.
    expect(byRule).toMatchObject({ 's3-bucket-encryption': 'NON_COMPLIANT', 's3-bucket-public-access-block': 'ERROR' });
    expect(result.decisions.find((f) => f.ruleId === 's3-bucket-encryption')?.message).toContain(
      're-checked after a Config configuration change',
    );
  });
});

describe('an informational event', () => {
  it('a failed sign-in notifies with the account alias, the user, the source IP and when', async () => {
    const result = await runLocalEvent(failedSignIn(), { workflows: workflows(), accounts, now: NOW });
    expect([result.outcome, result.route]).toEqual(['PROCESSED', 'NOTIFY']);
    expect(result.notifications.map((n) => [n.ruleId, n.decision, n.status])).toEqual([
      ['console-login-failure', 'NOTIFY', 'SENT'],
    ]);
    const [message] = result.published;
    expect(message?.state).toBe('Notify');
    expect(message?.Subject).toBe(
      '[MEDIUM] console-login-failure: identity/us-east-1 failed sign-in of anaya from 192.0.2.0',
    );
    expect(message?.Message).toContain('Account: identity (111122223333)');
    expect(message?.Message).toContain('Who: IAM user anaya');
    expect(message?.Message).toContain('When: 2022-11-10T16:24:34.000Z');
    expect(message?.Message).toContain('Source IP: 192.0.2.0');
    expect(message?.Message).toContain('Decision: NOTIFY (mode is notify)');
    expect(message?.MessageAttributes).toMatchObject({
      severity: { StringValue: 'MEDIUM' },
      ruleId: { StringValue: 'console-login-failure' },
      accountId: { StringValue: '111122223333' },
      owner: { StringValue: 'team-identity' },
    });
  });

  it('the same failed sign-in is notified once per window, then again after it', async () => {
    let t = Date.parse('2026-11-22T06:00:00Z');
    const clock = { now: () => new Date(t) };
    const { results } = await runLocalEvents([failedSignIn(), failedSignIn(), failedSignIn()], {
      workflows: workflows(),
      accounts,
      now: () => clock.now(),
      // Between the second and third run, more than the window (one hour) passes.
      wrapTask: (task, run) => async (input) => {
        const out = await run(input);
        if (task === 'notify') t += 40 * 60_000;
        return out;
      },
    });
    expect(results.map((r) => r.notifications.map((n) => n.status))).toEqual([['SENT'], ['DUPLICATE'], ['SENT']]);
    expect(results.map((r) => r.published.length)).toEqual([1, 0, 1]);
    expect(results[1]?.notifications[0]?.reason).toContain('already notified within the duplicate-suppression window');
  });

  it('password spraying from one address: every user is notified, and exemptions match the user, not the root', async () => {
    const signInOf = (userName: string) => {
      const event = failedSignIn();
      const detail = event.detail as Record<string, unknown>;
      return {
        ...event,
        detail: {
          ...detail,
          eventID: `spray-${userName}`,
          userIdentity: {
            type: 'IAMUser',
            principalId: `AIDA${userName}`,
            accountId: '111122223333',
            accessKeyId: '',
            userName,
          },
        },
      };
    };
    const exemption = (exemptionId: string, resource: string) => ({
      exemptionId,
      ruleId: 'console-login-failure',
      accountId: '111122223333',
      region: '*',
      resource,
      effect: 'SUPPRESS',
      reason: 'break-glass drill',
      requestedBy: 'alice',
      approvedBy: 'bob',
      expiresAt: '2030-01-01T00:00:00Z',
    });
    const { results } = await runLocalEvents(['anaya', 'bob', 'carol'].map(signInOf), {
      workflows: workflows(),
      accounts,
      now: NOW,
      exemptions: [
        exemption('ex-drill', 'arn:aws:iam::111122223333:user/carol'),
        exemption('ex-root', 'arn:aws:iam::111122223333:root'),
      ],
    });
    expect(results.map((r) => r.notifications.map((n) => [n.arn, n.decision, n.status, n.exemptionId]))).toEqual([
      [['arn:aws:iam::111122223333:user/anaya', 'NOTIFY', 'SENT', null]],
      [['arn:aws:iam::111122223333:user/bob', 'NOTIFY', 'SENT', null]],
      [['arn:aws:iam::111122223333:user/carol', 'EXEMPT', 'NOT_SENT', 'ex-drill']],
    ]);
    expect(results.flatMap((r) => r.published.map((m) => m.Subject))).toEqual([
      '[MEDIUM] console-login-failure: identity/us-east-1 failed sign-in of anaya from 192.0.2.0',
      '[MEDIUM] console-login-failure: identity/us-east-1 failed sign-in of bob from 192.0.2.0',
    ]);
  });

  it('a repeated NOTIFY finding goes to Notify owner once per window', async () => {
    const items = [bucket(), accountPab];
    const { results } = await runLocalEvents([deleteBucketEncryption(), deleteBucketEncryption()], {
      workflows: workflows(),
      items,
      accounts,
      killSwitch: 'notify',
      now: NOW,
    });
    expect(results.map((r) => r.decisions.map((f) => [f.decision, f.suppressedDuplicate ?? false]))).toEqual([
      [['NOTIFY', false]],
      [['NOTIFY', true]],
    ]);
    expect(results.map((r) => r.published.length)).toEqual([1, 0]);
  });

  it('a CreateVpc notifies vpc-created naming the VPC, its CIDR and who created it', async () => {
    const result = await runLocalEvent(corpusEvent('panther-analysis/aws_ec2_vpc_modified__vpc-modified.json'), {
      workflows: workflows(),
      now: NOW,
    });
    expect(result.published.map((m) => m.Subject)).toEqual([
      '[MEDIUM] vpc-created: 123456789012/us-west-2 VPC vpc-1 (0.0.0.0/26) created by tester',
    ]);
    expect(result.published[0]?.Message).toContain(
      'A VPC vpc-1 (0.0.0.0/26) was created in us-west-2 by role tester (session tester).',
    );
    expect(result.published.map((m) => m.MessageAttributes?.ruleId?.StringValue)).toEqual(['vpc-created']);
  });

  it('watched-api-call reads the WatchList at run time: the entry severity and note, or nothing', async () => {
    const event = corpusEvent('panther-analysis/aws_sts_getcalleridentity_trufflehog__normal-getcalleridentity.json');
    const unwatched = await runLocalEvent(event, { workflows: workflows(), now: NOW });
    expect([unwatched.outcome, unwatched.reason]).toEqual([
      'IGNORED',
      'no Warden rule reacts to sts.amazonaws.com GetCallerIdentity',
    ]);
    const watched = await runLocalEvent(event, {
      workflows: workflows(),
      now: NOW,
      watchList: [{ eventSource: 'sts.amazonaws.com', eventName: '*', severity: 'HIGH', note: 'credential checks' }],
    });
    expect(watched.notifications.map((n) => [n.ruleId, n.severity, n.status])).toEqual([
      ['watched-api-call', 'HIGH', 'SENT'],
    ]);
    expect(watched.published[0]?.Message).toContain('Watch-list note: credential checks');
  });

  it('the kill switch at audit silences informational notifications too', async () => {
    const result = await runLocalEvent(failedSignIn(), { workflows: workflows(), killSwitch: 'audit', now: NOW });
    expect(result.notifications.map((n) => [n.decision, n.status])).toEqual([['NONE', 'NOT_SENT']]);
    expect(result.published).toEqual([]);
  });
});

describe('the account registry fails closed (issue 14 item 2)', () => {
  const registryDenied = (operation: string, input: Readonly<Record<string, unknown>>) =>
    operation === 'GetItem' && String(input.TableName).includes('Accounts')
      ? Object.assign(new Error('User is not authorized to perform: dynamodb:GetItem'), {
          name: 'AccessDeniedException',
        })
      : undefined;

  it('a registry that cannot be read: the finding is notified, never remediated', async () => {
    const result = await runLocalEvent(deleteBucketEncryption(), {
      workflows: workflows(),
      items: [bucket(), accountPab],
      accounts,
      now: NOW,
      dynamoDbFault: registryDenied,
    });
    expect([result.execution.status, result.route]).toEqual(['SUCCEEDED', 'RESOURCE']);
    expect(result.reason).toContain('the account registry could not be read (AccessDeniedException');
    expect(result.decisions.map((f) => [f.ruleId, f.status, f.decision])).toEqual([
      ['s3-bucket-encryption', 'NON_COMPLIANT', 'NOTIFY'],
    ]);
    expect(result.findingOutcomes.map((o) => o.remediation.outcome)).not.toContain('PLANNED');
    expect(result.ledger.map((r) => r.decision)).toEqual(['NOTIFY']);
    expect(result.published.map((m) => m.state)).toEqual(['Notify owner']);
  });

  it('an audit-only account whose item says mode "Audit" is rejected, not remediated', async () => {
    const result = await runLocalEvent(deleteBucketEncryption(), {
      workflows: workflows(),
      items: [bucket(), accountPab],
      accounts: [{ accountId: PAYMENTS, alias: 'payments-prod', regions: ['us-east-1'], mode: 'Audit' }],
      now: NOW,
    });
    expect([result.outcome, result.execution.status]).toEqual(['REJECTED', 'FAILED']);
    expect(result.reason).toMatch(/^the Accounts item of 111111111111 is invalid \(mode: /);
    expect([result.decisions, result.findingOutcomes, result.ledger, result.published]).toEqual([[], [], [], []]);
  });

  it('a disabled account whose item says enabled "false" is rejected, not remediated', async () => {
    const result = await runLocalEvent(deleteBucketEncryption(), {
      workflows: workflows(),
      items: [bucket(), accountPab],
      accounts: [{ accountId: PAYMENTS, alias: 'payments-prod', regions: ['us-east-1'], enabled: 'false' }],
      now: NOW,
    });
    expect(result.outcome).toBe('REJECTED');
    expect(result.reason).toMatch(/^the Accounts item of 111111111111 is invalid \(enabled: /);
    expect([result.findingOutcomes, result.ledger]).toEqual([[], []]);
  });
});

describe('an event is bound to the account and the AWS service that sent it (issue 14 item 5)', () => {
  it('a DeleteBucketEncryption put on the bus with a custom source is rejected: nothing re-checked or remediated', async () => {
    const result = await runLocalEvent(
      { ...deleteBucketEncryption(), source: 'com.example.audit', account: PAYMENTS },
      { workflows: workflows(), items: [bucket(), accountPab], accounts, now: NOW },
    );
    expect([result.outcome, result.execution.error]).toEqual(['REJECTED', 'EventRejected']);
    expect(result.reason).toContain('the event\'s source "com.example.audit" is not an AWS service\'s (aws.*)');
    expect([result.decisions, result.findingOutcomes, result.ledger, result.published]).toEqual([[], [], [], []]);
  });

  it('a record whose recipientAccountId is not the account EventBridge stamped is rejected', async () => {
    const result = await runLocalEvent(
      { ...deleteBucketEncryption(), account: '644160558196' },
      { workflows: workflows(), items: [bucket(), accountPab], accounts, now: NOW },
    );
    expect(result.outcome).toBe('REJECTED');
    expect(result.reason).toBe(
      'the CloudTrail record belongs to account 111111111111 (recipientAccountId) but EventBridge delivered it from account 644160558196: the event is not bound to one account',
    );
    expect([result.findingOutcomes, result.ledger]).toEqual([[], []]);
  });
});

describe('failures are branches', () => {
  it('a crash of Normalize event rejects the event with the error as the reason', async () => {
    const result = await runLocalEvent(failedSignIn(), {
      workflows: workflows(),
      now: NOW,
      wrapTask: (task, run) =>
        task === 'normalize-event'
          ? async () => {
              throw Object.assign(new Error('disk on fire'), { name: 'Boom' });
            }
          : run,
    });
    expect([result.outcome, result.reason]).toEqual(['REJECTED', 'the event could not be normalized: disk on fire']);
  });

  it('SNS refusing the owner notification is recorded, and the execution still succeeds', async () => {
    const result = await runLocalEvent(deleteBucketEncryption(), {
      workflows: workflows(),
      items: [bucket(), accountPab],
      accounts,
      now: NOW,
      onPublish: () => {
        throw Object.assign(new Error('topic gone'), { name: 'NotFoundException' });
      },
    });
    expect(result.execution.status).toBe('SUCCEEDED');
    expect(result.findingOutcomes[0]?.notified).toMatchObject({ Error: 'SNS.NotFoundException' });
  });
});
