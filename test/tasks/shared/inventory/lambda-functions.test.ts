import {
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  LambdaClient,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { lambdaFunctionNotPublic } from '../../../../tasks/rules/lambda/lambda-function-not-public';
import type { CollectContext } from '../../../../tasks/shared/inventory/collector';
import { lambdaFunctions } from '../../../../tasks/shared/inventory/lambda-functions';
import { PlaceboServiceError, placeboResponse, stubPlacebo } from '../../../support/placebo';

const lambda = mockClient(LambdaClient);
afterEach(() => lambda.reset());

const ctx: CollectContext = {
  accountId: '644160558196',
  region: 'us-west-2',
  client: (client, region) => new client({ region }),
};
const REC = 'test_cross_account_lambda__lambda';

/** The recording: two functions; process_resources has no policy (404), c7n-cross-check a public one. */
function stubRecording(): void {
  stubPlacebo(lambda.on(ListFunctionsCommand), `${REC}.ListFunctions_1.json`);
  stubPlacebo(lambda.on(GetPolicyCommand, { FunctionName: 'process_resources' }), `${REC}.GetPolicy_1.json`);
  stubPlacebo(lambda.on(GetPolicyCommand, { FunctionName: 'c7n-cross-check' }), `${REC}.GetPolicy_2.json`);
}

function recorded(file: string): Record<string, unknown> {
  const response = placeboResponse(file);
  if (!response.ok) throw response.error;
  return response.output;
}

describe('lambda-functions collector', () => {
  it('declares its reads, regional, recorded by Config', () => {
    expect(lambdaFunctions.resourceTypes).toEqual(['AWS::Lambda::Function']);
    expect(lambdaFunctions.reads).toEqual([
      'lambda:ListFunctions',
      'lambda:GetPolicy',
      'lambda:GetFunctionConfiguration',
    ]);
    expect(lambdaFunctions.recordedByConfig).toBe(true);
  });

  it('builds the recorded functions at Config paths; ResourceNotFoundException = no policy', async () => {
    stubRecording();
    const { items } = await lambdaFunctions.collect(ctx);
    expect(items.map((ci) => ci.resourceId)).toEqual(['process_resources', 'c7n-cross-check']);
    expect(items[0]).toEqual({
      resourceType: 'AWS::Lambda::Function',
      resourceId: 'process_resources',
      resourceName: 'process_resources',
      arn: 'arn:aws:lambda:us-west-2:644160558196:function:process_resources',
      accountId: '644160558196',
      region: 'us-west-2',
      availabilityZone: 'Not Applicable',
      status: 'OK',
      configuration: {
        version: '$LATEST',
        codeSha256: '8341HwPhM/J5h8xbCM/io4DV55d16S5CFc7V/x13Fow=',
        functionName: 'process_resources',
        vpcConfig: { subnetIds: [], securityGroupIds: [] },
        memorySize: 128,
        codeSize: 240,
        functionArn: 'arn:aws:lambda:us-west-2:644160558196:function:process_resources',
        handler: 'lambda_function.process_resources',
        role: 'arn:aws:iam::644160558196:role/lambda_basic_execution',
        timeout: 5,
        lastModified: '2016-06-26T12:13:51.420+0000',
        runtime: 'python2.7',
        description: '',
      },
      supplementaryConfiguration: {},
      tags: {},
      relationships: [],
    });
    expect(items[0]?.unknown).toBeUndefined();
    expect(items[1]?.supplementaryConfiguration.Policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'lambda:InvokeFunction',
          Resource: 'arn:aws:lambda:us-west-2:644160558196:function:c7n-cross-check',
          Effect: 'Allow',
          Principal: '*',
          Sid: 'oops',
        },
      ],
      Id: 'default',
    });
    const params = lambdaFunctionNotPublic.parameters.parse({});
    expect(items.map((ci) => lambdaFunctionNotPublic.evaluate(ci, params).status)).toEqual([
      'COMPLIANT',
      'NON_COMPLIANT',
    ]);
  });

  it("records Config's case (kmskeyArn, state.value) and never the environment variables", async () => {
    lambda.on(ListFunctionsCommand).resolves({
      Functions: [
        {
          ...(recorded('test_aws_lambda_delete__lambda.ListFunctions_1.json').Functions as object[])[0],
          KMSKeyArn: 'arn:aws:kms:us-east-2:644160558196:key/k',
          State: 'Active',
          Environment: { Variables: { DB_PASSWORD: 'hunter2' } },
          PackageType: 'Zip',
        },
      ] as never,
    });
    lambda.on(GetPolicyCommand).rejects(new PlaceboServiceError('ResourceNotFoundException', 'no policy', 404, {}));
    const [ci] = (await lambdaFunctions.collect({ ...ctx, region: 'us-east-2' })).items;
    expect(ci?.configuration).toMatchObject({
      functionName: 'superduper',
      kmskeyArn: 'arn:aws:kms:us-east-2:644160558196:key/k',
      state: { value: 'Active' },
      packageType: 'Zip',
    });
    expect(JSON.stringify(ci)).not.toContain('hunter2');
  });

  it('pages ListFunctions by NextMarker', async () => {
    // Two recordings chained into pages; the marker is ours.
    lambda
      .on(ListFunctionsCommand)
      .resolvesOnce({ ...recorded(`${REC}.ListFunctions_1.json`), NextMarker: 'page-2' } as never)
      .resolvesOnce(recorded('test_aws_lambda_delete__lambda.ListFunctions_1.json') as never);
    lambda.on(GetPolicyCommand).rejects(new PlaceboServiceError('ResourceNotFoundException', 'no policy', 404, {}));
    const { items } = await lambdaFunctions.collect(ctx);
    expect(lambda.commandCalls(ListFunctionsCommand).map((c) => c.args[0].input)).toEqual([
      { MaxItems: 50 },
      { MaxItems: 50, Marker: 'page-2' },
    ]);
    expect(items.map((ci) => ci.resourceId)).toEqual(['process_resources', 'c7n-cross-check', 'superduper']);
  });

  it('no functions: no items (ListFunctions response example, Lambda API reference, with none)', async () => {
    lambda.on(ListFunctionsCommand).resolves({ Functions: [] });
    expect(await lambdaFunctions.collect(ctx)).toEqual({ items: [] });
  });

  it('AccessDenied on GetPolicy is unknown, never "no policy"; throttling propagates', async () => {
    stubRecording();
    lambda
      .on(GetPolicyCommand, { FunctionName: 'c7n-cross-check' })
      .rejects(new PlaceboServiceError('AccessDeniedException', 'not authorized', 403, {}));
    const { items } = await lambdaFunctions.collect(ctx);
    expect(items[1]?.unknown).toEqual({ Policy: 'AccessDeniedException' });
    expect(items[1]?.supplementaryConfiguration).toEqual({});
    lambda
      .on(GetPolicyCommand, { FunctionName: 'c7n-cross-check' })
      .rejects(new PlaceboServiceError('TooManyRequestsException', 'Rate exceeded', 429, {}));
    await expect(lambdaFunctions.collect(ctx)).rejects.toThrow('Rate exceeded');
  });

  it('a failing ListFunctions propagates', async () => {
    lambda.on(ListFunctionsCommand).rejects(new PlaceboServiceError('AccessDeniedException', 'denied', 403, {}));
    await expect(lambdaFunctions.collect(ctx)).rejects.toThrow('denied');
  });

  it('readOne: GetFunctionConfiguration and the policy, or undefined once the function is gone', async () => {
    stubRecording();
    const fn = (recorded(`${REC}.ListFunctions_1.json`).Functions as object[])[1];
    lambda.on(GetFunctionConfigurationCommand, { FunctionName: 'c7n-cross-check' }).resolves(fn as never);
    const ref = {
      resourceType: 'AWS::Lambda::Function',
      resourceId: 'c7n-cross-check',
      accountId: '644160558196',
      region: 'us-west-2',
    };
    const ci = await lambdaFunctions.readOne?.(ctx, ref);
    expect([ci?.resourceId, ci?.configuration.runtime]).toEqual(['c7n-cross-check', 'python2.7']);
    expect(ci?.supplementaryConfiguration.Policy).toBeDefined();
    expect(lambda.commandCalls(ListFunctionsCommand)).toHaveLength(0);
    lambda
      .on(GetFunctionConfigurationCommand)
      .rejects(new PlaceboServiceError('ResourceNotFoundException', 'Function not found', 404, {}));
    expect(await lambdaFunctions.readOne?.(ctx, ref)).toBeUndefined();
  });
});
