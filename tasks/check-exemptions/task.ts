/** Manifest of the sweep's `Check exemptions`: decides an account's findings (exemptions, modes, kill switch) and records them. */
import { bind, type CommonPorts, defineTask } from '../shared/task-manifest';
import { createCheckExemptions } from './check-exemptions';

const checkExemptionsTask = defineTask({
  name: 'check-exemptions',
  description: 'Warden sweep: Check exemptions',
  env: {
    WARDEN_CONFIG: bind.config(),
    ARTIFACTS_BUCKET: bind.bucket(),
    KILL_SWITCH_PARAMETER: bind.killSwitch(),
    EXEMPTIONS_TABLE: bind.table('exemptions'),
    LEDGER_TABLE: bind.table('ledger'),
  },
  access: [
    { kind: 'table', table: 'exemptions', operations: ['Query'] },
    { kind: 'table', table: 'ledger', operations: ['BatchWriteItem', 'PutItem'] },
    { kind: 'killSwitch' },
    { kind: 'objects', access: 'read', prefix: 'findings' },
    { kind: 'objects', access: 'write', prefix: 'decisions' },
    { kind: 'objects', access: 'write', prefix: 'remediations' },
  ],
  create: (env, ports: Pick<CommonPorts, 'ddb' | 'artifacts' | 'killSwitch' | 'now'>) =>
    createCheckExemptions({
      ddb: ports.ddb,
      exemptionsTable: env.EXEMPTIONS_TABLE,
      ledgerTable: env.LEDGER_TABLE,
      killSwitch: ports.killSwitch(env.KILL_SWITCH_PARAMETER),
      store: ports.artifacts(env.ARTIFACTS_BUCKET),
      config: env.WARDEN_CONFIG,
      ...(ports.now === undefined ? {} : { now: ports.now }),
    }),
});

export { checkExemptionsTask };
