/** Lambda entry for `Collect resources`: the live collectors, with the WardenAudit role. */
import { collectAccountLive, defaultLiveCollectorDeps } from '../shared/inventory/index';
import { artifactsStore, lambdaHandler, taskEnv } from '../shared/runtime';
import { collectTask as task } from './task';

export const handler = lambdaHandler(
  task.name,
  task.create(taskEnv(task), {
    artifacts: artifactsStore,
    resourceSource: (access) => {
      const live = defaultLiveCollectorDeps(access);
      // collectAccountLive throws AccountUnreachableError when the role cannot be assumed or nothing can be read.
      return { collect: (target) => collectAccountLive(target, live) };
    },
  }),
);
