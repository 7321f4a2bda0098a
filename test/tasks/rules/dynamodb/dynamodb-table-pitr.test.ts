import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DescribeContinuousBackupsCommand,
  DynamoDBClient,
  UpdateContinuousBackupsCommand,
} from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { applyDeclared, PlanOutsideDeclarationError } from '../../../../tasks/engine/plan-guard';
import { dynamodbTablePitr as rule } from '../../../../tasks/rules/dynamodb/dynamodb-table-pitr';
import type { AwsClients } from '../../../../tasks/rules/rule';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { normalizeCi } from '../../../../tasks/shared/normalize-ci';
import { readRuleFixture } from '../../../support/ci-builder';
import { liveOf, sendWith } from '../../../support/live';
import { otherClients } from '../../../support/other-clients';

const RULE_ID = 'dynamodb-table-pitr';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

describe('dynamodb-table-pitr: definition', () => {
  it('implements DynamoDB.2 and notifies by default although its remediation is safe (PITR is billed by size)', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.controls).toEqual(['FSBP DynamoDB.2']);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation?.risk).toBe('safe');
    expect(rule.remediation?.permissions).toEqual(['dynamodb:UpdateContinuousBackups']);
    expect(defaults).toEqual({ recoveryPeriodInDays: 35 });
    for (const bad of [0, 36, 7.5])
      expect(rule.parameters.safeParse({ recoveryPeriodInDays: bad }).success).toBe(false);
  });
});

describe('dynamodb-table-pitr: evaluate', () => {
  it('the aws-config-rdk sample CI (PITR DISABLED) is non-compliant', () => {
    const sample = normalizeCi(
      JSON.parse(
        readFileSync(resolve(process.cwd(), '../shared/corpus/aws-config-rdk/AWS_DynamoDB_Table.json'), 'utf8'),
      ),
    );
    expect(rule.evaluate(sample, defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message: 'Table test has point-in-time recovery disabled: a bad write or delete cannot be undone',
      evidence: { pointInTimeRecoveryStatus: 'DISABLED' },
    });
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual(rule.evaluate(sample, defaults));
  });

  it('PITR ENABLED is compliant', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message: 'Table test has point-in-time recovery enabled',
      evidence: { pointInTimeRecoveryStatus: 'ENABLED' },
    });
  });

  it('deleted and deleting tables are not applicable', () => {
    expect(rule.evaluate(fixture('not-applicable-deleting'), defaults)).toEqual({
      status: 'NOT_APPLICABLE',
      message: 'Table test is DELETING',
    });
    expect(rule.evaluate(fixture('not-applicable-deleted'), defaults).message).toBe(
      'Table test no longer exists (ResourceDeleted)',
    );
  });

  it('unreadable or unrecorded continuous backups are an error', () => {
    expect(() => rule.evaluate(fixture('error-access-denied'), defaults)).toThrow(
      'ContinuousBackupsDescription could not be read (AccessDeniedException)',
    );
    expect(() => rule.evaluate(fixture('error-not-recorded'), defaults)).toThrow(UnknownPropertyError);
  });
});

describe('dynamodb-table-pitr: plan', () => {
  it('plans UpdateContinuousBackups turning PITR on with the recovery period', () => {
    expect(
      rule.remediation?.plan(fixture('non-compliant'), rule.parameters.parse({ recoveryPeriodInDays: 14 })),
    ).toEqual([
      {
        service: 'dynamodb',
        operation: 'UpdateContinuousBackups',
        input: {
          TableName: 'test',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 14 },
        },
      },
    ]);
  });

  it('once applied (DynamoDB then describes PITR ENABLED) the table is compliant', () => {
    const ci = fixture('non-compliant');
    const after = {
      ...ci,
      supplementaryConfiguration: {
        ContinuousBackupsDescription: {
          continuousBackupsStatus: 'ENABLED',
          pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: 'ENABLED' },
        },
      },
    };
    expect(rule.evaluate(after, defaults).status).toBe('COMPLIANT');
  });
});

describe('dynamodb-table-pitr: apply', () => {
  const dynamodb = mockClient(DynamoDBClient);
  const clients: AwsClients = {
    of: otherClients,
    s3: new S3Client({ region: 'us-east-1' }),
    ec2: new EC2Client({ region: 'us-east-1' }),
  };
  const ci = fixture('non-compliant');
  afterEach(() => dynamodb.reset());

  it('sends the planned UpdateContinuousBackups and reads nothing itself', async () => {
    dynamodb.on(UpdateContinuousBackupsCommand).resolves({});
    const plan = rule.remediation?.plan(ci, defaults) ?? [];
    await rule.remediation?.apply(sendWith(clients), plan, liveOf(rule, ci, defaults), defaults);
    expect(dynamodb.commandCalls(UpdateContinuousBackupsCommand).map((c) => c.args[0].input)).toEqual([plan[0]?.input]);
    expect(dynamodb.commandCalls(DescribeContinuousBackupsCommand)).toHaveLength(0);
  });

  it('the engine refuses a plan naming another table', async () => {
    const call = {
      service: 'dynamodb',
      operation: 'UpdateContinuousBackups',
      input: { TableName: 'orders', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } },
    };
    await expect(applyDeclared(rule, sendWith(clients), [call], liveOf(rule, ci, defaults), defaults)).rejects.toThrow(
      PlanOutsideDeclarationError,
    );
    expect(dynamodb.calls()).toHaveLength(0);
  });
});
