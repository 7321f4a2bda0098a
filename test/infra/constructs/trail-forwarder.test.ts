/**
 * The trail forwarder in the central stack (context `warden:trailBucket`): absent without the key;
 * with it, a queue S3 may send to for that bucket only, the forward-trail function reading that
 * bucket's AWSLogs/ (and decrypting with the trail's key when one is given), reading the trigger
 * rules' patterns and putting events on the central bus only, and a rule that hands the forwarded
 * records from this account to the EventStateMachine. cdk-nag stays clean.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../infra/app';
import { CENTRAL_STACK_NAME } from '../../../infra/names';
import { cdkJsonContext } from '../../../local/workflows';
import { FORWARDED_DETAIL_TYPE, FORWARDED_SOURCE } from '../../../tasks/forward-trail/forward-trail';
import { testOutdir } from '../../support/synthesis';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, read by path
type CfnJson = any;

const KEY = 'arn:aws:kms:eu-west-1:222233334444:key/0a1b2c3d-1111-2222-3333-444455556666';

function central(extra: Record<string, unknown>) {
  const app = buildApp({
    context: { ...cdkJsonContext(), ...extra },
    skipBundling: true,
    nag: true,
    outdir: testOutdir(),
  });
  return { app, template: Template.fromStack(app.central) };
}

function forwarderPolicy(template: Template): CfnJson[] {
  const roles = template.findResources('AWS::IAM::Role', {
    Properties: { Description: 'Warden task forward-trail: only what this task does' },
  });
  const [roleId] = Object.keys(roles);
  expect(roleId).toBeDefined();
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p: CfnJson) =>
    p.Properties.Roles.some((r: CfnJson) => r.Ref === roleId),
  );
  return policies.flatMap((p: CfnJson) => p.Properties.PolicyDocument.Statement);
}

describe('without warden:trailBucket', () => {
  it('deploys no forwarder, no queue for it and no rule for forwarded records', () => {
    const { template } = central({});
    expect(JSON.stringify(template.toJSON())).not.toContain(FORWARDED_SOURCE);
    expect(Object.keys(template.findResources('AWS::Lambda::Function')).some((id) => id.includes('ForwardTrail'))).toBe(
      false,
    );
  });
});

describe('with warden:trailBucket (and the bucket account and key)', () => {
  const { app, template } = central({
    'warden:trailBucket': 'org-trail-logs',
    'warden:trailBucketAccount': '222233334444',
    'warden:trailKmsKey': KEY,
  });

  it('a queue only S3 may send to, for that bucket of that account, with a dead-letter queue', () => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'TrailBucketNotifications',
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Condition: {
              ArnEquals: {
                'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::org-trail-logs']] },
              },
              StringEquals: { 'aws:SourceAccount': '222233334444' },
            },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 720,
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }),
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('the function reads AWSLogs/ of that bucket, decrypts with its key, reads the trigger rules and puts on the central bus only', () => {
    const statements = forwarderPolicy(template);
    const bySid = (sid: string) => statements.find((s: CfnJson) => s.Sid === sid);
    expect(bySid('ReadTrailLogFiles')).toMatchObject({
      Action: 's3:GetObject',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::org-trail-logs/AWSLogs/*']] },
    });
    expect(bySid('DecryptTrailLogFiles')).toMatchObject({ Action: 'kms:Decrypt', Resource: KEY });
    const describe = bySid('ReadTriggerRulePatterns');
    expect(describe.Action).toBe('events:DescribeRule');
    // One ARN per trigger rule of the bus, the watch-list rule among them.
    const rules = Object.entries(template.findResources('AWS::Events::Rule')).filter(([, r]: [string, CfnJson]) =>
      (r.Properties.Targets ?? []).some((t: CfnJson) => String(t.Arn?.Ref ?? '').includes('EventStateMachine')),
    );
    const triggerIds = rules.map(([id]) => id).filter((id) => !id.includes('ForwardedTrailRecords'));
    expect(describe.Resource.map((r: CfnJson) => r['Fn::GetAtt'][0]).sort()).toEqual(triggerIds.sort());
    expect(triggerIds.some((id) => id.includes('WatchedApiCalls'))).toBe(true);
    const put = statements.filter((s: CfnJson) => [s.Action].flat().includes('events:PutEvents'));
    expect(put).toHaveLength(1);
    expect(put[0].Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^EventsBus/), 'Arn'] });
    // Nothing else: no wildcard action, no other bucket.
    const actions = statements.flatMap((s: CfnJson) => [s.Action].flat());
    expect(actions.sort()).toEqual(
      [
        'events:DescribeRule',
        'events:PutEvents',
        'kms:Decrypt',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:GetObject',
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
  });

  it('the function is told the bus, the bucket and the rule names', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          WARDEN_TASK: 'forward-trail',
          TRAIL_BUCKET: 'org-trail-logs',
          EVENT_BUS_NAME: Match.anyValue(),
          TRIGGER_RULE_NAMES: { 'Fn::Join': [',', Match.anyValue()] },
        }),
      },
    });
  });

  it('outputs what the bucket owner needs: the queue to notify and the role to admit', () => {
    const outputs = Object.entries(template.findOutputs('*'));
    const byId = (part: string) => outputs.find(([id]) => id.includes(part))?.[1];
    expect(byId('LogFileQueueArn')?.Value).toEqual({
      'Fn::GetAtt': [expect.stringContaining('LogFileNotifications'), 'Arn'],
    });
    expect(byId('ForwarderRoleArn')?.Value).toEqual({
      'Fn::GetAtt': [expect.stringContaining('ForwardTrailFunctionRole'), 'Arn'],
    });
  });

  it('forwarded records from this account only start the EventStateMachine with their detail as input', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: [FORWARDED_SOURCE],
        'detail-type': [FORWARDED_DETAIL_TYPE],
        account: [{ Ref: 'AWS::AccountId' }],
      },
      Targets: [
        Match.objectLike({
          Arn: { Ref: Match.stringLikeRegexp('EventStateMachine') },
          InputPath: '$.detail',
          DeadLetterConfig: Match.anyValue(),
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 8 }),
        }),
      ],
    });
  });

  it('has zero unacknowledged AwsSolutions findings', () => {
    const report = app.nag!.validateScope(app.app);
    const findings = report.violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.ruleName} ${r.resourceLogicalId ?? ''}`),
    );
    expect(findings).toEqual([]);
    expect(app.app.synth().getStackByName(CENTRAL_STACK_NAME)).toBeDefined();
  });
});

describe('with warden:trailKeyPrefix (a Control Tower trail)', () => {
  it('reads <prefix>/AWSLogs/ of the bucket, and tells the function the prefix', () => {
    const { template } = central({
      'warden:trailBucket': 'aws-controltower-logs',
      'warden:trailKeyPrefix': 'o-a1b2c3d4e5',
    });
    const read = forwarderPolicy(template).find((s: CfnJson) => s.Sid === 'ReadTrailLogFiles');
    expect(read.Resource).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::aws-controltower-logs/o-a1b2c3d4e5/AWSLogs/*']],
    });
    expect(forwarderPolicy(template).some((s: CfnJson) => s.Sid === 'DecryptTrailLogFiles')).toBe(false);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ WARDEN_TASK: 'forward-trail', TRAIL_KEY_PREFIX: 'o-a1b2c3d4e5' }) },
    });
  });
});

describe('the trail context keys', () => {
  it('refuses a bucket name, account or key that is not one', () => {
    expect(() => central({ 'warden:trailBucket': 'Not_A_Bucket' })).toThrow(
      'context warden:trailBucket: must be an S3 bucket name',
    );
    expect(() => central({ 'warden:trailBucket': 'org-trail-logs', 'warden:trailKmsKey': 'alias/trail' })).toThrow(
      'context warden:trailKmsKey: must be a KMS key ARN',
    );
    expect(() => central({ 'warden:trailBucketAccount': '1234' })).toThrow(
      'context warden:trailBucketAccount: must be 12 digits',
    );
  });
});
