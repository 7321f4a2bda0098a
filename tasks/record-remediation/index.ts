/** Lambda entry for `Record remediation`. */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ddbDocument, lambdaHandler, taskEnv } from '../shared/runtime';
import { recordRemediationTask as task } from './task';

const events = new EventBridgeClient({ retryMode: 'adaptive' });

export const handler = lambdaHandler(
  task.name,
  task.create(taskEnv(task), {
    ddb: ddbDocument(),
    eventPublisher: (eventBusName) => async (detailType, detail) => {
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
