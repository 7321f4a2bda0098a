/** The member stack: roles, their trust, the forwarding rules, and its inline StackSet rendering. */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { renderMemberTemplate } from '../../infra/stacks/member-stack';
import { parseWardenConfig } from '../../tasks/shared/config';
import { FULL_CONTEXT, resourceByPrefix, synthesize } from './apps';

const app = synthesize(FULL_CONTEXT);

const template = app.memberTemplate;

const central = (name: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'CentralAccountId' }, `:role/${name}`]],
});

describe('member stack parameters', () => {
  it('defaults from context, so `cdk deploy WardenMember` needs no --parameters', () => {
    const params = template.toJSON().Parameters as Record<string, { Default?: string; AllowedPattern?: string }>;
    expect(params.CentralAccountId).toMatchObject({ Default: '999999999999', AllowedPattern: '^\\d{12}$' });
    expect(params.CentralRegion?.Default).toBe('eu-west-1');
    expect(params.OrganizationId).toMatchObject({ Default: 'o-abcd123456', AllowedPattern: '^o-[a-z0-9]{10,32}$' });
    expect(params.ExternalId?.Default).toBe('warden-ext-2026');
    expect(params.RolesRegion?.Default).toBe('');
  });

  it('without context, the organization and central account have no default: deploy fails rather than guess', () => {
    const bare = synthesize({});
    const params = bare.memberTemplate.toJSON().Parameters as Record<string, { Default?: string }>;
    expect(params.CentralAccountId?.Default).toBeUndefined();
    expect(params.OrganizationId?.Default).toBeUndefined();
    expect(params.ExternalId?.Default).toBe('warden');
  });
});

describe('WardenAudit and WardenRemediate', () => {
  it.each([
    ['AuditRole', 'WardenAudit', ['WardenCollectTask', 'WardenFetchResourceTask']],
    ['RemediateRole', 'WardenRemediate', ['WardenRemediateTask']],
  ])(
    '%s trusts only the named central task roles, inside the organization, with the external id',
    (prefix, name, trusted) => {
      const { props } = resourceByPrefix(template, 'AWS::IAM::Role', prefix);
      expect(props.RoleName).toBe(name);
      expect(props.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: {
            AWS: {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'CentralAccountId' }, ':root']],
            },
          },
          Condition: {
            StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' }, 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } },
            ArnEquals: { 'aws:PrincipalArn': trusted.map(central) },
          },
        },
      ]);
    },
  );

  it('creates the (global) roles in one region only', () => {
    expect(template.toJSON().Conditions.CreateRolesHere).toEqual({
      'Fn::Or': [
        { 'Fn::Equals': [{ Ref: 'RolesRegion' }, ''] },
        { 'Fn::Equals': [{ Ref: 'RolesRegion' }, { Ref: 'AWS::Region' }] },
      ],
    });
    for (const prefix of ['AuditRole', 'RemediateRole']) {
      const [, role] = Object.entries(template.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith(prefix))!;
      expect((role as { Condition?: string }).Condition).toBe('CreateRolesHere');
    }
  });

  it('has no managed policies and no AWS::IAM::Policy attached to the Warden roles', () => {
    template.allResourcesProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
      Properties: { Roles: { Ref: string }[] };
    }[];
    const attachedTo = policies.flatMap((p) => p.Properties.Roles.map((r) => r.Ref));
    expect(attachedTo.every((id) => id.startsWith('ForwarderRole'))).toBe(true);
  });
});

describe('event forwarding to the central bus', () => {
  const centralBus = {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':events:',
        { Ref: 'CentralRegion' },
        ':',
        { Ref: 'CentralAccountId' },
        ':event-bus/warden',
      ],
    ],
  };

  it('every forwarding rule targets the central bus through the forwarder role', () => {
    const rules = template.findResources('AWS::Events::Rule');
    expect(Object.keys(rules).length).toBeGreaterThanOrEqual(3);
    for (const rule of Object.values(rules) as { Properties: { Targets: unknown[] } }[]) {
      expect(rule.Properties.Targets).toEqual([
        { Arn: centralBus, Id: 'Target0', RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^ForwarderRole/), 'Arn'] } },
      ]);
    }
  });

  it('the forwarder may only put events on the central bus, and only EventBridge of this account assumes it', () => {
    const { props: role } = resourceByPrefix(template, 'AWS::IAM::Role', 'ForwarderRole');
    expect(role.AssumeRolePolicyDocument.Statement[0]).toMatchObject({
      Principal: { Service: 'events.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    const { props: policy } = resourceByPrefix(template, 'AWS::IAM::Policy', 'ForwarderRole');
    expect(policy.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'events:PutEvents', Resource: centralBus },
    ]);
  });

  it('forwards every write API call while the watch-list rule is enabled (the list changes without a deploy)', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'detail-type': ['AWS API Call via CloudTrail'], detail: { readOnly: [false] } },
    });
  });

  it('otherwise only the API calls the enabled rules react to, one rule per source', () => {
    const narrow = synthesize({ warden: { rules: { 'watched-api-call': { enabled: false } } } }).memberTemplate;
    narrow.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: { eventName: Match.arrayWith(['CreateBucket', 'DeleteBucketEncryption', 'PutBucketEncryption']) },
      },
    });
    narrow.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.ec2'], detail: { eventName: Match.arrayWith(['RunInstances']) } },
    });
    expect(
      Object.values(narrow.findResources('AWS::Events::Rule')).filter(
        (r) =>
          (r as { Properties: { EventPattern: { detail?: { readOnly?: unknown } } } }).Properties.EventPattern.detail
            ?.readOnly !== undefined,
      ),
    ).toEqual([]);
  });

  it('forwards console sign-ins, Parameter Store changes, and Config item changes of the rules resource types', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.signin'], 'detail-type': ['AWS Console Sign In via CloudTrail'] },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.ssm'], 'detail-type': ['Parameter Store Change'] },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.config'],
        'detail-type': ['Config Configuration Item Change'],
        detail: {
          $or: [
            { configurationItem: { resourceType: Match.arrayWith(['AWS::EC2::Instance', 'AWS::S3::Bucket']) } },
            { configurationItemSummary: { resourceType: Match.arrayWith(['AWS::EC2::Instance', 'AWS::S3::Bucket']) } },
          ],
        },
      },
    });
  });
});

describe('renderMemberTemplate (StackSet TemplateBody)', () => {
  const body = renderMemberTemplate({ config: parseWardenConfig({}) });
  const parsed = JSON.parse(body) as {
    Parameters: Record<string, { Default?: string }>;
    Rules?: unknown;
    Resources: object;
  };

  it('fits CloudFormation inline TemplateBody (51,200 bytes)', () => {
    expect(Buffer.byteLength(body, 'utf-8')).toBeLessThan(51_200);
  });

  it('has no bootstrap-version parameter or rule (StackSet targets are not CDK-bootstrapped) and no defaults', () => {
    expect(Object.keys(parsed.Parameters).sort()).toEqual([
      'CentralAccountId',
      'CentralRegion',
      'ExternalId',
      'OrganizationId',
      'RolesRegion',
    ]);
    expect(parsed.Rules).toBeUndefined();
    expect(parsed.Parameters.OrganizationId?.Default).toBeUndefined();
  });

  it('has the same resources as the WardenMember stack of the app', () => {
    expect(Object.keys(parsed.Resources).sort()).toEqual(
      Object.keys(synthesize({}).memberTemplate.toJSON().Resources).sort(),
    );
  });
});
