/** Manifest of the trail forwarder (SQS queue of the trail bucket's S3 notifications → the central bus). */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { bind, defineTask } from '../shared/task-manifest';
import { createForwardTrail } from './forward-trail';

interface ForwardTrailPorts {
  readonly s3: S3Client;
  readonly eventBridge: EventBridgeClient;
  readonly warn?: (message: string, details: Record<string, unknown>) => void;
}

const forwardTrailTask = defineTask({
  name: 'forward-trail',
  description: 'Warden events: CloudTrail log files of the trail bucket → matching records on the central bus',
  env: {
    EVENT_BUS_NAME: bind.eventBus('warden'),
    TRIGGER_RULE_NAMES: bind.triggerRules(),
    TRAIL_BUCKET: bind.setting('trailBucket', z.string().min(3)),
    TRAIL_KEY_PREFIX: bind.setting('trailKeyPrefix', z.string().optional()),
  },
  access: [{ kind: 'trailObjects' }, { kind: 'describeTriggerRules' }, { kind: 'putEvents', bus: 'warden' }],
  create: (env, ports: ForwardTrailPorts) =>
    createForwardTrail({
      s3: ports.s3,
      events: ports.eventBridge,
      eventBusName: env.EVENT_BUS_NAME,
      trailBucket: env.TRAIL_BUCKET,
      ...(env.TRAIL_KEY_PREFIX === undefined ? {} : { keyPrefix: env.TRAIL_KEY_PREFIX }),
      ruleNames: env.TRIGGER_RULE_NAMES,
      ...(ports.warn === undefined ? {} : { warn: ports.warn }),
    }),
});

export type { ForwardTrailPorts };
export { forwardTrailTask };
