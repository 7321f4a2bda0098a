/** Manifest of `Notify owners`: one digest per owner of the sweep (NOTIFY findings and remediation outcomes), published to the topic. */
import { bind, type CommonPorts, defineTask } from '../shared/task-manifest';
import { createNotifyOwners } from './notify-owners';

const notifyOwnersTask = defineTask({
  name: 'notify-owners',
  description: 'Warden sweep: Notify owners',
  env: { ARTIFACTS_BUCKET: bind.bucket(), TOPIC_ARN: bind.topic() },
  access: [
    { kind: 'objects', access: 'read', prefix: 'accountResults' },
    { kind: 'objects', access: 'read', prefix: 'decisions' },
    // What each remediation became (`Save outcomes`): the digest's fixed, failed and planned sections.
    { kind: 'objects', access: 'read', prefix: 'outcomes' },
    { kind: 'objects', access: 'write', prefix: 'notifications' },
    { kind: 'publish' },
  ],
  create: (env, ports: Pick<CommonPorts, 'artifacts' | 'publisher'>) =>
    createNotifyOwners({ store: ports.artifacts(env.ARTIFACTS_BUCKET), publish: ports.publisher(env.TOPIC_ARN) }),
});

export { notifyOwnersTask };
