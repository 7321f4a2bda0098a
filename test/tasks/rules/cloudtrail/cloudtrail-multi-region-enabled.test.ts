import { describe, expect, it } from 'vitest';
import { cloudtrailMultiRegionEnabled as rule } from '../../../../tasks/rules/cloudtrail/cloudtrail-multi-region-enabled';
import { managementEvents } from '../../../../tasks/rules/cloudtrail/management-events';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const RULE_ID = 'cloudtrail-multi-region-enabled';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

describe('cloudtrail-multi-region-enabled: definition', () => {
  it('notifies, once per account (the account-level item), with no remediation', () => {
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.resourceTypes).toEqual(['Warden::CloudTrail::AccountTrails']);
    expect(rule.controls).toEqual(['FSBP CloudTrail.1', 'CIS 3.1']);
    expect(rule.permissions.read).toEqual([
      'cloudtrail:DescribeTrails',
      'cloudtrail:GetTrailStatus',
      'cloudtrail:GetEventSelectors',
    ]);
  });
});

describe('cloudtrail-multi-region-enabled: evaluate', () => {
  it('one qualifying trail is enough, whatever the others record', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toMatchObject({
      status: 'COMPLIANT',
      message:
        'Account 644160558196 is logged by multi-region trail skunk-trails, recording read and write management events',
    });
  });

  it('an organization trail with an advanced selector for all management events counts', () => {
    expect(rule.evaluate(fixture('compliant-organization-trail'), defaults)).toMatchObject({
      status: 'COMPLIANT',
      evidence: {
        multiRegionTrails: [
          { name: 'orgTrail', isOrganizationTrail: true, isLogging: true, managementEvents: 'read and write' },
        ],
      },
    });
  });

  it.each([
    [
      'non-compliant',
      'Account 644160558196 has no multi-region CloudTrail trail: API activity in its regions is not recorded',
    ],
    [
      'non-compliant-read-only',
      'Account 644160558196 has no multi-region trail that logs read and write management events: S3-DataEvents records management events: read only',
    ],
    [
      'non-compliant-not-logging',
      'Account 644160558196 has no multi-region trail that logs read and write management events: skunk-trails is not logging',
    ],
    [
      'non-compliant-excluded-sources',
      'Account 644160558196 has no multi-region trail that logs read and write management events: orgTrail records management events: read and write, excluding rdsdata.amazonaws.com; S3-DataEvents records management events: write only, excluding kms.amazonaws.com; rdsdata.amazonaws.com',
    ],
  ])('%s', (name, message) => {
    expect(rule.evaluate(fixture(name), defaults)).toMatchObject({ status: 'NON_COMPLIANT', message });
  });

  it('when no trail qualifies and one could not be read, it is an error, not a verdict', () => {
    expect(() => rule.evaluate(fixture('error-status-denied'), defaults)).toThrow(UnknownPropertyError);
    expect(() => rule.evaluate(fixture('error-status-denied'), defaults)).toThrow(
      'the logging state or event selectors of skunk-trails could not be read (multiRegionTrails[1].TrailStatus: AccessDeniedException)',
    );
  });

  it('an unreadable trail does not hide a qualifying one', () => {
    const ci = fixture('error-status-denied');
    const trails = ci.configuration.multiRegionTrails as Record<string, unknown>[];
    const withGood = {
      ...ci,
      configuration: {
        multiRegionTrails: [...trails, ...(fixture('compliant').configuration.multiRegionTrails as unknown[])],
      },
    };
    expect(rule.evaluate(withGood, defaults).status).toBe('COMPLIANT');
  });

  it('a deleted item is not applicable', () => {
    expect(rule.evaluate(fixture('not-applicable-deleted'), defaults).status).toBe('NOT_APPLICABLE');
  });
});

describe('management events from event selectors', () => {
  it.each([
    ['no selectors read', null, null, undefined],
    [
      'the default basic selector',
      [{ readWriteType: 'All', includeManagementEvents: true }],
      [],
      { read: true, write: true, excludedSources: [] },
    ],
    ['basic, defaults omitted', [{}], null, { read: true, write: true, excludedSources: [] }],
    [
      'basic, management events off',
      [{ readWriteType: 'All', includeManagementEvents: false }],
      [],
      { read: false, write: false, excludedSources: [] },
    ],
    [
      'basic WriteOnly + ReadOnly together',
      [{ readWriteType: 'WriteOnly' }, { readWriteType: 'ReadOnly' }],
      [],
      { read: true, write: true, excludedSources: [] },
    ],
    [
      'advanced, reads only',
      [],
      [
        {
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Management'] },
            { field: 'readOnly', equals: ['true'] },
          ],
        },
      ],
      { read: true, write: false, excludedSources: [] },
    ],
    [
      'advanced, readOnly notEquals true = writes only',
      [],
      [
        {
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Management'] },
            { field: 'readOnly', notEquals: ['true'] },
          ],
        },
      ],
      { read: false, write: true, excludedSources: [] },
    ],
    [
      'advanced, data events only',
      [],
      [
        {
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::S3::Object'] },
          ],
        },
      ],
      { read: false, write: false, excludedSources: [] },
    ],
    [
      'advanced, one source only',
      [],
      [
        {
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Management'] },
            { field: 'eventSource', equals: ['iam.amazonaws.com'] },
          ],
        },
      ],
      { read: true, write: true, excludedSources: ['only iam.amazonaws.com'] },
    ],
  ])('%s', (_name, basic, advanced, expected) => {
    expect(managementEvents(basic, advanced)).toEqual(expected);
  });
});
