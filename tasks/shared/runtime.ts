/**
 * What every Lambda entry point shares, created once per container at module scope: the logger,
 * the metrics publisher (CloudWatch EMF), the AWS ports every task may take (DynamoDB document
 * client, artifacts store, warnings to the log) and the environment parsed with the task's manifest
 * (tasks/shared/task-manifest.ts). Local runs build the same manifests with local ports and never
 * load this module.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { describeError, escapedError } from './errors';
import { METRICS_NAMESPACE, METRICS_SERVICE, type MetricPoint } from './metrics';
import { S3ObjectStore } from './object-store';
import { type EnvShape, type ParsedEnv, parseTaskEnv, type TaskManifest } from './task-manifest';
import { asRetryable } from './throttling';

const logger = new Logger({ serviceName: 'warden' });
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });

/**
 * The task's environment, parsed with its manifest: fails the cold start, not an invocation, when
 * the stack did not set a variable or set one the task cannot use (`TaskEnvironmentError`).
 */
function taskEnv<E extends EnvShape>(manifest: Pick<TaskManifest<E, never, unknown>, 'name' | 'env'>): ParsedEnv<E> {
  return parseTaskEnv(manifest, process.env);
}

function ddbDocument(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ retryMode: 'adaptive' }), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

function artifactsStore(bucket: string): S3ObjectStore {
  return new S3ObjectStore(new S3Client({ retryMode: 'adaptive' }), bucket);
}

/** A task's non-fatal failure, as a warning in its log (with the error's cause chain). */
function warnInLog(message: string, error: unknown): void {
  logger.warn(message, { error: describeError(error) });
}

/**
 * Publishes metric points as CloudWatch EMF lines on stdout (one line per dimension set). Never
 * throws: a metric that cannot be written is logged, the task's result stands.
 */
function publishMetrics(points: readonly MetricPoint[]): void {
  try {
    let stored = 0;
    for (const point of points) {
      const dimensions = Object.entries(point.dimensions ?? {});
      if (dimensions.length === 0) {
        metrics.addMetric(point.name, MetricUnit.Count, point.value);
        stored += 1;
        continue;
      }
      const single = metrics.singleMetric();
      for (const [name, value] of dimensions) single.addDimension(name, value);
      single.addMetric(point.name, MetricUnit.Count, point.value);
    }
    if (stored > 0) metrics.publishStoredMetrics();
  } catch (error) {
    logger.warn('metrics not published', error as Error);
  }
}

interface LambdaHandlerOptions<O> {
  /** The metric points a successful invocation publishes. @default none */
  readonly metrics?: (event: unknown, output: O) => readonly MetricPoint[];
}

/**
 * Wraps a task for Lambda: adds the invocation context to the logs, publishes the task's metrics
 * after a success, and logs a failure (in full, with its cause chain) before rethrowing it. A
 * retryable AWS failure (throttling, timeout, network, 5xx: tasks/shared/throttling.ts) is rethrown
 * as `RetryableAwsError`, the name every Task state's Retry matches; any other error keeps its own
 * `name` (the Node.js runtime reports it as `errorType`) for Catch. Either way `escapedError` makes
 * its message one visible line (it reaches the operators' notices through `$.error.Cause`).
 */
function lambdaHandler<O>(task: string, run: (event: unknown) => Promise<O>, options: LambdaHandlerOptions<O> = {}) {
  return async (event: unknown, context: Context): Promise<O> => {
    logger.addContext(context);
    logger.appendKeys({ task });
    let output: O;
    try {
      output = await run(event);
    } catch (error) {
      logger.error('task failed', error as Error);
      throw escapedError(asRetryable(error));
    }
    if (options.metrics !== undefined) {
      try {
        publishMetrics(options.metrics(event, output));
      } catch (error) {
        logger.warn('metrics not computed', error as Error);
      }
    }
    return output;
  };
}

export type { LambdaHandlerOptions };
export { artifactsStore, ddbDocument, lambdaHandler, logger, publishMetrics, taskEnv, warnInLog };
