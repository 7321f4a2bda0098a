/**
 * What the cdk-nag acknowledgements say is true of the synthesized templates (issue 14 item 17):
 * the statements that could be narrowed are, and every remaining wildcard is exactly what the
 * acknowledgement names.
 */
import { describe, expect, it } from 'vitest';
import {
  ACKNOWLEDGED_PREFIXES,
  LAMBDA_WILDCARD_ACTIONS,
  PREFIX_EXTRA_ACTIONS,
  RESOLVE_TARGETS_WILDCARD_ACTIONS,
  STATE_MACHINE_WILDCARD_ACTIONS,
} from '../../infra/nag';
import { REMEDIATION_ACTIONS_WITHOUT_RESOURCES, remediateStatements } from '../../infra/permissions';
import { actionsOf, type CfnJson, FULL_CONTEXT, iamStatements, resourceByPrefix, synthesize } from './apps';

const app = synthesize(FULL_CONTEXT);
const central = iamStatements(app.centralTemplate);
const member = iamStatements(app.memberTemplate);
const onStar = (s: { statement: { Resource?: unknown } }) =>
  s.statement.Resource === '*' || (Array.isArray(s.statement.Resource) && s.statement.Resource.includes('*'));

describe('Resolve targets, Organizations accounts source', () => {
  const statements = central.filter((s) => s.logicalId.startsWith('SweepResolveTargetsFunctionRole'));

  it('only organizations:ListAccounts (no resource-level permissions) is granted on "*"', () => {
    const organizationsOnStar = statements
      .filter(onStar)
      .flatMap((s) => actionsOf(s.statement))
      .filter((a) => a.startsWith('organizations:'));
    expect(organizationsOnStar).toEqual(['organizations:ListAccounts']);
  });

  it('ListParents and ListTagsForResource are scoped to the accounts of the organization', () => {
    const reads = statements.filter((s) => actionsOf(s.statement).includes('organizations:ListParents'));
    expect(reads).toHaveLength(1);
    expect(actionsOf(reads[0]!.statement).sort()).toEqual([
      'organizations:ListParents',
      'organizations:ListTagsForResource',
    ]);
    expect(reads[0]!.statement.Resource).toEqual({
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':organizations::*:account/', { Ref: 'OrganizationId' }, '/*'],
      ],
    });
  });
});

describe('WardenRemediate', () => {
  const statements = member.filter((s) => s.logicalId.startsWith('RemediateRole'));

  it('grants on "*" only the actions without resource-level permissions', () => {
    const star = statements.filter(onStar).flatMap((s) => actionsOf(s.statement));
    expect(star.length).toBeGreaterThan(0);
    for (const action of star) expect(REMEDIATION_ACTIONS_WITHOUT_RESOURCES).toContain(action);
  });

  it('EC2 writes act on resource types of this account; S3 bucket actions on buckets this account owns', () => {
    const ec2 = statements.find((s) => s.statement.Sid === 'Ec2WritesInThisAccount')!.statement;
    expect(actionsOf(ec2)).toEqual(
      expect.arrayContaining(['ec2:CreateTags', 'ec2:ModifyInstanceAttribute', 'ec2:RevokeSecurityGroupIngress']),
    );
    for (const resource of ec2.Resource as CfnJson[]) {
      expect(resource['Fn::Join'][1]).toEqual([
        'arn:',
        { Ref: 'AWS::Partition' },
        ':ec2:*:',
        { Ref: 'AWS::AccountId' },
        expect.stringMatching(/^:(instance|network-interface|security-group|security-group-rule)\/\*$/),
      ]);
    }
    const s3 = statements.find((s) => s.statement.Sid === 'S3BucketsOfThisAccount')!.statement;
    expect(actionsOf(s3)).toEqual(
      expect.arrayContaining(['s3:PutBucketPublicAccessBlock', 's3:PutEncryptionConfiguration']),
    );
    expect(s3.Condition).toEqual({ StringEquals: { 'aws:ResourceAccount': { Ref: 'AWS::AccountId' } } });
  });

  it('a remediation action nobody classified fails the synthesis instead of landing on "*"', () => {
    expect(() => remediateStatements(['ec2:TerminateInstances'], 'aws', '111111111111')).toThrow(
      /ec2:TerminateInstances is not classified/,
    );
  });
});

describe('the central roles grant on "*" exactly what their acknowledgements name', () => {
  it('Lambda roles: X-Ray tracing (and ListAccounts for Resolve targets)', () => {
    const lambdaRoles = central.filter((s) => /FunctionRole/.test(s.logicalId) && onStar(s));
    expect(lambdaRoles.length).toBeGreaterThan(5);
    for (const { logicalId, statement } of lambdaRoles) {
      const named: readonly string[] = logicalId.startsWith('SweepResolveTargetsFunctionRole')
        ? [...LAMBDA_WILDCARD_ACTIONS, ...RESOLVE_TARGETS_WILDCARD_ACTIONS]
        : LAMBDA_WILDCARD_ACTIONS;
      for (const action of actionsOf(statement)) expect(named, logicalId).toContain(action);
    }
  });

  it('state machine roles: X-Ray and the CloudWatch Logs log delivery actions, all of them named', () => {
    const machineRoles = central.filter((s) => /StateMachineRole/.test(s.logicalId) && onStar(s));
    expect(machineRoles.length).toBeGreaterThanOrEqual(2);
    for (const { statement } of machineRoles) {
      expect([...actionsOf(statement)].sort()).toEqual([...STATE_MACHINE_WILDCARD_ACTIONS].sort());
    }
  });

  it('artifact prefixes: s3:GetObject/PutObject, and the multipart actions where the acknowledgement names them', () => {
    const bucket = resourceByPrefix(app.centralTemplate, 'AWS::S3::Bucket', 'Artifacts').logicalId;
    for (const prefix of ACKNOWLEDGED_PREFIXES) {
      const resource = JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, `/${prefix}*`]] });
      const actions = new Set(
        central
          .filter(({ statement }) => JSON.stringify(statement.Resource).includes(resource))
          .flatMap(({ statement }) => actionsOf(statement)),
      );
      const named = ['s3:GetObject', 's3:PutObject', ...(PREFIX_EXTRA_ACTIONS[prefix] ?? [])];
      for (const action of actions) expect(named, prefix).toContain(action);
      for (const extra of PREFIX_EXTRA_ACTIONS[prefix] ?? []) expect([...actions], prefix).toContain(extra);
    }
  });

  it('the dead-letter queue: every producer is one the SQS3 acknowledgement names', () => {
    const queue = resourceByPrefix(app.centralTemplate, 'AWS::SQS::Queue', 'UndeliveredEvents').logicalId;
    const producers = Object.entries(app.centralTemplate.toJSON().Resources as Record<string, { Type: string }>)
      .filter(([, r]) => JSON.stringify(r).includes(`"${queue}"`))
      .map(([, r]) => r.Type)
      .filter((type) => !['AWS::IAM::Policy', 'AWS::SQS::QueuePolicy'].includes(type));
    expect([...new Set(producers)].sort()).toEqual([
      'AWS::Events::Rule',
      'AWS::Lambda::EventSourceMapping',
      'AWS::Scheduler::Schedule',
    ]);
  });
});
