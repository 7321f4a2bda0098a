/** Manifest of `Resolve targets`: the accounts to sweep (Accounts table and/or AWS Organizations), stored for `For each account`. */
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { z } from 'zod';
import { bind, type CommonPorts, defineTask } from '../shared/task-manifest';
import { ACCOUNTS_SOURCES, createResolveTargets, storingTargets } from './resolve-targets';

interface ResolveTargetsPorts extends Pick<CommonPorts, 'ddb' | 'artifacts'> {
  /** The Organizations client, asked for only when the accounts source is `organizations` or `both`. */
  readonly organizations: () => OrganizationsClient;
}

const resolveTargetsTask = defineTask({
  name: 'resolve-targets',
  description: 'Warden sweep: Resolve targets',
  env: {
    WARDEN_CONFIG: bind.config(),
    ARTIFACTS_BUCKET: bind.bucket(),
    ACCOUNTS_TABLE: bind.table('accounts'),
    EXEMPTIONS_TABLE: bind.table('exemptions'),
    ACCOUNTS_SOURCE: bind.setting('accountsSource', z.enum(ACCOUNTS_SOURCES).default('table')),
  },
  access: [
    { kind: 'table', table: 'accounts', operations: ['Scan'] },
    { kind: 'table', table: 'exemptions', operations: ['Scan'] },
    { kind: 'objects', access: 'write', prefix: 'targets' },
    { kind: 'objects', access: 'write', prefix: 'invalidItems' },
    { kind: 'organizationAccounts' },
  ],
  create: (env, ports: ResolveTargetsPorts) =>
    storingTargets(
      ports.artifacts(env.ARTIFACTS_BUCKET),
      createResolveTargets({
        ddb: ports.ddb,
        accountsTable: env.ACCOUNTS_TABLE,
        exemptionsTable: env.EXEMPTIONS_TABLE,
        config: env.WARDEN_CONFIG,
        accountsSource: env.ACCOUNTS_SOURCE,
        ...(env.ACCOUNTS_SOURCE === 'table' ? {} : { organizations: ports.organizations() }),
      }),
    ),
});

export type { ResolveTargetsPorts };
export { resolveTargetsTask };
