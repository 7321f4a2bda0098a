/** Manifest of the event path's `Evaluate`: the current state of an event's resources against the rules it triggers. */
import { bind, type CommonPorts, defineTask } from '../shared/task-manifest';
import { createEvaluateEvent } from './evaluate-event';

const evaluateEventTask = defineTask({
  name: 'evaluate-event',
  description: 'Warden events: Evaluate',
  env: { WARDEN_CONFIG: bind.config(), ARTIFACTS_BUCKET: bind.bucket() },
  access: [
    { kind: 'objects', access: 'read', prefix: 'inventories' },
    { kind: 'objects', access: 'write', prefix: 'findings' },
  ],
  create: (env, ports: Pick<CommonPorts, 'artifacts'>) =>
    createEvaluateEvent({ store: ports.artifacts(env.ARTIFACTS_BUCKET), config: env.WARDEN_CONFIG }),
});

export { evaluateEventTask };
