/** Lambda entry for `Resolve targets`. */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { artifactsStore, ddbDocument, lambdaHandler, requiredEnv, wardenConfig } from '../shared/runtime';
import { ACCOUNTS_SOURCES, type AccountsSource, createResolveTargets, storingTargets } from './resolve-targets';

function accountsSource(): AccountsSource {
  const value = process.env.ACCOUNTS_SOURCE ?? 'table';
  if (!(ACCOUNTS_SOURCES as readonly string[]).includes(value)) {
    throw new Error(`ACCOUNTS_SOURCE must be one of ${ACCOUNTS_SOURCES.join(', ')}, not "${value}"`);
  }
  return value as AccountsSource;
}

const source = accountsSource();

export const handler = lambdaHandler(
  'resolve-targets',
  storingTargets(
    artifactsStore(),
    createResolveTargets({
      ddb: ddbDocument(),
      accountsTable: requiredEnv('ACCOUNTS_TABLE'),
      exemptionsTable: requiredEnv('EXEMPTIONS_TABLE'),
      config: wardenConfig(),
      accountsSource: source,
      // Organizations is global: the SDK signs for and calls its us-east-1 endpoint from any region.
      ...(source === 'table' ? {} : { organizations: new OrganizationsClient({ retryMode: 'adaptive' }) }),
    }),
  ),
);
