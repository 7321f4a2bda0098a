/** Manifest of `Record remediation`: the ledger record, and a `Warden Remediation Applied` event on the account's default bus. */
import { bind, type CommonPorts, defineTask } from '../shared/task-manifest';
import { createRecordRemediation } from './record-remediation';

interface RecordRemediationPorts extends Pick<CommonPorts, 'ddb'> {
  /** Puts an event on the named bus (EventBridge in AWS, the run's event list locally). */
  readonly eventPublisher: (busName: string) => (detailType: string, detail: Record<string, unknown>) => Promise<void>;
}

const recordRemediationTask = defineTask({
  name: 'record-remediation',
  description: 'Warden sweep: Record remediation',
  env: { LEDGER_TABLE: bind.table('ledger'), EVENT_BUS_NAME: bind.eventBus('remediationEvents') },
  access: [
    { kind: 'table', table: 'ledger', operations: ['PutItem'] },
    { kind: 'putEvents', bus: 'remediationEvents' },
  ],
  create: (env, ports: RecordRemediationPorts) =>
    createRecordRemediation({
      ddb: ports.ddb,
      ledgerTable: env.LEDGER_TABLE,
      publishEvent: ports.eventPublisher(env.EVENT_BUS_NAME),
    }),
});

export type { RecordRemediationPorts };
export { recordRemediationTask };
