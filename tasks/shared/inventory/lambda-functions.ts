/**
 * Lambda functions of one account-region as AWS Config `AWS::Lambda::Function` items: ListFunctions
 * (paged by `NextMarker`; `configuration` = its FunctionConfiguration in Config's case: `functionName`,
 * `runtime`, `packageType`, `kmskeyArn`, `state.value`, …; resourceId and resourceName = the function
 * name), and GetPolicy per function for its resource-based policy, recorded as Config's Lambda items
 * carry it: `supplementaryConfiguration.Policy` (the policy JSON, decoded as `normalizeCi` decodes
 * Config's string). The schema's property list does not index it (it is one JSON text), which is why
 * it is not among the schema's paths. Environment variables are never recorded (Config omits them:
 * they often hold secrets).
 *
 * Errors: GetPolicy's `ResourceNotFoundException` means "no resource-based policy" (nothing recorded,
 * as Config records nothing then); any other GetPolicy failure (AccessDenied) goes to
 * `unknown.Policy`; throttling and a failed ListFunctions propagate.
 */
import {
  type FunctionConfiguration,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  LambdaClient,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import { errorName } from '../aws/aws-errors';
import { collectPages } from '../aws/pager';
import type { ConfigurationItem } from '../model';
import { isThrottlingError } from '../throttling';
import { defineCollector } from './collector';
import { partitionOf } from './config-case';
import { toRunCase } from './config-case-run';

const LAMBDA_FUNCTION_READS = ['lambda:ListFunctions', 'lambda:GetPolicy', 'lambda:GetFunctionConfiguration'] as const;

/** Largest page ListFunctions allows (MaxItems 1–50). */
const PAGE_SIZE = 50;

/** GetPolicy: the function has no resource-based policy; GetFunctionConfiguration: no such function. */
const NOT_FOUND = 'ResourceNotFoundException';

function decoded(policy: string): unknown {
  try {
    return JSON.parse(policy) as unknown;
  } catch {
    return policy;
  }
}

async function policyOf(
  lambda: LambdaClient,
  functionName: string,
): Promise<{ supplementary: Record<string, unknown>; unknown?: Record<string, string> }> {
  try {
    const out = await lambda.send(new GetPolicyCommand({ FunctionName: functionName }));
    return { supplementary: out.Policy === undefined ? {} : { Policy: decoded(out.Policy) } };
  } catch (error) {
    if (isThrottlingError(error)) throw error;
    if (errorName(error) === NOT_FOUND) return { supplementary: {} };
    return { supplementary: {}, unknown: { Policy: errorName(error) } };
  }
}

/** Config records the function's state enums as `{value}` objects (`state.value`, `stateReason.value`). */
function configurationOf(fn: FunctionConfiguration): Record<string, unknown> {
  const { Environment: _secrets, State, StateReason, ...rest } = fn;
  return {
    ...(toRunCase(rest) as Record<string, unknown>),
    ...(State === undefined ? {} : { state: { value: State } }),
    ...(StateReason === undefined ? {} : { stateReason: { value: StateReason } }),
  };
}

async function functionToCi(
  lambda: LambdaClient,
  fn: FunctionConfiguration,
  accountId: string,
  region: string,
): Promise<ConfigurationItem | undefined> {
  const name = fn.FunctionName;
  if (name === undefined) return undefined;
  const policy = await policyOf(lambda, name);
  return {
    resourceType: 'AWS::Lambda::Function',
    resourceId: name,
    resourceName: name,
    arn: fn.FunctionArn ?? `arn:${partitionOf(region)}:lambda:${region}:${accountId}:function:${name}`,
    accountId,
    region,
    availabilityZone: 'Not Applicable',
    status: 'OK',
    configuration: configurationOf(fn),
    supplementaryConfiguration: policy.supplementary,
    tags: {},
    relationships: [],
    ...(policy.unknown === undefined ? {} : { unknown: policy.unknown }),
  };
}

const lambdaFunctions = defineCollector({
  resourceTypes: ['AWS::Lambda::Function'],
  scope: 'region',
  api: 'lambda:ListFunctions',
  reads: LAMBDA_FUNCTION_READS,
  recordedByConfig: true,
  async collect(ctx) {
    const lambda = ctx.client(LambdaClient, ctx.region);
    const functions = await collectPages('ListFunctions', async (marker) => {
      const page = await lambda.send(
        new ListFunctionsCommand({ MaxItems: PAGE_SIZE, ...(marker === undefined ? {} : { Marker: marker }) }),
      );
      return { items: page.Functions ?? [], nextToken: page.NextMarker };
    });
    const items: ConfigurationItem[] = [];
    for (const fn of functions) {
      const ci = await functionToCi(lambda, fn, ctx.accountId, ctx.region);
      if (ci !== undefined) items.push(ci);
    }
    return { items };
  },
  async readOne(ctx, ref) {
    const name = ref.resourceId ?? ref.resourceName;
    if (name === undefined) return undefined;
    const lambda = ctx.client(LambdaClient, ctx.region);
    let fn: FunctionConfiguration;
    try {
      fn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    } catch (error) {
      if (errorName(error) === NOT_FOUND) return undefined;
      throw error;
    }
    return functionToCi(lambda, fn, ctx.accountId, ctx.region);
  },
});

export { LAMBDA_FUNCTION_READS, lambdaFunctions };
