/**
 * A Warden task: one Lambda function per state-machine task, bundled from `tasks/<task>/index.ts`
 * with the local esbuild (no Docker), on the current Node.js runtime, arm64, with X-Ray and JSON
 * logs in a log group of known retention (encrypted with the Warden key when given). Each task has
 * its own role holding only its log group's write permission; the workflow adds what the task does.
 */
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface TaskFunctionProps {
  /** The folder under `tasks/` whose `index.ts` exports `handler`; also set as `WARDEN_TASK`. */
  readonly task: string;
  readonly description: string;
  readonly environment?: Record<string, string>;
  /** @default Duration.minutes(5) */
  readonly timeout?: Duration;
  /** @default 1024 */
  readonly memorySize?: number;
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
  /** Name of the execution role, for roles other accounts trust by name. @default generated */
  readonly roleName?: string;
  /** Customer-managed key for the log group. @default CloudWatch Logs' own encryption */
  readonly encryptionKey?: kms.IKey;
}

class TaskFunction extends nodejs.NodejsFunction {
  public constructor(scope: Construct, id: string, props: TaskFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(props.encryptionKey !== undefined ? { encryptionKey: props.encryptionKey } : {}),
    });
    // Not AWSLambdaBasicExecutionRole: the log group exists, so the role only writes to it.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Warden task ${props.task}: only what this task does`,
      ...(props.roleName !== undefined ? { roleName: props.roleName } : {}),
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    super(scope, id, {
      role,
      description: props.description,
      entry: `${REPO_ROOT}tasks/${props.task}/index.ts`,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.minutes(5),
      tracing: lambda.Tracing.ACTIVE,
      loggingFormat: lambda.LoggingFormat.JSON,
      logGroup,
      environment: {
        WARDEN_TASK: props.task,
        POWERTOOLS_SERVICE_NAME: 'warden',
        ...props.environment,
      },
      bundling: {
        minify: true,
        sourceMap: true,
        target: 'node22',
        format: nodejs.OutputFormat.CJS,
        // Bundle the AWS SDK too: the versions tested are the versions shipped.
        externalModules: [],
        // Keep class names: errors are matched by name in Retry/Catch.
        keepNames: true,
      },
    });
  }
}

export type { TaskFunctionProps };
export { REPO_ROOT, TaskFunction };
