/**
 * AWS client settings for commands that talk to AWS with the caller's own credentials:
 * `--profile NAME` reads that profile of ~/.aws/config and ~/.aws/credentials (SSO, assumed roles and
 * static keys alike); without it the SDK's default chain (environment, AWS_PROFILE, instance role).
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { CliError } from './errors';

interface AwsFlags {
  readonly profile?: string;
  readonly region?: string;
}

interface ClientConfig {
  readonly profile?: string;
  readonly region?: string;
  readonly credentials?: AwsCredentialIdentityProvider;
}

function clientConfig(flags: AwsFlags): ClientConfig {
  return {
    ...(flags.profile !== undefined
      ? { profile: flags.profile, credentials: fromIni({ profile: flags.profile }) }
      : {}),
    ...(flags.region !== undefined ? { region: flags.region } : {}),
  };
}

/**
 * The client settings of a command that will call AWS, checked in the order a person fixes them:
 * first that the `--profile` exists and yields credentials (a misspelt profile used to be reported
 * as "Region is missing"), then a region: `--region`, the first of `regions`, or the SDK's own
 * (AWS_REGION, the profile's). `regionFlags` names the flags of this command that give one.
 */
async function checkedClientConfig(
  flags: AwsFlags,
  regionFlags: string,
  regions: readonly string[] = [],
): Promise<ClientConfig & { readonly region: string }> {
  const config = clientConfig(flags);
  if (config.credentials !== undefined) {
    try {
      await config.credentials();
    } catch (error) {
      throw new CliError(`AWS profile "${flags.profile}" gives no credentials: ${(error as Error).message}`);
    }
  }
  const probe = new STSClient(config);
  try {
    const region = flags.region ?? regions[0] ?? (await probe.config.region().catch(() => undefined));
    if (region === undefined || region === '')
      throw new CliError(`no AWS region: pass ${regionFlags}, or set AWS_REGION or the profile’s region`);
    return { ...config, region };
  } finally {
    probe.destroy();
  }
}

/** One output of a deployed stack, with an error that says what to check. */
async function stackOutput(stackName: string, outputKey: string, flags: AwsFlags): Promise<string> {
  const cfn = new CloudFormationClient(await checkedClientConfig(flags, '--region'));
  try {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    const value = Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === outputKey)?.OutputValue;
    if (value === undefined)
      throw new CliError(
        `stack ${stackName} has no output ${outputKey}; is it a Warden central stack? (pass --stack NAME)`,
      );
    return value;
  } finally {
    cfn.destroy();
  }
}

/** The region of an ARN (`arn:aws:states:eu-west-1:…`). */
function regionOfArn(arn: string): string {
  return arn.split(':')[3] ?? '';
}

export type { AwsFlags, ClientConfig };
export { checkedClientConfig, clientConfig, regionOfArn, stackOutput };
