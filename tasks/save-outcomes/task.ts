/** Manifest of `Save outcomes`: one page's remediation outcomes, stored beside the page. */
import { bind, type CommonPorts, defineTask } from '../shared/task-manifest';
import { createSaveOutcomes } from './save-outcomes';

const saveOutcomesTask = defineTask({
  name: 'save-outcomes',
  description: 'Warden sweep: Save outcomes',
  env: { ARTIFACTS_BUCKET: bind.bucket() },
  access: [{ kind: 'objects', access: 'write', prefix: 'outcomes' }],
  create: (env, ports: Pick<CommonPorts, 'artifacts'>) =>
    createSaveOutcomes({ store: ports.artifacts(env.ARTIFACTS_BUCKET) }),
});

export { saveOutcomesTask };
