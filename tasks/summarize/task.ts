/** Manifest of `Summarize`: the sweep report, the ledger's JSON lines, and the exemption review's reminders. */
import { LEDGER_BY_EXECUTION } from '../shared/ledger';
import { bind, type CommonPorts, defineTask } from '../shared/task-manifest';
import { createSummarize } from './summarize';

const summarizeTask = defineTask({
  name: 'summarize',
  description: 'Warden sweep: Summarize',
  env: {
    ARTIFACTS_BUCKET: bind.bucket(),
    LEDGER_TABLE: bind.table('ledger'),
    EXEMPTIONS_TABLE: bind.table('exemptions'),
    TOPIC_ARN: bind.topic(),
  },
  access: [
    { kind: 'objects', access: 'read', prefix: 'decisions' },
    { kind: 'objects', access: 'read', prefix: 'accountResults' },
    { kind: 'objects', access: 'read', prefix: 'notifications' },
    { kind: 'objects', access: 'read', prefix: 'outcomes' },
    { kind: 'objects', access: 'read', prefix: 'invalidItems' },
    { kind: 'objects', access: 'write', prefix: 'reports' },
    { kind: 'objects', access: 'write', prefix: 'ledger' },
    { kind: 'table', table: 'ledger', operations: ['Query'], indexes: [LEDGER_BY_EXECUTION] },
    // The exemption review reads the whole table; reminders go to the topic.
    { kind: 'table', table: 'exemptions', operations: ['Scan'] },
    { kind: 'publish' },
  ],
  create: (env, ports: Pick<CommonPorts, 'artifacts' | 'ddb' | 'publisher' | 'now'>) =>
    createSummarize({
      store: ports.artifacts(env.ARTIFACTS_BUCKET),
      ddb: ports.ddb,
      ledgerTable: env.LEDGER_TABLE,
      exemptionsTable: env.EXEMPTIONS_TABLE,
      publish: ports.publisher(env.TOPIC_ARN),
      ...(ports.now === undefined ? {} : { now: ports.now }),
    }),
});

export { summarizeTask };
