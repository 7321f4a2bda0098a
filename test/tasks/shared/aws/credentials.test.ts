import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createCredentialCache, roleArnFor } from '../../../../tasks/shared/aws/credentials';
import { AccountUnreachableError } from '../../../../tasks/shared/errors';
import { PlaceboServiceError, stubPlacebo } from '../../../support/placebo';

const ACCOUNT = '644160558196';
const RECORDING = 'test_credential_sts__sts.AssumeRole_1.json';
// The recording's credentials expire at 2019-09-29T22:07:46Z.
const RECORDED_AT = new Date('2019-09-29T21:07:46Z');

const sts = mockClient(STSClient);
afterEach(() => sts.reset());

function cache(overrides: { now?: () => Date; externalId?: string; partition?: string; sessionName?: string } = {}) {
  return createCredentialCache({
    sts: new STSClient({ region: 'us-east-1' }),
    roleName: 'WardenAudit',
    now: () => RECORDED_AT,
    ...overrides,
  });
}

describe('createCredentialCache', () => {
  it('assumes the role once and returns the recorded credentials', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), RECORDING);
    const credentials = await cache().credentialsFor(ACCOUNT);
    expect(credentials).toEqual({
      accessKeyId: 'ASIAZL6XWCR2MIB6XHU7',
      secretAccessKey: 'VDpkOc0GkN6P0h7uw7UBCUjDhZyf1nhWTr+QAAAA',
      sessionToken: expect.stringMatching(/^FQoGZXIvYXdzEOf/),
      expiration: new Date('2019-09-29T22:07:46.000Z'),
      accountId: ACCOUNT,
    });
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual([
      { RoleArn: 'arn:aws:iam::644160558196:role/WardenAudit', RoleSessionName: 'warden-collect' },
    ]);
  });

  it('reuses the credentials for every region of the account (one AssumeRole for two regions)', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), RECORDING);
    const credentials = cache();
    const forUsEast1 = await credentials.credentialsFor(ACCOUNT);
    const forEuWest1 = await credentials.credentialsFor(ACCOUNT);
    expect(forEuWest1).toBe(forUsEast1);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });

  it('shares one in-flight AssumeRole between concurrent callers', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), RECORDING);
    const credentials = cache();
    const [a, b] = await Promise.all([credentials.credentialsFor(ACCOUNT), credentials.credentialsFor(ACCOUNT)]);
    expect(a).toBe(b);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });

  it('keeps credentials until 5 minutes before expiry, then assumes again', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), RECORDING);
    let now = RECORDED_AT;
    const credentials = cache({ now: () => now });
    await credentials.credentialsFor(ACCOUNT);
    now = new Date('2019-09-29T22:02:45Z'); // 5 min 1 s left
    await credentials.credentialsFor(ACCOUNT);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    now = new Date('2019-09-29T22:02:47Z'); // 4 min 59 s left
    await credentials.credentialsFor(ACCOUNT);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('assumes once per account', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), RECORDING);
    const credentials = cache();
    await credentials.credentialsFor(ACCOUNT);
    await credentials.credentialsFor('111122223333');
    await credentials.credentialsFor('111122223333');
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).toEqual([
      'arn:aws:iam::644160558196:role/WardenAudit',
      'arn:aws:iam::111122223333:role/WardenAudit',
    ]);
  });

  it('sends ExternalId, the session name and the partition when given', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), 'test_session_policy_assumed_session__sts.AssumeRole_1.json');
    await cache({
      externalId: 'warden-ext',
      sessionName: 'warden-sweep',
      partition: 'aws-cn',
      now: () => new Date('2024-05-15T14:25:23Z'),
    }).credentialsFor(ACCOUNT);
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toEqual({
      RoleArn: 'arn:aws-cn:iam::644160558196:role/WardenAudit',
      RoleSessionName: 'warden-sweep',
      ExternalId: 'warden-ext',
    });
  });

  it('builds role ARNs with paths', () => {
    expect(roleArnFor('aws', ACCOUNT, 'warden/WardenAudit')).toBe('arn:aws:iam::644160558196:role/warden/WardenAudit');
  });

  it('AccessDenied -> AccountUnreachableError naming the account, the role ARN and the error', async () => {
    const denied = new PlaceboServiceError(
      'AccessDenied',
      'User: arn:aws:sts::999988887777:assumed-role/warden-collect/x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::644160558196:role/WardenAudit',
      403,
      {},
    );
    sts.on(AssumeRoleCommand).rejects(denied);
    const error = await cache()
      .credentialsFor(ACCOUNT)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountUnreachableError);
    expect(error).toMatchObject({ name: 'AccountUnreachableError', accountId: ACCOUNT, cause: denied });
    const message = (error as Error).message;
    expect(message).toContain(ACCOUNT);
    expect(message).toContain('arn:aws:iam::644160558196:role/WardenAudit');
    expect(message).toContain('AccessDenied');
  });

  it('RegionDisabledException -> AccountUnreachableError', async () => {
    sts
      .on(AssumeRoleCommand)
      .rejects(
        new PlaceboServiceError(
          'RegionDisabledException',
          'STS is not activated in this region for account:644160558196.',
          403,
          {},
        ),
      );
    await expect(cache().credentialsFor(ACCOUNT)).rejects.toThrow(
      /^Cannot assume arn:aws:iam::644160558196:role\/WardenAudit in account 644160558196: RegionDisabledException: /,
    );
  });

  it('does not cache a failure', async () => {
    sts
      .on(AssumeRoleCommand)
      .rejectsOnce(new PlaceboServiceError('AccessDenied', 'denied', 403, {}))
      .resolves({
        Credentials: {
          AccessKeyId: 'A',
          SecretAccessKey: 'S',
          SessionToken: 'T',
          Expiration: new Date('2019-09-29T23:00:00Z'),
        },
      });
    const credentials = cache();
    await expect(credentials.credentialsFor(ACCOUNT)).rejects.toBeInstanceOf(AccountUnreachableError);
    await expect(credentials.credentialsFor(ACCOUNT)).resolves.toMatchObject({ accessKeyId: 'A' });
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it.each(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded'])(
    'does not wrap %s (Step Functions Retry handles it)',
    async (name) => {
      const throttled = new PlaceboServiceError(name, 'Rate exceeded', 400, {});
      sts.on(AssumeRoleCommand).rejects(throttled);
      await expect(cache().credentialsFor(ACCOUNT)).rejects.toBe(throttled);
    },
  );

  it('does not wrap server faults', async () => {
    const fault = new PlaceboServiceError('InternalFailure', 'internal', 500, {});
    sts.on(AssumeRoleCommand).rejects(fault);
    await expect(cache().credentialsFor(ACCOUNT)).rejects.toBe(fault);
  });
});
