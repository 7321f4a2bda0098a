/**
 * What every Lambda entry point shares, created once per container at module scope: the logger,
 * the DynamoDB document client, the artifacts store and the deployment's config.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { configFromJson, type WardenConfig } from './config';
import { S3ObjectStore } from './object-store';

const logger = new Logger({ serviceName: 'warden' });

/** Fails the cold start, not an invocation, when the stack did not set a variable. */
function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`environment variable ${name} is not set`);
  return value;
}

function ddbDocument(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ retryMode: 'adaptive' }), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

function artifactsStore(): S3ObjectStore {
  return new S3ObjectStore(new S3Client({ retryMode: 'adaptive' }), requiredEnv('ARTIFACTS_BUCKET'));
}

function wardenConfig(): WardenConfig {
  return configFromJson(process.env.WARDEN_CONFIG);
}

/**
 * Wraps a task for Lambda: adds the invocation context to the logs and logs a failure before
 * rethrowing it unchanged, so Step Functions sees the error's own `name` for Retry/Catch.
 */
function lambdaHandler<O>(task: string, run: (event: unknown) => Promise<O>) {
  return async (event: unknown, context: Context): Promise<O> => {
    logger.addContext(context);
    logger.appendKeys({ task });
    try {
      return await run(event);
    } catch (error) {
      logger.error('task failed', error as Error);
      throw error;
    }
  };
}

export { artifactsStore, ddbDocument, lambdaHandler, logger, requiredEnv, wardenConfig };
