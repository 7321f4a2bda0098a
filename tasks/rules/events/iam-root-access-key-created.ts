/**
 * iam-root-access-key-created: the root user created an access key for itself (CreateAccessKey called
 * by the root user with no `requestParameters.userName`: a key for the caller). Root keys cannot be
 * scoped by any policy. Root creating a key for an IAM user names that user and is not this rule's.
 */
import { z } from 'zod';
import { textAt } from '../../shared/events/json';
import { callNotice, isCallOf } from './api-call-notice';
import { defineEventRule, noMatch } from './event-rule';

const parameters = z.object({}).strict();
type IamRootAccessKeyCreatedParams = z.infer<typeof parameters>;

const iamRootAccessKeyCreated = defineEventRule<IamRootAccessKeyCreatedParams>({
  id: 'iam-root-access-key-created',
  title: 'An access key was created for the root user',
  severity: 'CRITICAL',
  controls: ['CIS 4.3'],
  controlsNote:
    "One root API call of CIS 4.3's root usage. The state it creates (a root access key exists) fails FSBP IAM.4 / CIS 1.4, left to a resource rule.",
  rationale:
    'A root access key has every permission in the account and no policy can narrow it; AWS and every benchmark say it should not exist. Its creation is notified at once, naming the key and where the call came from, so it is deleted before it is used or leaked.',
  triggers: { cloudTrail: [{ source: 'aws.iam', eventNames: ['CreateAccessKey'] }] },
  defaultMode: 'notify',
  parameters,
  evaluate(event) {
    if (!isCallOf(event, 'iam.amazonaws.com', ['CreateAccessKey'])) {
      return noMatch(
        `iam-root-access-key-created: ${event.eventName || event.detailType} does not create an access key`,
      );
    }
    if (event.originator?.type !== 'Root') {
      return noMatch('iam-root-access-key-created: the access key was not created by the root user');
    }
    const forUser = textAt(event.request, 'userName');
    if (forUser !== undefined) {
      return noMatch(`iam-root-access-key-created: the root user created an access key for IAM user ${forUser}`);
    }
    const keyId = textAt(event.response, 'accessKey', 'accessKeyId');
    return callNotice(event, {
      what: `created root access key ${keyId ?? '(id not recorded)'}`,
      why: 'A root access key has every permission in the account and cannot be restricted; delete it.',
      details: keyId === undefined ? {} : { 'Access key': keyId },
    });
  },
});

export { type IamRootAccessKeyCreatedParams, iamRootAccessKeyCreated };
