/** Lambda entry for the exemptions' audit trail (DynamoDB Streams on `Exemptions`). */
import { ddbDocument, logger, requiredEnv } from '../shared/runtime';
import { createExemptionAudit } from './exemption-audit';

const audit = createExemptionAudit({ ddb: ddbDocument(), ledgerTable: requiredEnv('LEDGER_TABLE') });

export const handler: typeof audit = async (event) => {
  const result = await audit(event);
  if (result.batchItemFailures.length > 0) logger.error('exemption audit records not written', { result });
  return result;
};
