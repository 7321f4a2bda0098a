/**
 * Manifest of `Remediate` (the sweep's, also bound by the event workflow): the kill switch, the loop
 * breaker, the per-sweep blast-radius cap and the deployment's rules, composed one way for AWS and
 * for a local run. Without remediation clients (offline) every remediation is PLANNED.
 */
import { z } from 'zod';
import { ownerRouting } from '../engine/owner-routing';
import { activeRules } from '../rules/settings';
import { bind, type CommonPorts, defineTask, type MemberRoleAccess } from '../shared/task-manifest';
import { createRemediate, type RemediateDeps } from './remediate';

interface RemediatePorts extends Pick<CommonPorts, 'ddb' | 'killSwitch' | 'now'> {
  /** SDK clients holding the WardenRemediate role's credentials; `undefined` where nothing may be sent. */
  readonly remediationClients: (access: MemberRoleAccess) => RemediateDeps['clientsFor'];
}

const remediateTask = defineTask({
  name: 'remediate',
  description: 'Warden sweep: Remediate',
  env: {
    WARDEN_CONFIG: bind.config(),
    KILL_SWITCH_PARAMETER: bind.killSwitch(),
    LEDGER_TABLE: bind.table('ledger'),
    /** Powertools idempotency's records (the Lambda entry's wrapper, tasks/remediate/idempotency.ts). */
    IDEMPOTENCY_TABLE: bind.table('idempotency'),
    BLAST_RADIUS_TABLE: bind.table('blastRadius'),
    REMEDIATE_ROLE_NAME: bind.setting('remediateRoleName', z.string().min(1)),
    EXTERNAL_ID: bind.setting('externalId', z.string().min(1)),
    AWS_PARTITION: bind.setting('partition', z.string().min(1)),
  },
  access: [
    { kind: 'assumeMemberRole', role: 'remediateRoleName' },
    { kind: 'killSwitch' },
    { kind: 'table', table: 'ledger', operations: ['Query'] },
    // Powertools idempotency: the calls DynamoDBPersistenceLayer makes on its records.
    { kind: 'table', table: 'idempotency', operations: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'] },
    // The per-sweep blast-radius counter: one conditional UpdateItem per remediation, nothing else.
    { kind: 'table', table: 'blastRadius', operations: ['UpdateItem'] },
  ],
  create: (env, ports: RemediatePorts) => {
    const config = env.WARDEN_CONFIG;
    const clientsFor = ports.remediationClients({
      roleName: env.REMEDIATE_ROLE_NAME,
      externalId: env.EXTERNAL_ID,
      partition: env.AWS_PARTITION,
    });
    const rules = activeRules(config);
    return createRemediate({
      ...(ports.now === undefined ? {} : { now: ports.now }),
      killSwitch: ports.killSwitch(env.KILL_SWITCH_PARAMETER),
      loopBreaker: { ddb: ports.ddb, ledgerTable: env.LEDGER_TABLE, ...config.loopBreaker },
      // The per-sweep blast-radius cap counts planned remediations too.
      sweepCap: {
        ddb: ports.ddb,
        table: env.BLAST_RADIUS_TABLE,
        maxResources: config.blastRadius.perSweep.maxResources,
      },
      // The live state is judged with the deployment's parameters, as the decision was.
      rules,
      // Its notification goes to the owner `Check exemptions` named, and is sent at once only from this severity up.
      owners: ownerRouting(config, rules),
      immediateSeverity: config.immediateSeverity,
      ...(clientsFor === undefined ? {} : { clientsFor }),
    });
  },
});

export type { RemediatePorts };
export { remediateTask };
