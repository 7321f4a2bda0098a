/** Lambda entry for the exemptions' audit trail (DynamoDB Streams on `Exemptions`). */
import { ddbDocument, logger, taskEnv } from '../shared/runtime';
import { exemptionAuditTask as task } from './task';

const audit = task.create(taskEnv(task), { ddb: ddbDocument() });

export const handler: typeof audit = async (event) => {
  const result = await audit(event);
  if (result.batchItemFailures.length > 0) logger.error('exemption audit records not written', { result });
  return result;
};
