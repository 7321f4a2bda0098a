/** Manifest of `Load remediations`: one page of an account-region's REMEDIATE findings. */
import { bind, type CommonPorts, defineTask } from '../shared/task-manifest';
import { createLoadRemediations } from './load-remediations';

const loadRemediationsTask = defineTask({
  name: 'load-remediations',
  description: 'Warden sweep: Load remediations',
  env: { ARTIFACTS_BUCKET: bind.bucket() },
  access: [{ kind: 'objects', access: 'read', prefix: 'remediations' }],
  create: (env, ports: Pick<CommonPorts, 'artifacts'>) =>
    createLoadRemediations({ store: ports.artifacts(env.ARTIFACTS_BUCKET) }),
});

export { loadRemediationsTask };
