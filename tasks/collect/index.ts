/** Lambda entry for `Collect resources`: the live collectors, with the WardenAudit role. */

import { collectAccountLive, defaultLiveCollectorDeps } from '../shared/inventory/index';
import { artifactsStore, lambdaHandler, requiredEnv } from '../shared/runtime';
import { createCollect } from './collect';

const live = defaultLiveCollectorDeps({
  roleName: requiredEnv('AUDIT_ROLE_NAME'),
  externalId: requiredEnv('EXTERNAL_ID'),
  partition: requiredEnv('AWS_PARTITION'),
  // Accounts whose registry entry says `source: config` are read from this aggregator when it is set.
  ...(process.env.CONFIG_AGGREGATOR_NAME ? { aggregatorName: process.env.CONFIG_AGGREGATOR_NAME } : {}),
});

export const handler = lambdaHandler(
  'collect',
  createCollect({
    store: artifactsStore(),
    // collectAccountLive throws AccountUnreachableError when the role cannot be assumed or nothing can be read.
    source: { collect: (target) => collectAccountLive(target, live) },
  }),
);
