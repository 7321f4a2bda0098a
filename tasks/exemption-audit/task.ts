/** Manifest of the exemptions' audit trail: one ledger record per change to an exemption (DynamoDB Streams on `Exemptions`). */
import { bind, type CommonPorts, defineTask } from '../shared/task-manifest';
import { createExemptionAudit } from './exemption-audit';

const exemptionAuditTask = defineTask({
  name: 'exemption-audit',
  description: 'Warden: ledger record for every change to an exemption (DynamoDB Streams)',
  env: { LEDGER_TABLE: bind.table('ledger') },
  access: [
    { kind: 'table', table: 'ledger', operations: ['BatchWriteItem'] },
    // The stream read itself is granted with its event source (infra/constructs/exemption-audit.ts).
    { kind: 'tableStreamKey', table: 'exemptions' },
  ],
  create: (env, ports: Pick<CommonPorts, 'ddb'>) =>
    createExemptionAudit({ ddb: ports.ddb, ledgerTable: env.LEDGER_TABLE }),
});

export { exemptionAuditTask };
