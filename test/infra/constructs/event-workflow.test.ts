/**
 * The EventWorkflow construct, synthesized: in the central stack (as the stack is to wire it, see
 * test/support/event-app.ts) and in a test-only stack of stand-ins for the optional Slack subscriber.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../infra/app';
import { EventWorkflow, triggerRules } from '../../../infra/constructs/event-workflow';
import { WardenTables } from '../../../infra/constructs/tables';
import { cdkJsonContext } from '../../../local/workflows';
import { RULES } from '../../../tasks/rules/index';
import { parseWardenConfig } from '../../../tasks/shared/config';
import { buildEventApp } from '../../support/event-app';
import { testOutdir } from '../../support/synthesis';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, read by path
type CfnJson = any;

const built = buildEventApp();
const template = Template.fromStack(built.central);
const resources = (type: string): [string, CfnJson][] => Object.entries(template.findResources(type));

describe('triggerRules', () => {
  it('one rule per CloudTrail source with every event name the enabled rules react to', () => {
    const rules = triggerRules(parseWardenConfig({}));
    const byId = Object.fromEntries(rules.map((r) => [r.id, r.pattern]));
    expect(Object.keys(byId).sort()).toEqual(
      [
        'CloudtrailApiCalls',
        'ConfigApiCalls',
        'ConfigChanges',
        'ConsoleSignIns',
        'Ec2ApiCalls',
        'DynamodbApiCalls',
        'GuarddutyApiCalls',
        'IamApiCalls',
        'KmsApiCalls',
        'LambdaApiCalls',
        'ParameterStoreChanges',
        'RdsApiCalls',
        'S3ApiCalls',
        'SsmApiCalls',
      ].sort(),
    );
    for (const rule of RULES) {
      for (const t of rule.triggers.cloudTrail ?? []) {
        const pattern = rules.find((r) => (r.pattern.source ?? []).includes(t.source))?.pattern as CfnJson;
        for (const name of t.eventNames) expect(pattern.detail.eventName).toContain(name);
      }
    }
    expect(byId.S3ApiCalls).toEqual({
      source: ['aws.s3'],
      detailType: ['AWS API Call via CloudTrail'],
      detail: { eventName: expect.arrayContaining(['DeleteBucketEncryption', 'PutBucketPublicAccessBlock']) },
    });
    expect((byId.Ec2ApiCalls as CfnJson).detail.eventName).toContain('CreateVpc');
    expect(byId.ConsoleSignIns).toEqual({ source: ['aws.signin'], detailType: ['AWS Console Sign In via CloudTrail'] });
    expect((byId.ConfigChanges as CfnJson).detail.$or[0].configurationItem.resourceType).toEqual(
      expect.arrayContaining(['AWS::S3::Bucket', 'AWS::EC2::Instance', 'AWS::EC2::SecurityGroup']),
    );
  });

  it('a disabled rule forwards nothing', () => {
    const rules = triggerRules(
      parseWardenConfig({
        rules: {
          'dynamodb-table-created': { enabled: false },
          'dynamodb-table-pitr': { enabled: false },
          'console-login-failure': { enabled: false },
          'root-sign-in': { enabled: false },
        },
      }),
    );
    expect(rules.map((r) => r.id)).not.toContain('DynamodbApiCalls');
    expect(rules.map((r) => r.id)).not.toContain('ConsoleSignIns');
  });
});

describe('EventWorkflow in the central stack', () => {
  it('a Standard, traced, logged EventStateMachine', () => {
    const machines = resources('AWS::StepFunctions::StateMachine').filter(([id]) => id.includes('EventStateMachine'));
    expect(machines).toHaveLength(1);
    expect(machines[0]?.[1].Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
  });

  it('every trigger rule is on the central bus and targets the state machine with a DLQ and a retry policy', () => {
    const rules = resources('AWS::Events::Rule').filter(
      ([id]) => id.startsWith('EventWorkflow') && !id.includes('SyncWatchListHourly'),
    );
    expect(rules.map(([id]) => id.replace(/^EventWorkflow/, '').replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(
      [
        'CloudtrailApiCalls',
        'ConfigApiCalls',
        'ConfigChanges',
        'ConsoleSignIns',
        'DynamodbApiCalls',
        'Ec2ApiCalls',
        'GuarddutyApiCalls',
        'IamApiCalls',
        'KmsApiCalls',
        'LambdaApiCalls',
        'ParameterStoreChanges',
        'RdsApiCalls',
        'S3ApiCalls',
        'SsmApiCalls',
        'WatchedApiCalls',
      ].sort(),
    );
    for (const [, rule] of rules) {
      expect(rule.Properties.EventBusName).toBeDefined();
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { Ref: expect.stringMatching(/EventStateMachine/) },
          DeadLetterConfig: { Arn: expect.anything() },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 },
        }),
      ]);
    }
  });

  it('the WatchList (source + name, streamed to its sync function) and the NotificationLog (TTL)', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'eventSource', KeyType: 'HASH' },
        { AttributeName: 'eventName', KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamViewType: 'KEYS_ONLY' },
    });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'dedupeKey', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { StartingPosition: 'LATEST', BatchSize: 100 });
  });

  it('Fetch current state runs as the role WardenAudit trusts, assuming it only in the organization', () => {
    const roles = resources('AWS::IAM::Role').filter(([, r]) => r.Properties.RoleName === 'WardenFetchResourceTask');
    expect(roles).toHaveLength(1);
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain(':role/WardenAudit');
  });

  // Which variables each function gets is checked for every task against its manifest (test/infra/task-manifests.test.ts).
  it("the event tasks get the workflow's defaults: the notify ceiling (a first deploy changes nothing), a dedupe window of an hour", () => {
    const fns = resources('AWS::Lambda::Function').map(([, f]) => f.Properties.Environment?.Variables ?? {});
    const byTask = Object.fromEntries(fns.filter((v) => v.WARDEN_TASK !== undefined).map((v) => [v.WARDEN_TASK, v]));
    expect(byTask['normalize-event']).toMatchObject({ WARDEN_EVENT_MODE: 'notify' });
    expect(byTask['check-event-exemptions']?.DEDUPE_WINDOW_SECONDS).toBe('3600');
    expect(byTask.notify?.DEDUPE_WINDOW_SECONDS).toBe('3600');
  });
});

describe('cdk-nag', () => {
  it('with the central stack acknowledgements, the event workflow adds no AwsSolutions finding', () => {
    const { app, nag } = buildApp({ context: cdkJsonContext(), skipBundling: true, nag: true, outdir: testOutdir() });
    const report = nag?.validateScope(app);
    const findings = (report?.violations ?? []).flatMap((v) =>
      v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath ?? ''}`),
    );
    expect(findings).toEqual([]);
  });
});

describe('EventWorkflow with a Slack webhook (test-only stack)', () => {
  function stack(withSlack: boolean) {
    const app = new App({ outdir: testOutdir(), context: { 'aws:cdk:bundling-stacks': [] } });
    const s = new Stack(app, 'EventTest');
    const fn = (id: string) =>
      new lambda.Function(s, id, {
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline('exports.handler=async()=>({})'),
      });
    new EventWorkflow(s, 'Events', {
      bus: new events.EventBus(s, 'Bus'),
      topic: new sns.Topic(s, 'Topic'),
      tables: new WardenTables(s, 'Tables'),
      artifacts: new s3.Bucket(s, 'Artifacts'),
      configJson: '{}',
      externalId: 'x',
      organizationId: 'o-abcdefghij',
      killSwitch: new ssm.StringParameter(s, 'Kill', { stringValue: 'off' }),
      remediateFunction: fn('Remediate'),
      recordRemediationFunction: fn('Record'),
      ...(withSlack
        ? { slackWebhookSecret: new secretsmanager.Secret(s, 'Webhook'), slackMinimumSeverity: 'HIGH' as const }
        : {}),
    });
    return Template.fromStack(s);
  }

  it('subscribes the Slack function to the topic, HIGH and above, with a dead-letter queue', () => {
    const t = stack(true);
    t.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      FilterPolicy: { severity: ['CRITICAL', 'HIGH'] },
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
    });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ WARDEN_TASK: 'slack-notify', SLACK_WEBHOOK_SECRET_ARN: Match.anyValue() }),
      },
    });
  });

  it('without a secret there is no Slack subscriber, and a dead-letter queue of its own', () => {
    const t = stack(false);
    t.resourceCountIs('AWS::SNS::Subscription', 0);
    t.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
  });
});
