/**
 * The kill switch read from its SSM parameter: only `off`, `remediate`, `notify` and `audit` mean
 * something; any other value — including the names Object.prototype carries — is an unknown value
 * and fails safe to `notify`, exactly as an unreadable parameter does. Deciding never throws on it.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { decideFinding } from '../../../tasks/shared/decide';
import { ssmKillSwitch } from '../../../tasks/shared/kill-switch';
import type { Finding } from '../../../tasks/shared/model';
import { bucketFinding } from '../../support/sweep-fixtures';

const ssm = new SSMClient({ region: 'us-east-1' });
const ssmMock = mockClient(ssm);
beforeEach(() => ssmMock.reset());

const NAME = '/warden/kill-switch';

async function stateFor(value: string) {
  ssmMock.on(GetParameterCommand, { Name: NAME }).resolves({ Parameter: { Name: NAME, Type: 'String', Value: value } });
  return ssmKillSwitch(ssm, NAME)();
}

function decideWith(killSwitch: Awaited<ReturnType<typeof stateFor>>): Finding {
  return decideFinding(
    { ...bucketFinding('a'), plan: [{ service: 's3', operation: 'PutBucketEncryption', input: {} }] },
    {
      exemptions: [],
      executionMode: 'remediate',
      ruleModes: new Map([['s3-bucket-encryption', 'remediate']]),
      remediable: new Set(['s3-bucket-encryption']),
      killSwitch,
      at: new Date('2026-11-22T06:00:00Z'),
    },
  );
}

describe('ssmKillSwitch', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', ' Constructor '])(
    'treats the value %j as unknown: fails safe to notify, and deciding does not throw',
    async (value) => {
      const state = await stateFor(value);
      expect(state).toEqual({
        ceiling: 'notify',
        reason: `kill switch ${NAME} has unknown value "${value}"; failing safe to notify`,
      });
      const decided = decideWith(state);
      expect(decided.decision).toBe('NOTIFY');
      expect(decided.decisionReason).toContain('failing safe to notify');
    },
  );

  it.each([
    ['off', undefined],
    ['remediate', undefined],
    [' Notify ', 'notify'],
    ['AUDIT', 'audit'],
  ])('reads %j as the ceiling %s', async (value, ceiling) => {
    expect((await stateFor(value)).ceiling).toBe(ceiling);
  });

  it('fails safe to notify when the parameter cannot be read, and has no ceiling when it is not set', async () => {
    ssmMock.on(GetParameterCommand).rejectsOnce(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    expect((await ssmKillSwitch(ssm, NAME)()).ceiling).toBe('notify');
    ssmMock.reset();
    ssmMock.on(GetParameterCommand).rejects(Object.assign(new Error('no'), { name: 'ParameterNotFound' }));
    expect((await ssmKillSwitch(ssm, NAME)()).ceiling).toBeUndefined();
  });
});
