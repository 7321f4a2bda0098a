/** Manifest of `Fetch current state`: the current configuration of the resources an event names, read with the WardenAudit role. */
import { z } from 'zod';
import type { ResourceReader } from '../shared/inventory/resource-reader';
import { bind, type CommonPorts, defineTask, type MemberRoleAccess } from '../shared/task-manifest';
import { createFetchResource } from './fetch-resource';

interface FetchResourcePorts extends Pick<CommonPorts, 'artifacts'> {
  /** Reads a resource's current state: the member account's APIs in AWS, a Config snapshot locally. */
  readonly resourceReader: (access: MemberRoleAccess) => ResourceReader;
}

const fetchResourceTask = defineTask({
  name: 'fetch-resource',
  description: 'Warden events: Fetch current state',
  env: {
    ARTIFACTS_BUCKET: bind.bucket(),
    AUDIT_ROLE_NAME: bind.setting('auditRoleName', z.string().min(1)),
    EXTERNAL_ID: bind.setting('externalId', z.string().min(1)),
    AWS_PARTITION: bind.setting('partition', z.string().min(1)),
  },
  access: [
    { kind: 'assumeMemberRole', role: 'auditRoleName' },
    { kind: 'objects', access: 'read', prefix: 'inventories' },
    { kind: 'objects', access: 'write', prefix: 'inventories' },
  ],
  create: (env, ports: FetchResourcePorts) =>
    createFetchResource({
      store: ports.artifacts(env.ARTIFACTS_BUCKET),
      reader: ports.resourceReader({
        roleName: env.AUDIT_ROLE_NAME,
        externalId: env.EXTERNAL_ID,
        partition: env.AWS_PARTITION,
      }),
    }),
});

export type { FetchResourcePorts };
export { fetchResourceTask };
