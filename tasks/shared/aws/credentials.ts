/**
 * One AssumeRole per member account, shared by every region the sweep reads there.
 */
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { AccountUnreachableError } from '../errors';
import { isRetryableError } from '../throttling';
import { describeError } from './aws-errors';

/** Credentials are renewed this long before they expire, so no call starts with a token about to lapse. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

interface CredentialCacheDeps {
  readonly sts: STSClient;
  /** Name (with path, if any) of the audit role in every member account, e.g. `WardenAudit`. */
  readonly roleName: string;
  /** Sent as `ExternalId` when set. @default none */
  readonly externalId?: string;
  /** `RoleSessionName`; shows in the member account's CloudTrail. @default 'warden-collect' */
  readonly sessionName?: string;
  /** @default 'aws' */
  readonly partition?: string;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

interface CredentialCache {
  /**
   * Credentials of the audit role in `accountId`. Throws `AccountUnreachableError` when the role cannot
   * be assumed; throttling and transient errors propagate (as `RetryableAwsError` at the Lambda boundary, for `Retry`).
   */
  credentialsFor(accountId: string): Promise<AwsCredentialIdentity>;
}

function roleArnFor(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName.replace(/^\/+/, '')}`;
}

function createCredentialCache(deps: CredentialCacheDeps): CredentialCache {
  const partition = deps.partition ?? 'aws';
  const sessionName = deps.sessionName ?? 'warden-collect';
  const now = deps.now ?? (() => new Date());
  const entries = new Map<string, Promise<AwsCredentialIdentity>>();

  const isFresh = (credentials: AwsCredentialIdentity): boolean =>
    credentials.expiration === undefined || credentials.expiration.getTime() - REFRESH_MARGIN_MS > now().getTime();

  async function assume(accountId: string): Promise<AwsCredentialIdentity> {
    const roleArn = roleArnFor(partition, accountId, deps.roleName);
    let credentials: AwsCredentialIdentity;
    try {
      const output = await deps.sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: sessionName,
          ...(deps.externalId === undefined ? {} : { ExternalId: deps.externalId }),
        }),
      );
      const c = output.Credentials;
      if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined) {
        throw Object.assign(new Error('AssumeRole returned no credentials'), { name: 'MissingCredentials' });
      }
      credentials = {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken === undefined ? {} : { sessionToken: c.SessionToken }),
        ...(c.Expiration === undefined ? {} : { expiration: c.Expiration }),
        accountId,
      };
    } catch (error) {
      if (isRetryableError(error)) throw error;
      throw new AccountUnreachableError(
        accountId,
        `Cannot assume ${roleArn} in account ${accountId}: ${describeError(error)}`,
        { cause: error },
      );
    }
    return credentials;
  }

  function start(accountId: string): Promise<AwsCredentialIdentity> {
    const pending = assume(accountId);
    entries.set(accountId, pending);
    // A failed AssumeRole is not cached: the next call tries again.
    pending.catch(() => {
      if (entries.get(accountId) === pending) entries.delete(accountId);
    });
    return pending;
  }

  async function credentialsFor(accountId: string): Promise<AwsCredentialIdentity> {
    const cached = entries.get(accountId);
    if (cached === undefined) return start(accountId);
    const credentials = await cached;
    if (isFresh(credentials)) return credentials;
    // Stale: renew once, unless a concurrent caller already did.
    const current = entries.get(accountId);
    return current !== undefined && current !== cached ? current : start(accountId);
  }

  return { credentialsFor };
}

export { type CredentialCache, type CredentialCacheDeps, createCredentialCache, REFRESH_MARGIN_MS, roleArnFor };
