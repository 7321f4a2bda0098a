/** Lambda entry for `Record remediation`. */
import { ddbDocument, lambdaHandler, requiredEnv } from '../shared/runtime';
import { createRecordRemediation } from './record-remediation';

export const handler = lambdaHandler(
  'record-remediation',
  createRecordRemediation({ ddb: ddbDocument(), ledgerTable: requiredEnv('LEDGER_TABLE') }),
);
