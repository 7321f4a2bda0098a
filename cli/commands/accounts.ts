/**
 * `warden accounts --from-organizations [--out FILE] [--regions LIST] [--profile] [--region]`:
 * writes the accounts file (`sweep --accounts`, the `Accounts` table's items) from AWS Organizations,
 * as c7n-org's `aws-accounts` does — every ACTIVE account with its alias (`warden:alias` tag, else
 * its name), owner (`warden:owner` tag) and parent OU, read with the caller's credentials in the
 * management account or an Organizations delegated administrator (the same reader as the deployed
 * `Resolve targets`, `tasks/shared/organizations.ts`).
 *
 * With `--out` naming an existing file, the file is updated, never clobbered: an account already in
 * it keeps every field it has (a `mode`, `regions`, `enabled` someone set), gaining only the alias,
 * owner and OU it lacks; new accounts are added; accounts the organization no longer lists as ACTIVE
 * are kept as they are and named on stderr, for a person to decide. Without `--out`: JSON on stdout.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Command } from 'commander';
import { listOrganizationAccounts, type OrganizationAccount } from '../../tasks/shared/organizations';
import { type AwsFlags, checkedClientConfig } from '../aws';
import { CliError } from '../errors';
import { readAccountsFile } from '../files';
import type { CliContext, CliIo } from '../io';
import { regionList } from '../live';
import { examples, profileOption, regionOption } from '../options';

interface AccountsFlags extends AwsFlags {
  readonly fromOrganizations?: boolean;
  readonly out?: string;
  readonly regions?: string;
}

type AccountEntry = Record<string, unknown> & { readonly accountId: string };

interface Merged {
  readonly accounts: AccountEntry[];
  readonly added: string[];
  /** Accounts of the existing file the organization does not list as ACTIVE. */
  readonly notActive: string[];
}

/** The file's accounts updated with the organization's (see the header), sorted by account id. */
function mergeAccounts(
  existing: readonly AccountEntry[],
  organization: readonly OrganizationAccount[],
  regions: readonly string[] | undefined,
): Merged {
  const byId = new Map(existing.map((a) => [a.accountId, a]));
  const added: string[] = [];
  for (const account of organization) {
    const known = byId.get(account.accountId);
    const fromOrg: AccountEntry = { ...account, ...(regions === undefined ? {} : { regions: [...regions] }) };
    if (known === undefined) {
      byId.set(account.accountId, fromOrg);
      added.push(account.accountId);
    } else {
      byId.set(account.accountId, { ...fromOrg, ...known });
    }
  }
  const active = new Set(organization.map((a) => a.accountId));
  return {
    accounts: [...byId.values()].sort((a, b) => a.accountId.localeCompare(b.accountId)),
    added,
    notActive: existing.map((a) => a.accountId).filter((id) => !active.has(id)),
  };
}

async function accountsCommand(flags: AccountsFlags, io: CliIo): Promise<number> {
  if (flags.fromOrganizations !== true) {
    throw new CliError('say where the accounts come from: --from-organizations', { usage: 'accounts' });
  }
  const regions = regionList(flags.regions);
  const existing = flags.out !== undefined && existsSync(flags.out) ? await readAccountsFile(flags.out) : [];
  const client = new OrganizationsClient(await checkedClientConfig(flags, '--region'));
  let listed: Awaited<ReturnType<typeof listOrganizationAccounts>>;
  try {
    listed = await listOrganizationAccounts(client);
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'AWSOrganizationsNotInUseException') throw new CliError('this account is not in an organization');
    if (name === 'AccessDeniedException') {
      throw new CliError(
        'AWS Organizations refused to list the accounts: use credentials of the management account or of a delegated administrator (organizations:ListAccounts, ListParents, ListTagsForResource)',
      );
    }
    throw error;
  } finally {
    client.destroy();
  }
  const merged = mergeAccounts(existing as AccountEntry[], listed.active, regions);
  const text = `${JSON.stringify(merged.accounts, null, 2)}\n`;
  if (flags.out === undefined) {
    io.stdout(text);
  } else {
    await writeFile(flags.out, text);
    io.stderr(
      `${flags.out}: ${merged.accounts.length} accounts (${merged.added.length} added, ${listed.inactive.size} not ACTIVE in the organization left out)\n`,
    );
  }
  if (merged.notActive.length > 0) {
    io.stderr(
      `kept as they were, but the organization does not list them as ACTIVE: ${merged.notActive.join(', ')} (remove them, or set "enabled": false)\n`,
    );
  }
  return 0;
}

function register(program: Command, cli: CliContext): void {
  const accounts = program
    .command('accounts')
    .summary('Write the accounts file from AWS Organizations (every ACTIVE account, its alias, owner and OU)')
    .description(
      "Lists the organization's ACTIVE accounts (management account or delegated administrator credentials) as an accounts file: alias from the warden:alias tag (else the name), owner from warden:owner, the parent OU. With --out naming an existing file, accounts already in it keep their fields; new ones are added.",
    )
    .option('--from-organizations', 'read the accounts from AWS Organizations')
    .option('--out <file>', 'write (or update) this accounts file instead of printing it')
    .option(
      '--regions <list>',
      'give each new account these regions, comma-separated (default: none, so the config’s defaultRegions apply)',
    )
    .addOption(profileOption())
    .addOption(regionOption())
    .addHelpText(
      'after',
      examples(
        'warden accounts --from-organizations --out accounts.json --profile org-management',
        'warden accounts --from-organizations --regions eu-west-1,us-east-1 > accounts.json',
      ),
    )
    .action(async () => cli.exit(await accountsCommand(accounts.opts<AccountsFlags>(), cli.io)));
}

export type { AccountsFlags };
export { accountsCommand, mergeAccounts, register };
