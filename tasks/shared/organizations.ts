/**
 * The AWS Organizations accounts source of `Resolve targets` (and of `warden accounts`): every ACTIVE account of the
 * organization (`ListAccounts`), its parent OU or root (`ListParents`) and its tags
 * (`ListTagsForResource`), read from the management account or an Organizations delegated
 * administrator. The alias is the account's `warden:alias` tag, else its name; the owner is its
 * `warden:owner` tag. Two calls per account, a few at a time (Organizations throttles early); a
 * throttled call propagates so the state's Retry backs off.
 */
import {
  type Account,
  ListParentsCommand,
  type OrganizationsClient,
  paginateListAccounts,
  paginateListTagsForResource,
} from '@aws-sdk/client-organizations';
import { mapLimit } from './aws/concurrency';

/** Tag keys read on the accounts. */
const ORGANIZATION_TAGS = { alias: 'warden:alias', owner: 'warden:owner' } as const;

interface OrganizationAccount {
  readonly accountId: string;
  /** The tag `warden:alias`, else the account name, else the account id. */
  readonly alias: string;
  /** The tag `warden:owner`, when set. */
  readonly owner?: string;
  /** The parent OU (`ou-…`) or root (`r-…`). */
  readonly ou?: string;
}

interface OrganizationAccounts {
  /** ACTIVE accounts, sorted by id. */
  readonly active: OrganizationAccount[];
  /** Accounts the organization lists in any other state (suspended, closing, …): never swept. */
  readonly inactive: ReadonlySet<string>;
}

interface OrganizationsSourceOptions {
  /** Accounts read at once (2 calls each). @default 4 */
  readonly concurrency?: number;
}

/** `State` (current API) or `Status` (retired on 9 September 2026) says ACTIVE. */
function isActive(account: Account): boolean {
  return (account.State ?? account.Status) === 'ACTIVE';
}

async function listOrganizationAccounts(
  client: OrganizationsClient,
  options: OrganizationsSourceOptions = {},
): Promise<OrganizationAccounts> {
  const listed: Account[] = [];
  for await (const page of paginateListAccounts({ client }, {})) listed.push(...(page.Accounts ?? []));
  const active = listed.filter((a) => a.Id !== undefined && isActive(a));
  const inactive = new Set(listed.filter((a) => a.Id !== undefined && !isActive(a)).map((a) => a.Id as string));
  const accounts = await mapLimit(active, options.concurrency ?? 4, async (account) => {
    const accountId = account.Id as string;
    const [ou, tags] = await Promise.all([parentOf(client, accountId), tagsOf(client, accountId)]);
    const alias = tags[ORGANIZATION_TAGS.alias] || account.Name || accountId;
    const owner = tags[ORGANIZATION_TAGS.owner];
    return {
      accountId,
      alias,
      ...(owner !== undefined && owner !== '' ? { owner } : {}),
      ...(ou !== undefined ? { ou } : {}),
    };
  });
  accounts.sort((a, b) => a.accountId.localeCompare(b.accountId));
  return { active: accounts, inactive };
}

async function parentOf(client: OrganizationsClient, accountId: string): Promise<string | undefined> {
  // An account has exactly one parent.
  const out = await client.send(new ListParentsCommand({ ChildId: accountId }));
  return out.Parents?.[0]?.Id;
}

async function tagsOf(client: OrganizationsClient, accountId: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  for await (const page of paginateListTagsForResource({ client }, { ResourceId: accountId })) {
    for (const tag of page.Tags ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
  }
  return tags;
}

export type { OrganizationAccount, OrganizationAccounts, OrganizationsSourceOptions };
export { listOrganizationAccounts, ORGANIZATION_TAGS };
