/**
 * Which table a CLI command works on: the embedded store by default, a deployed table with
 * `--table NAME`, or the table a deployed Warden stack names in its outputs with `--stack NAME`.
 * Deployed tables use the default AWS credentials and region of the shell.
 */

import { userInfo } from 'node:os';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableSchemas } from '../local/extract';
import { openStateStore } from '../local/state-store';
import { workflows } from '../local/workflows';
import { CliError } from './errors';

interface TableTarget {
  readonly documents: DynamoDBDocumentClient;
  readonly table: string;
  /** Where the data lives, for messages. */
  readonly where: string;
  /** Who is writing, for the item's `changedBy` (the audit trail's "who"). */
  caller(): Promise<string>;
  close(): Promise<void>;
}

type Which = 'exemptions' | 'ledger';

const OUTPUT_OF: Record<Which, string> = { exemptions: 'ExemptionsTableName', ledger: 'LedgerTableName' };

async function openTable(which: Which, flags: { table?: string; stack?: string }): Promise<TableTarget> {
  if (flags.table !== undefined && flags.stack !== undefined) throw new CliError('give --table or --stack, not both');
  if (flags.table !== undefined || flags.stack !== undefined) {
    const client = new DynamoDBClient({});
    const table = flags.table ?? (await tableFromStack(flags.stack as string, OUTPUT_OF[which]));
    return {
      documents: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
      table,
      where: `table ${table}`,
      caller: callerArn,
      close: async () => client.destroy(),
    };
  }
  const store = await openStateStore(tableSchemas(workflows().template));
  return {
    documents: store.documents,
    table: store.tables[which],
    where: `the embedded store (${store.path})`,
    caller: async () => `local user ${userInfo().username}`,
    close: () => store.close(),
  };
}

/** The IAM identity of the shell's credentials (an assumed role names its session). */
async function callerArn(): Promise<string> {
  const sts = new STSClient({});
  try {
    const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
    if (Arn === undefined) throw new CliError('STS GetCallerIdentity returned no Arn');
    return Arn;
  } finally {
    sts.destroy();
  }
}

async function tableFromStack(stackName: string, outputKey: string): Promise<string> {
  const cfn = new CloudFormationClient({});
  try {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    const value = Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === outputKey)?.OutputValue;
    if (value === undefined)
      throw new CliError(`stack ${stackName} has no output ${outputKey}; is it a Warden central stack?`);
    return value;
  } finally {
    cfn.destroy();
  }
}

export type { TableTarget };
export { openTable };
