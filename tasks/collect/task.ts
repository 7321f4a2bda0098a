/** Manifest of `Collect resources`: one account's inventory, read with the WardenAudit role (or from a Config aggregator). */
import { z } from 'zod';
import type { ResourceSource } from '../shared/inventory/source';
import { bind, type CommonPorts, defineTask, type MemberRoleAccess } from '../shared/task-manifest';
import { createCollect } from './collect';

interface CollectPorts extends Pick<CommonPorts, 'artifacts'> {
  /** Where an account's resources are read: the live collectors in AWS, a Config snapshot locally. */
  readonly resourceSource: (access: MemberRoleAccess & { readonly aggregatorName?: string }) => ResourceSource;
}

const collectTask = defineTask({
  name: 'collect',
  description: 'Warden sweep: Collect resources',
  env: {
    ARTIFACTS_BUCKET: bind.bucket(),
    AUDIT_ROLE_NAME: bind.setting('auditRoleName', z.string().min(1)),
    EXTERNAL_ID: bind.setting('externalId', z.string().min(1)),
    AWS_PARTITION: bind.setting('partition', z.string().min(1)),
    /** Accounts whose registry entry says `source: config` are read from this aggregator when it is set. */
    CONFIG_AGGREGATOR_NAME: bind.setting('configAggregatorName', z.string().min(1).optional()),
  },
  access: [
    { kind: 'objects', access: 'write', prefix: 'inventories' },
    { kind: 'assumeMemberRole', role: 'auditRoleName' },
    { kind: 'configAggregator' },
  ],
  create: (env, ports: CollectPorts) =>
    createCollect({
      store: ports.artifacts(env.ARTIFACTS_BUCKET),
      source: ports.resourceSource({
        roleName: env.AUDIT_ROLE_NAME,
        externalId: env.EXTERNAL_ID,
        partition: env.AWS_PARTITION,
        ...(env.CONFIG_AGGREGATOR_NAME === undefined ? {} : { aggregatorName: env.CONFIG_AGGREGATOR_NAME }),
      }),
    }),
});

export type { CollectPorts };
export { collectTask };
