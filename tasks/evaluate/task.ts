/** Manifest of `Evaluate rules`: an account's inventory against the enabled rules. */
import { bind, type CommonPorts, defineTask } from '../shared/task-manifest';
import { createEvaluate } from './evaluate';

const evaluateTask = defineTask({
  name: 'evaluate',
  description: 'Warden sweep: Evaluate rules',
  env: { WARDEN_CONFIG: bind.config(), ARTIFACTS_BUCKET: bind.bucket() },
  access: [
    { kind: 'objects', access: 'read', prefix: 'inventories' },
    { kind: 'objects', access: 'write', prefix: 'findings' },
  ],
  create: (env, ports: Pick<CommonPorts, 'artifacts'>) =>
    createEvaluate({ store: ports.artifacts(env.ARTIFACTS_BUCKET), config: env.WARDEN_CONFIG }),
});

export { evaluateTask };
