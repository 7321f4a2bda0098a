/**
 * lambda-function-supported-runtime: every Lambda function deployed as a .zip archive uses a runtime
 * Lambda still supports (FSBP Lambda.2). Notify only: a runtime upgrade is a code change.
 *
 * Reads `configuration.runtime` and `configuration.packageType` as AWS Config records them for
 * AWS::Lambda::Function (awslabs/aws-config-resource-schema). NOT_APPLICABLE: container-image
 * functions (`packageType` Image: the image brings its own runtime, which Lambda does not report).
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { stringOf } from '../ci-values';
import { defineRule } from '../rule';

/**
 * The runtimes AWS's Lambda runtimes page ("Supported runtimes", Lambda developer guide) lists as not
 * yet deprecated in late 2026. Left out as deprecated: nodejs20.x and earlier, python3.10 and earlier,
 * ruby3.2 and earlier, dotnet8 and earlier, java8 (Amazon Linux 1), go1.x, provided (Amazon Linux 1).
 */
const SUPPORTED_RUNTIMES = [
  'nodejs24.x',
  'nodejs22.x',
  'python3.14',
  'python3.13',
  'python3.12',
  'python3.11',
  'java25',
  'java21',
  'java17',
  'java11',
  'java8.al2',
  'dotnet10',
  'ruby3.4',
  'ruby3.3',
  'provided.al2023',
  'provided.al2',
] as const;

const parameters = z
  .object({
    /**
     * Runtime identifiers that count as supported; update it as Lambda deprecates runtimes.
     * @default the runtimes Lambda lists as supported (SUPPORTED_RUNTIMES)
     */
    supportedRuntimes: z
      .array(z.string().min(1))
      .min(1)
      .default(() => [...SUPPORTED_RUNTIMES]),
  })
  .strict();

type LambdaFunctionSupportedRuntimeParams = z.infer<typeof parameters>;

function evaluate(ci: ConfigurationItem, params: LambdaFunctionSupportedRuntimeParams): Evaluation {
  if (isGone(ci))
    return { status: 'NOT_APPLICABLE', message: `Function ${ci.resourceId} no longer exists (${ci.status})` };
  if (stringOf(ci.configuration.packageType) === 'Image') {
    return {
      status: 'NOT_APPLICABLE',
      message: `Function ${ci.resourceId} is a container image, whose runtime is built into the image`,
    };
  }
  const runtime = stringOf(ci.configuration.runtime);
  if (runtime === undefined) throw new UnknownPropertyError('runtime', 'not recorded in the configuration item');
  const evidence = { runtime };
  return params.supportedRuntimes.includes(runtime)
    ? { status: 'COMPLIANT', message: `Function ${ci.resourceId} runs on ${runtime}, a supported runtime`, evidence }
    : {
        status: 'NON_COMPLIANT',
        message: `Function ${ci.resourceId} runs on ${runtime}, which Lambda no longer supports: it gets no security patches`,
        evidence,
      };
}

const lambdaFunctionSupportedRuntime = defineRule<LambdaFunctionSupportedRuntimeParams>({
  id: 'lambda-function-supported-runtime',
  title: 'Lambda functions use a supported runtime',
  severity: 'MEDIUM',
  controls: ['FSBP Lambda.2'],
  controlsNote:
    'Security Hub checks Lambda.2 against its own list of runtimes; this rule uses the supportedRuntimes parameter, whose default also counts the OS-only runtimes (provided.al2023, provided.al2) as supported.',
  rationale:
    'A deprecated runtime gets no more security patches for its language or OS, and Lambda later blocks updates to functions that use it, so a fix cannot be deployed in a hurry. Moving to a newer runtime is a code change the owner must test, so the rule notifies.',
  resourceTypes: ['AWS::Lambda::Function'],
  triggers: {
    cloudTrail: [
      { source: 'aws.lambda', eventNames: ['CreateFunction20150331', 'UpdateFunctionConfiguration20150331v2'] },
    ],
    configChange: true,
    sweep: true,
  },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'Runtime',
    change: (ci) =>
      `set Runtime to a supported runtime of the same language (now ${stringOf(ci.configuration.runtime) ?? 'unknown'})`,
    cdk: 'runtime: lambda.Runtime.<a supported runtime>',
    terraform: 'runtime = "<a supported runtime>" on aws_lambda_function',
  },
});

export { type LambdaFunctionSupportedRuntimeParams, lambdaFunctionSupportedRuntime, SUPPORTED_RUNTIMES };
