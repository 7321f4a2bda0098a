/** The central stack: encryption, TLS, logging, least-privilege task roles, the bus, the StackSet, operations. */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { extractStateMachines } from '../../local/extract';
import { RULES } from '../../tasks/rules/index';
import { actionsOf, type CfnJson, FULL_CONTEXT, iamStatements, resourceByPrefix, synthesize } from './apps';

const full = synthesize(FULL_CONTEXT);
const template = full.centralTemplate;
const defaults = synthesize({});
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, CfnJson> }>;
const keyId = resourceByPrefix(template, 'AWS::KMS::Key', 'EncryptionKey').logicalId;
const keyArn = { 'Fn::GetAtt': [keyId, 'Arn'] };

describe('encryption with the Warden key', () => {
  it('is a customer-managed key with yearly rotation that CloudWatch Logs, EventBridge and alarms may use', () => {
    const { props } = resourceByPrefix(template, 'AWS::KMS::Key', 'EncryptionKey');
    expect(props.EnableKeyRotation).toBe(true);
    expect(props.RotationPeriodInDays).toBe(365);
    const sids = props.KeyPolicy.Statement.map((s: { Sid?: string }) => s.Sid);
    expect(sids).toEqual(
      expect.arrayContaining([
        'CloudWatchLogsForThisAccountsLogGroups',
        'EventBridgeDeliversToEncryptedTopicAndQueue',
        'CloudWatchAlarmsPublishToEncryptedTopic',
      ]),
    );
  });

  it('encrypts every table (KMS at table level, the key on its replica)', () => {
    const tables = Object.values(resources).filter((r) => r.Type === 'AWS::DynamoDB::GlobalTable');
    expect(tables.length).toBeGreaterThanOrEqual(3);
    for (const table of tables) {
      expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      expect(table.Properties.Replicas).toEqual([
        expect.objectContaining({
          SSESpecification: { KMSMasterKeyId: keyArn },
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        }),
      ]);
    }
  });

  it('encrypts the artifacts bucket with the key (bucket key on) and logs its access to the access-log bucket', () => {
    const { props } = resourceByPrefix(template, 'AWS::S3::Bucket', 'Artifacts');
    expect(props.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } },
    ]);
    const logs = resourceByPrefix(template, 'AWS::S3::Bucket', 'AccessLogs');
    expect(props.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logs.logicalId },
      LogFilePrefix: 'artifacts/',
    });
    // S3 delivers server access logs to SSE-S3 buckets only.
    expect(logs.props.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'AES256',
    });
  });

  it('encrypts the topic and the dead-letter queue with the key, and every log group', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyArn });
    // The Slack subscription's own dead-letter queue is written by SNS, which an SSE-SQS queue needs no key policy for.
    const queues = Object.entries(template.findResources('AWS::SQS::Queue'));
    for (const [id, queue] of queues) {
      if (id.includes('UndeliveredSlackNotifications')) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
      else expect(queue.Properties.KmsMasterKeyId, id).toEqual(keyArn);
    }
    const logGroups = Object.values(resources).filter((r) => r.Type === 'AWS::Logs::LogGroup');
    expect(logGroups.length).toBeGreaterThanOrEqual(8);
    for (const group of logGroups) expect(group.Properties.KmsKeyId).toEqual(keyArn);
  });
});

describe('TLS only', () => {
  const deniesInsecureTransport = expect.arrayContaining([
    expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
  ]);

  it.each([
    ['AWS::S3::BucketPolicy', 'Artifacts'],
    ['AWS::S3::BucketPolicy', 'AccessLogs'],
    ['AWS::SNS::TopicPolicy', 'Notifications'],
    ['AWS::SQS::QueuePolicy', 'UndeliveredEvents'],
  ])('%s %s denies requests without TLS', (type, prefix) => {
    const { props } = resourceByPrefix(template, type, prefix);
    expect(props.PolicyDocument.Statement).toEqual(deniesInsecureTransport);
  });
});

describe('state machine logging and tracing', () => {
  it('logs ALL events without execution data, to an encrypted log group, with X-Ray', () => {
    const { props } = resourceByPrefix(template, 'AWS::StepFunctions::StateMachine', 'SweepSweepStateMachine');
    expect(props.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    expect(props.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('sweeps as many accounts at once as warden:accountConcurrency says (100 without it)', () => {
    const mapOf = (t: typeof template) => {
      const { logicalId } = resourceByPrefix(t, 'AWS::StepFunctions::StateMachine', 'SweepSweepStateMachine');
      const { definition } = extractStateMachines(t.toJSON() as Parameters<typeof extractStateMachines>[0]).get(
        logicalId,
      ) as { definition: CfnJson };
      return definition.States['For each account'];
    };
    expect(mapOf(template).MaxConcurrency).toBe(250);
    expect(mapOf(defaults.centralTemplate).MaxConcurrency).toBe(100);
  });
});

describe('the central event bus', () => {
  it('is named warden and admits PutEvents only from the organization', () => {
    const { props } = resourceByPrefix(template, 'AWS::Events::EventBus', 'EventsBus');
    expect(props.Name).toBe('warden');
    expect(props.Policy.Statement).toEqual([
      {
        Sid: 'OrganizationMembersPutEvents',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'events:PutEvents',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':events:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':event-bus/warden',
            ],
          ],
        },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } },
      },
    ]);
    expect(full.central.eventBus.bus.eventBusName).toBeDefined();
  });

  it('takes the organization id from context as the OrganizationId parameter default', () => {
    expect(template.toJSON().Parameters.OrganizationId).toMatchObject({
      Default: 'o-abcd123456',
      AllowedPattern: '^o-[a-z0-9]{10,32}$',
    });
    expect(defaults.centralTemplate.toJSON().Parameters.OrganizationId.Default).toBeUndefined();
  });
});

describe('the member StackSet', () => {
  it('is service-managed, auto-deploys to the OUs, in the regions, with the roles in the first region', () => {
    const { props } = resourceByPrefix(template, 'AWS::CloudFormation::StackSet', 'MembersStackSet');
    expect(props).toMatchObject({
      StackSetName: 'WardenMember',
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      CallAs: 'DELEGATED_ADMIN',
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      StackInstancesGroup: [
        {
          DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-members1', 'r-ab12'] },
          Regions: ['eu-west-1', 'us-east-1'],
        },
      ],
    });
    expect(props.Parameters).toEqual([
      { ParameterKey: 'CentralAccountId', ParameterValue: { Ref: 'AWS::AccountId' } },
      { ParameterKey: 'CentralRegion', ParameterValue: { Ref: 'AWS::Region' } },
      { ParameterKey: 'OrganizationId', ParameterValue: { Ref: 'OrganizationId' } },
      { ParameterKey: 'ExternalId', ParameterValue: 'warden-ext-2026' },
      { ParameterKey: 'RolesRegion', ParameterValue: 'eu-west-1' },
    ]);
    const body = JSON.parse(props.TemplateBody) as {
      Resources: Record<string, { Type: string; Properties: { RoleName?: string } }>;
    };
    const roleNames = Object.values(body.Resources).flatMap((r) =>
      r.Properties.RoleName !== undefined ? [r.Properties.RoleName] : [],
    );
    expect(roleNames.sort()).toEqual(['WardenAudit', 'WardenRemediate']);
  });

  it('is not created without member OUs (deploy the member stack per account instead)', () => {
    defaults.centralTemplate.resourceCountIs('AWS::CloudFormation::StackSet', 0);
  });
});

/** Every statement of the policies attached to the role whose logical id starts with `rolePrefix`. */
function roleStatements(rolePrefix: string, t = template): CfnJson[] {
  const policies = Object.entries(t.findResources('AWS::IAM::Policy')).filter(([, p]) =>
    (p as { Properties: { Roles: { Ref: string }[] } }).Properties.Roles.some((r) => r.Ref.startsWith(rolePrefix)),
  );
  return policies.flatMap(
    ([, p]) => (p as { Properties: { PolicyDocument: { Statement: CfnJson[] } } }).Properties.PolicyDocument.Statement,
  );
}

describe('safe defaults on a first deploy (issue 20 item 6)', () => {
  const scheduleInput = (t: typeof template) =>
    JSON.parse(Object.values(t.findResources('AWS::Scheduler::Schedule'))[0]?.Properties.Target.Input as string) as {
      mode: string;
    };
  const eventMode = (t: typeof template) =>
    Object.values(t.findResources('AWS::Lambda::Function'))
      .map((f) => f.Properties.Environment?.Variables ?? {})
      .find((v) => v.WARDEN_TASK === 'normalize-event')?.WARDEN_EVENT_MODE;

  it('with no context, the daily sweep only reports (audit) and the event path only notifies: nothing is changed', () => {
    expect(scheduleInput(defaults.centralTemplate).mode).toBe('audit');
    expect(eventMode(defaults.centralTemplate)).toBe('notify');
  });

  it('warden:scheduledMode and warden:eventMode raise them, once the operator opts in', () => {
    const raised = synthesize({ 'warden:scheduledMode': 'remediate', 'warden:eventMode': 'remediate' }).centralTemplate;
    expect(scheduleInput(raised).mode).toBe('remediate');
    expect(eventMode(raised)).toBe('remediate');
    expect(() => synthesize({ 'warden:eventMode': 'everything' })).toThrow(/warden:eventMode/);
  });
});

describe('least privilege in the central stack', () => {
  const statementsOf = (t = template) => iamStatements(t);

  it('every task that reads the kill switch may only ssm:GetParameter it (what the reader calls), on both paths', () => {
    const ssmStatements = statementsOf().filter(({ statement }) =>
      actionsOf(statement).some((a) => a.startsWith('ssm:')),
    );
    const readers = new Set(ssmStatements.map(({ logicalId }) => logicalId));
    // Check exemptions, Remediate (sweep); Check exemptions, Notify (event path).
    expect(readers.size).toBeGreaterThanOrEqual(4);
    expect(
      ssmStatements.flatMap(({ statement }) => actionsOf(statement)).filter((a) => a !== 'ssm:GetParameter'),
    ).toEqual([]);
  });

  it('the Collect and Remediate task roles have the names the member roles trust', () => {
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'WardenCollectTask' });
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'WardenRemediateTask' });
  });

  it.each([
    ['SweepCollectFunctionRole', 'WardenAudit'],
    ['EventWorkflowFetchResourceFunctionRole', 'WardenAudit'],
    ['SweepRemediateFunctionRole', 'WardenRemediate'],
  ])('%s may assume only %s, only in accounts of the organization', (prefix, role) => {
    const assume = roleStatements(prefix).filter((s) => actionsOf(s).includes('sts:AssumeRole'));
    expect(assume).toEqual([
      expect.objectContaining({
        Action: 'sts:AssumeRole',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::*:role/${role}`]] },
        Condition: { StringEquals: { 'aws:ResourceOrgID': { Ref: 'OrganizationId' } } },
      }),
    ]);
    // Only the three named task roles may assume anything at all (the event path's Remediate is the sweep's).
    const assumers = statementsOf()
      .filter((s) => actionsOf(s.statement).includes('sts:AssumeRole'))
      .map((s) => s.logicalId.replace(/RoleDefaultPolicy.*$/, ''));
    expect([...new Set(assumers)].sort()).toEqual([
      'EventWorkflowFetchResourceFunction',
      'SweepCollectFunction',
      'SweepRemediateFunction',
    ]);
  });

  it('Resolve targets reads AWS Organizations only when the accounts source includes it', () => {
    const orgActions = (t: typeof template) =>
      roleStatements('SweepResolveTargetsFunctionRole', t)
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('organizations:'))
        .sort();
    expect(orgActions(template)).toEqual([
      'organizations:ListAccounts',
      'organizations:ListParents',
      'organizations:ListTagsForResource',
    ]);
    expect(orgActions(defaults.centralTemplate)).toEqual([]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ WARDEN_TASK: 'resolve-targets', ACCOUNTS_SOURCE: 'both' }) },
    });
  });

  it('task roles get exact DynamoDB and S3 actions, never the wildcard families CDK grants', () => {
    const actions = statementsOf().flatMap((s) => actionsOf(s.statement));
    expect(actions.filter((a) => /^(dynamodb|s3):.*\*/.test(a))).toEqual([]);
    expect(
      new Set(
        roleStatements('SweepResolveTargetsFunctionRole')
          .flatMap(actionsOf)
          .filter((a) => a.startsWith('dynamodb:')),
      ),
    ).toEqual(new Set(['dynamodb:Scan']));
    expect(
      new Set(
        roleStatements('SweepEvaluateFunctionRole')
          .flatMap(actionsOf)
          .filter((a) => a.startsWith('s3:')),
      ),
    ).toEqual(new Set(['s3:GetObject', 's3:PutObject']));
  });

  it('only Resolve targets writes, and only Summarize reads, the invalid items (invalid-items/)', () => {
    /** `s3:…` action → object prefix, for every S3 statement of the given policy statements. */
    const objectGrants = (statements: CfnJson[]) =>
      statements.flatMap((s) => {
        const resources = [(s as { Resource: unknown }).Resource].flat();
        return actionsOf(s)
          .filter((a) => a.startsWith('s3:'))
          .flatMap((a) =>
            resources.map((r) => {
              const parts = (r as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']?.[1] ?? [];
              return `${a} ${String(parts[parts.length - 1])}`;
            }),
          );
      });
    expect(objectGrants(roleStatements('SweepResolveTargetsFunctionRole')).sort()).toEqual([
      's3:PutObject /invalid-items/*',
      's3:PutObject /targets/*',
    ]);
    expect(objectGrants(roleStatements('SweepSummarizeFunctionRole'))).toContain('s3:GetObject /invalid-items/*');
    expect(objectGrants(roleStatements('SweepSummarizeFunctionRole'))).not.toContain('s3:PutObject /invalid-items/*');
    const others = statementsOf()
      .filter(({ logicalId }) => !/^Sweep(ResolveTargets|Summarize)Function/.test(logicalId))
      .flatMap(({ statement }) => objectGrants([statement as CfnJson]));
    expect(others.filter((g) => g.includes('invalid-items/'))).toEqual([]);
  });

  it('Collect ends before the Express child that runs it does (5 minutes), so its timeout is caught in the child', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ WARDEN_TASK: 'collect' }) },
      Timeout: 240,
    });
  });

  it('Collect reads the configured Config aggregator (and no Config at all without one)', () => {
    const select = (t: typeof template) =>
      roleStatements('SweepCollectFunctionRole', t).filter((s) => actionsOf(s).some((a) => a.startsWith('config:')));
    expect(select(template)).toEqual([
      expect.objectContaining({
        Action: 'config:SelectAggregateResourceConfig',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':config:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':config-aggregator/*',
            ],
          ],
        },
      }),
    ]);
    expect(select(defaults.centralTemplate)).toEqual([]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ WARDEN_TASK: 'collect', CONFIG_AGGREGATOR_NAME: 'org-aggregator' }),
      },
    });
  });

  it('no role uses an AWS managed policy', () => {
    template.allResourcesProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });
});

/** `Fn::Join` of literals and pseudo-parameter `Ref`s as one string (`${AWS::Region}` for a Ref). */
function rendered(value: CfnJson): string {
  if (typeof value === 'string') return value;
  if (value?.Ref !== undefined) return `\${${value.Ref}}`;
  if (value?.['Fn::Join'] !== undefined)
    return (value['Fn::Join'][1] as CfnJson[]).map(rendered).join(value['Fn::Join'][0]);
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

describe('alarm notifications can reach the topic (issue 14 item 14)', () => {
  const topicId = resourceByPrefix(template, 'AWS::SNS::Topic', 'Notifications').logicalId;
  /** Every alarm whose action is the Warden topic, by the ARN CloudWatch publishes it as. */
  const alarmArns = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
    .filter((a) => JSON.stringify(a.Properties.AlarmActions) === JSON.stringify([{ Ref: topicId }]))
    .map((a) => `arn:\${AWS::Partition}:cloudwatch:\${AWS::Region}:\${AWS::AccountId}:alarm:${a.Properties.AlarmName}`)
    .sort();
  const scopedToWardenAlarms = (statement: CfnJson) => {
    expect(statement.Condition.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
    expect(Object.keys(statement.Condition).sort()).toEqual(['ArnEquals', 'StringEquals']);
    expect((statement.Condition.ArnEquals['aws:SourceArn'] as CfnJson[]).map(rendered).sort()).toEqual(alarmArns);
  };

  it('the three alarms publish to the topic under names of their own', () => {
    expect(alarmArns).toHaveLength(3);
    expect(alarmArns.map((arn) => arn.split(':alarm:')[1])).toEqual([
      'WardenCentral-EventStateMachineFailedExecutions',
      'WardenCentral-RemediationFailureRate',
      'WardenCentral-SweepStateMachineFailedExecutions',
    ]);
  });

  it('the topic policy allows cloudwatch.amazonaws.com to publish, only for these alarms of this account', () => {
    const { props } = resourceByPrefix(template, 'AWS::SNS::TopicPolicy', 'Notifications');
    const allows = (props.PolicyDocument.Statement as CfnJson[]).filter(
      (s) => s.Effect === 'Allow' && JSON.stringify(s.Principal).includes('cloudwatch.amazonaws.com'),
    );
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: { Ref: topicId },
    });
    scopedToWardenAlarms(allows[0]);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
          }),
        ]),
      }),
    });
  });

  it('the key policy lets CloudWatch encrypt for the encrypted topic, only for these alarms of this account', () => {
    const { props } = resourceByPrefix(template, 'AWS::KMS::Key', 'EncryptionKey');
    const cloudwatch = (props.KeyPolicy.Statement as CfnJson[]).filter((s) =>
      JSON.stringify(s.Principal).includes('cloudwatch.amazonaws.com'),
    );
    expect(cloudwatch).toHaveLength(1);
    expect(cloudwatch[0]).toMatchObject({
      Sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
    });
    scopedToWardenAlarms(cloudwatch[0]);
  });
});

describe('operations', () => {
  it('notifies operators of FAILED, TIMED_OUT and ABORTED Warden executions, naming the execution', () => {
    const { props } = resourceByPrefix(template, 'AWS::Events::Rule', 'OperationsFailedExecutions');
    const machine = (prefix: string) =>
      resourceByPrefix(template, 'AWS::StepFunctions::StateMachine', prefix).logicalId;
    expect(props.EventPattern).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: {
        status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
        stateMachineArn: [
          { Ref: machine('SweepSweepStateMachine') },
          { Ref: machine('EventWorkflowEventStateMachine') },
        ],
      },
    });
    const [target] = props.Targets;
    expect(target.Arn).toEqual({ Ref: resourceByPrefix(template, 'AWS::SNS::Topic', 'Notifications').logicalId });
    expect(target.InputTransformer.InputPathsMap).toMatchObject({
      'detail-name': '$.detail.name',
      'detail-status': '$.detail.status',
      'detail-executionArn': '$.detail.executionArn',
    });
    expect(target.InputTransformer.InputTemplate).toContain('Warden execution <detail-name> <detail-status>');
    expect(target.DeadLetterConfig).toBeDefined();
  });

  it('alarms on failed executions and on the remediation failure rate, to the topic', () => {
    const topic = { Ref: resourceByPrefix(template, 'AWS::SNS::Topic', 'Notifications').logicalId };
    const failed = resourceByPrefix(
      template,
      'AWS::CloudWatch::Alarm',
      'OperationsSweepStateMachineFailedExecutions',
    ).props;
    expect(failed).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [topic],
    });
    const rate = resourceByPrefix(template, 'AWS::CloudWatch::Alarm', 'OperationsRemediationFailureRate').props;
    expect(rate).toMatchObject({ Threshold: 10, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [topic] });
    const metrics = rate.Metrics as { Id: string; Expression?: string; MetricStat?: { Metric: CfnJson } }[];
    expect(metrics.find((m) => m.Expression !== undefined)?.Expression).toContain('100 * FILL(f, 0)');
    expect(metrics.filter((m) => m.MetricStat !== undefined).map((m) => m.MetricStat!.Metric)).toEqual(
      expect.arrayContaining([
        {
          Namespace: 'Warden',
          MetricName: 'Remediations',
          Dimensions: expect.arrayContaining([
            { Name: 'service', Value: 'warden' },
            { Name: 'Outcome', Value: 'FAILED' },
          ]),
        },
      ]),
    );
  });

  it('the dashboard graphs the EMF metrics the tasks publish, with a findings line per rule', () => {
    const { props } = resourceByPrefix(template, 'AWS::CloudWatch::Dashboard', 'OperationsDashboard');
    const body = JSON.stringify(props.DashboardBody);
    for (const metric of [
      'Sweeps',
      'ResourcesEvaluated',
      'Findings',
      'Remediations',
      'AccountsUnreachable',
      'AccountsFailed',
      'EvaluationErrors',
    ]) {
      expect(body).toContain(`\\"${metric}\\"`);
    }
    for (const rule of RULES)
      expect(body).toContain(`\\"RuleId\\",\\"${rule.id}\\",\\"Severity\\",\\"${rule.severity}\\"`);
    expect(body).toContain('ExecutionsFailed');
  });
});

describe('the exemptions lifecycle (issue 5)', () => {
  it('Exemptions: TTL on purgeAt, a byExpiry index for reminders, and a stream of new and old images', () => {
    const { props } = resourceByPrefix(template, 'AWS::DynamoDB::GlobalTable', 'TablesExemptions');
    expect(props.TimeToLiveSpecification).toEqual({ AttributeName: 'purgeAt', Enabled: true });
    expect(props.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(props.GlobalSecondaryIndexes).toEqual([
      expect.objectContaining({
        IndexName: 'byExpiry',
        KeySchema: [
          { AttributeName: 'accountId', KeyType: 'HASH' },
          { AttributeName: 'expiresAt', KeyType: 'RANGE' },
        ],
      }),
    ]);
  });

  it('every change reaches the audit function; failures retry from the first one, then go to the dead-letter queue', () => {
    const { props } = resourceByPrefix(template, 'AWS::Lambda::EventSourceMapping', 'ExemptionAuditFunction');
    const table = resourceByPrefix(template, 'AWS::DynamoDB::GlobalTable', 'TablesExemptions').logicalId;
    const queue = resourceByPrefix(template, 'AWS::SQS::Queue', 'UndeliveredEvents').logicalId;
    expect(props).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [table, 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
    });
    const actions = [...new Set(roleStatements('ExemptionAuditFunctionRole').flatMap(actionsOf))].sort();
    expect(actions).toEqual([
      'dynamodb:BatchWriteItem',
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sqs:SendMessage',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });

  it('Summarize reviews the exemptions (Scan) and reminds requesters on the topic, nothing more', () => {
    const actions = roleStatements('SweepSummarizeFunctionRole').flatMap(actionsOf);
    expect(actions.filter((a) => a.startsWith('dynamodb:') || a.startsWith('sns:')).sort()).toEqual([
      'dynamodb:Query',
      'dynamodb:Scan',
      'sns:Publish',
    ]);
  });
});

describe('Remediate at most once (issue 6)', () => {
  it('has an Idempotency table with TTL, and exactly the record calls Powertools makes', () => {
    const { props } = resourceByPrefix(template, 'AWS::DynamoDB::GlobalTable', 'TablesIdempotency');
    expect(props.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(props.TimeToLiveSpecification).toEqual({ AttributeName: 'expiration', Enabled: true });
    const table = resourceByPrefix(template, 'AWS::DynamoDB::GlobalTable', 'TablesIdempotency').logicalId;
    const onTable = roleStatements('SweepRemediateFunctionRole').filter(
      (s) => JSON.stringify(s.Resource) === JSON.stringify({ 'Fn::GetAtt': [table, 'Arn'] }),
    );
    expect(onTable.flatMap(actionsOf).sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ WARDEN_TASK: 'remediate', IDEMPOTENCY_TABLE: { Ref: Match.anyValue() } }),
      },
    });
  });
});

describe('Blast-radius cap (issue 14 item 8)', () => {
  it('has a BlastRadius counter table with TTL, and Remediate may only UpdateItem on it', () => {
    const { logicalId, props } = resourceByPrefix(template, 'AWS::DynamoDB::GlobalTable', 'TablesBlastRadius');
    expect(props.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(props.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    // Every statement naming the table, with the roles it is attached to.
    const grants = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => {
        const { Roles, PolicyDocument } = r.Properties as unknown as {
          Roles: { Ref: string }[];
          PolicyDocument: { Statement: CfnJson[] };
        };
        return PolicyDocument.Statement.filter((st) => JSON.stringify(st.Resource).includes(logicalId)).map((st) => [
          Roles.map((role) => role.Ref),
          actionsOf(st),
        ]);
      });
    expect(grants).toEqual([[[expect.stringContaining('RemediateFunctionRole')], ['dynamodb:UpdateItem']]]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ WARDEN_TASK: 'remediate', BLAST_RADIUS_TABLE: { Ref: Match.anyValue() } }),
      },
    });
  });
});

describe('Slack delivery from context (issue 20 item 8)', () => {
  const slackFunctions = (t: typeof template) =>
    Object.entries(t.findResources('AWS::Lambda::Function')).filter(
      ([, f]) => f.Properties.Environment?.Variables?.WARDEN_TASK === 'slack-notify',
    );

  it('warden:slackWebhookSecret deploys the Slack subscriber: subscribed to the topic above the minimum severity, reading only that secret', () => {
    const t = synthesize({
      'warden:slackWebhookSecret': 'warden/slack-webhook',
      'warden:slackMinimumSeverity': 'HIGH',
    }).centralTemplate;
    const functions = slackFunctions(t);
    expect(functions).toHaveLength(1);
    const [logicalId, fn] = functions[0] as [string, CfnJson];
    expect(JSON.stringify(fn.Properties.Environment.Variables)).toContain('warden/slack-webhook');
    t.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [logicalId, 'Arn'] },
      FilterPolicy: { severity: ['CRITICAL', 'HIGH'] },
    });
    const role = fn.Properties.Role['Fn::GetAtt'][0] as string;
    const secretStatements = iamStatements(t)
      .filter(({ logicalId: id }) => id.startsWith(role.replace(/Role.*$/, '')))
      .map(({ statement }) => statement)
      .filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')));
    expect(secretStatements).toHaveLength(1);
    expect(actionsOf(secretStatements[0] as never).sort()).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
    ]);
    expect(JSON.stringify(secretStatements[0]?.Resource)).toContain(':secret:warden/slack-webhook-??????');
  });

  it('a complete ARN is used as it is; without the key there is no Slack function; a bad value fails the synth', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:999999999999:secret:warden/slack-webhook-AbC123';
    const t = synthesize({ 'warden:slackWebhookSecret': arn }).centralTemplate;
    const [, fn] = slackFunctions(t)[0] as [string, CfnJson];
    expect(JSON.stringify(fn.Properties.Environment.Variables)).toContain(arn);
    expect(
      Object.values(t.findResources('AWS::SNS::Subscription')).some(
        (s) => s.Properties.Protocol === 'lambda' && s.Properties.FilterPolicy === undefined,
      ),
    ).toBe(true);
    expect(slackFunctions(defaults.centralTemplate)).toHaveLength(0);
    expect(() => synthesize({ 'warden:slackMinimumSeverity': 'LOUD', 'warden:slackWebhookSecret': 'x' })).toThrow(
      /warden:slackMinimumSeverity/,
    );
  });
});

describe('owner routing settings reach the tasks that route (issue 20 item 10)', () => {
  const configOf = (t: typeof template, task: string) => {
    const vars = Object.values(t.findResources('AWS::Lambda::Function'))
      .map((f) => f.Properties.Environment?.Variables ?? {})
      .find((v) => v.WARDEN_TASK === task);
    return JSON.parse(String(vars?.WARDEN_CONFIG)) as Record<string, unknown>;
  };
  const routing = (c: Record<string, unknown>) => [c.ownerTagKey, c.stackOwners, c.immediateSeverity];

  it('defaults: the Owner tag, no stack owners, CRITICAL remediations sent at once', () => {
    for (const task of ['check-exemptions', 'check-event-exemptions', 'remediate']) {
      expect(routing(configOf(defaults.centralTemplate, task)), task).toEqual(['Owner', {}, 'CRITICAL']);
    }
  });

  it('the warden config sets them for the sweep and the event path alike; a bad value fails the synth', () => {
    const t = synthesize({
      warden: {
        ownerTagKey: 'team',
        stackOwners: { 'payments-core': 'payments@example.com' },
        immediateSeverity: 'HIGH',
      },
    }).centralTemplate;
    for (const task of ['check-exemptions', 'check-event-exemptions', 'remediate']) {
      expect(routing(configOf(t, task)), task).toEqual(['team', { 'payments-core': 'payments@example.com' }, 'HIGH']);
    }
    expect(() => synthesize({ warden: { immediateSeverity: 'URGENT' } })).toThrow(/immediateSeverity/);
  });

  it('Notify owners may read the remediation outcomes it reports in the digest', () => {
    const reads = iamStatements(template).filter(
      ({ logicalId, statement }) =>
        logicalId.includes('NotifyOwners') &&
        JSON.stringify(statement.Action).includes('s3:GetObject') &&
        JSON.stringify(statement.Resource).includes('outcomes/'),
    );
    expect(reads).toHaveLength(1);
  });
});
