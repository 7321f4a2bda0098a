/**
 * Live collection from the CLI, with the caller's own credentials (`--live`): the very collectors the
 * deployed `Collect resources` task runs, but the account of the caller's credentials is read with
 * those credentials directly (nothing needs to be deployed to try Warden on it), and other accounts
 * of `--accounts` through a role assumed in each (`--role`, default the member stack's WardenAudit).
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@smithy/types';
import { REMEDIATE_ROLE_NAME } from '../infra/names';
import { type AwsClients, clientsFor } from '../tasks/shared/aws/clients';
import { type CredentialCache, createCredentialCache } from '../tasks/shared/aws/credentials';
import { collectAccountLive, defaultClientFactories, type LiveCollectorDeps } from '../tasks/shared/inventory/index';
import type { ResourceSource } from '../tasks/shared/inventory/source';
import { RegionSchema } from '../tasks/shared/schemas';
import { type AwsFlags, checkedClientConfig } from './aws';
import { CliError } from './errors';
import { readAccountsFile } from './files';

interface LiveFlags extends AwsFlags {
  readonly accounts?: string;
  readonly regions?: string;
  /** Role assumed in accounts other than the caller's. */
  readonly role?: string;
}

interface LiveAccount {
  readonly accountId: string;
  readonly alias: string;
  readonly regions: string[];
  readonly [key: string]: unknown;
}

interface LiveSetup {
  readonly caller: { readonly accountId: string; readonly arn: string };
  readonly accounts: LiveAccount[];
  /** `Collect resources`' source: the live collectors. */
  readonly source: ResourceSource;
  /** SDK clients that send remediations in an account-region (`--apply`). */
  remediationClients(accountId: string, region: string): Promise<AwsClients>;
  /** Stops the SDK clients it made. */
  close(): void;
}

function regionList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const regions = value
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  const bad = regions.find((r) => !RegionSchema.safeParse(r).success);
  if (bad !== undefined || regions.length === 0)
    throw new CliError(`--regions must be region names separated by commas (e.g. eu-west-1,us-east-1), not "${value}"`);
  return regions;
}

/** The caller's credentials as they are now, and the accounts to read with which regions. */
async function liveSetup(flags: LiveFlags, regionFlags = '--regions (or --region)'): Promise<LiveSetup> {
  const regions = regionList(flags.regions);
  const config = await checkedClientConfig(flags, regionFlags, regions);
  const defaultRegion = config.region;
  const sts = new STSClient(config);
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  if (identity.Account === undefined) throw new CliError('STS GetCallerIdentity returned no account');
  const caller = { accountId: identity.Account, arn: identity.Arn ?? '' };

  const listed = flags.accounts === undefined ? undefined : await readAccountsFile(flags.accounts);
  const accounts: LiveAccount[] = (listed ?? [{ accountId: caller.accountId, alias: caller.accountId }]).map((a) => ({
    ...a,
    accountId: String(a.accountId),
    alias: String(a.alias),
    regions: regions ?? (a.regions as string[] | undefined) ?? [defaultRegion],
  }));

  const provider = config.credentials ?? fromNodeProviderChain();
  const own = await provider();
  const viaRole = (roleName: string, sessionName: string): CredentialCache => {
    const assumed = createCredentialCache({ sts, roleName, sessionName });
    return {
      credentialsFor: async (accountId) => (accountId === caller.accountId ? own : assumed.credentialsFor(accountId)),
    };
  };
  const deps: LiveCollectorDeps = {
    credentials: viaRole(flags.role ?? 'WardenAudit', 'warden-cli-collect'),
    ...defaultClientFactories(),
  };
  const remediation = viaRole(REMEDIATE_ROLE_NAME, 'warden-cli-remediate');
  return {
    caller,
    accounts,
    source: { collect: (target) => collectAccountLive(target, deps) },
    remediationClients: async (accountId, region) => {
      const credentials: AwsCredentialIdentity = await remediation.credentialsFor(accountId);
      return clientsFor(region, credentials);
    },
    close: () => sts.destroy(),
  };
}

export type { LiveAccount, LiveFlags, LiveSetup };
export { liveSetup, regionList };
