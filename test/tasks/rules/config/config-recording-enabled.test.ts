import { describe, expect, it } from 'vitest';
import { configRecordingEnabled as rule } from '../../../../tasks/rules/config/config-recording-enabled';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture, readRuleFixtureCase } from '../../../support/ci-builder';

const RULE_ID = 'config-recording-enabled';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});
const WHERE = '644160558196/us-east-1';

describe('config-recording-enabled: definition', () => {
  it('notifies, requires the service-linked role by default (Config.1), no remediation', () => {
    expect(defaults).toEqual({ requireServiceLinkedRole: true });
    expect(rule.parameters.safeParse({ requireServiceLinkedRole: 'yes' }).success).toBe(false);
    expect(rule.parameters.safeParse({ other: 1 }).success).toBe(false);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.permissions.read).toEqual([
      'config:DescribeConfigurationRecorders',
      'config:DescribeConfigurationRecorderStatus',
    ]);
  });
});

describe('config-recording-enabled: evaluate', () => {
  it('a recording recorder of every type with the service-linked role is compliant', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toMatchObject({
      status: 'COMPLIANT',
      message: `AWS Config recorder default records every supported resource type in ${WHERE}`,
    });
  });

  it('the recorded custom role fails Config.1 by default and passes with requireServiceLinkedRole false', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toMatchObject({
      status: 'NON_COMPLIANT',
      message:
        'AWS Config does not fully record 644160558196/us-west-2: recorder default uses role arn:aws:iam::644160558196:role/service-role/config-role-us-west-2, not the service-linked role AWSServiceRoleForConfig',
    });
    const custom = readRuleFixtureCase(RULE_ID, 'compliant-custom-role');
    expect(rule.evaluate(custom.ci, rule.parameters.parse(custom.parameters)).status).toBe('COMPLIANT');
  });

  it.each([
    [
      'non-compliant-no-recorder',
      `AWS Config has no configuration recorder in ${WHERE}: resource changes there are not recorded`,
    ],
    ['non-compliant-stopped', `AWS Config does not fully record ${WHERE}: recorder default is not recording`],
    [
      'non-compliant-some-types',
      `AWS Config does not fully record ${WHERE}: recorder default records only some resource types (INCLUSION_BY_RESOURCE_TYPES)`,
    ],
    [
      'non-compliant-service-linked-recorder-only',
      `AWS Config has no configuration recorder in ${WHERE} of the account's own (only the service-linked one of securityhub.amazonaws.com): resource changes there are not recorded`,
    ],
  ])('%s', (name, message) => {
    expect(rule.evaluate(fixture(name), defaults)).toMatchObject({ status: 'NON_COMPLIANT', message });
  });

  it('evidence names each recorder, its role and its status', () => {
    expect(rule.evaluate(fixture('non-compliant-stopped'), defaults).evidence).toEqual({
      recorders: [
        {
          name: 'default',
          roleARN: 'arn:aws:iam::644160558196:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
          recording: false,
          lastStatus: 'Success',
        },
      ],
      requireServiceLinkedRole: true,
    });
  });

  it('an unreadable recorder status is an error; a deleted item not applicable', () => {
    expect(() => rule.evaluate(fixture('error-status-denied'), defaults)).toThrow(UnknownPropertyError);
    expect(rule.evaluate(fixture('not-applicable-deleted'), defaults).status).toBe('NOT_APPLICABLE');
  });
});
