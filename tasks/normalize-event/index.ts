/** Lambda entry for `Normalize event`. */

import { MODES, type Mode } from '../shared/model';
import { artifactsStore, ddbDocument, lambdaHandler, logger, requiredEnv, wardenConfig } from '../shared/runtime';
import { createNormalizeEvent, warnTo } from './normalize-event';

const eventMode = process.env.WARDEN_EVENT_MODE as Mode | undefined;
if (eventMode !== undefined && !MODES.includes(eventMode)) {
  throw new Error(`WARDEN_EVENT_MODE must be one of ${MODES.join(', ')}`);
}

export const handler = lambdaHandler(
  'normalize-event',
  createNormalizeEvent({
    ddb: ddbDocument(),
    accountsTable: requiredEnv('ACCOUNTS_TABLE'),
    watchListTable: requiredEnv('WATCH_LIST_TABLE'),
    store: artifactsStore(),
    config: wardenConfig(),
    ...(eventMode === undefined ? {} : { eventMode }),
    warn: warnTo((message, extra) => logger.warn(message, extra)),
  }),
);
