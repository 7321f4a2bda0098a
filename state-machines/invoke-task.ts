/**
 * A Task state that invokes one Warden task function: its result is the function's return value
 * (`payloadResponseOnly`: no Lambda response envelope around it), and its retries are the one policy
 * of `retry.ts` (the integration's own Lambda retries are off, so the console shows one backoff).
 */
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { withTaskRetry } from './retry';

type InvokeTaskProps = Omit<tasks.LambdaInvokeProps, 'payloadResponseOnly' | 'retryOnServiceExceptions'>;

function invokeTask(scope: Construct, id: string, props: InvokeTaskProps): tasks.LambdaInvoke {
  return withTaskRetry(
    new tasks.LambdaInvoke(scope, id, { ...props, payloadResponseOnly: true, retryOnServiceExceptions: false }),
  );
}

export type { InvokeTaskProps };
export { invokeTask };
