/** Lambda entry for `Record remediation`. */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ddbDocument, lambdaHandler, requiredEnv } from '../shared/runtime';
import { createRecordRemediation } from './record-remediation';

const events = new EventBridgeClient({ retryMode: 'adaptive' });
const eventBusName = requiredEnv('EVENT_BUS_NAME');

export const handler = lambdaHandler(
  'record-remediation',
  createRecordRemediation({
    ddb: ddbDocument(),
    ledgerTable: requiredEnv('LEDGER_TABLE'),
    publishEvent: async (detailType, detail) => {
      const out = await events.send(
        new PutEventsCommand({
          Entries: [
            { EventBusName: eventBusName, Source: 'warden', DetailType: detailType, Detail: JSON.stringify(detail) },
          ],
        }),
      );
      if ((out.FailedEntryCount ?? 0) > 0) {
        throw new Error(
          `EventBridge refused the event: ${out.Entries?.[0]?.ErrorCode} ${out.Entries?.[0]?.ErrorMessage}`,
        );
      }
    },
  }),
);
