/**
 * `warden exempt add|list|remove|what-if`: manage exemptions in the embedded store (default) or a
 * deployed table (`--table NAME` / `--stack NAME`).
 */

import { join } from 'node:path';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Command, Option } from 'commander';
import { REPO_ROOT } from '../../infra/constructs/task-function';
import { readSnapshot } from '../../local/snapshot';
import { RULES, ruleById } from '../../tasks/rules/index';
import { KNOWN_RULE_IDS } from '../../tasks/rules/settings';
import { scanAll } from '../../tasks/shared/dynamo';
import {
  admitExemption,
  DEFAULT_MAX_DAYS,
  exemptionState,
  MAX_LIFETIME_DAYS,
} from '../../tasks/shared/exemption-admission';
import { globMatches } from '../../tasks/shared/exemptions';
import { CliError } from '../errors';
import type { CliContext } from '../io';
import { examples, jsonOption } from '../options';
import { openTable } from '../tables';

/** Where `add`, `list` and `remove` work: the embedded store, or a deployed table. */
interface StoreFlags {
  readonly table?: string;
  readonly stack?: string;
  readonly json?: boolean;
}

interface AddFlags extends StoreFlags {
  readonly id?: string;
  readonly rule?: string;
  readonly account?: string;
  readonly region?: string;
  readonly resource?: string;
  /** `KEY=VALUE-GLOB`, repeatable: resource tags the exemption is scoped to as well. */
  readonly tag?: string[];
  readonly effect?: string;
  readonly reason?: string;
  readonly requestedBy?: string;
  readonly approvedBy?: string;
  readonly ticket?: string;
  readonly expires?: string;
  readonly maxDays?: string;
  readonly allowBroad?: boolean;
  readonly replace?: boolean;
}

type ListFlags = StoreFlags;

interface RemoveFlags extends StoreFlags {
  readonly id?: string;
  readonly account?: string;
}

interface WhatIfFlags {
  readonly resource?: string;
  readonly rule?: string;
  readonly account?: string;
  readonly region?: string;
  readonly snapshot?: string;
  readonly json?: boolean;
}

/** The flags of any `exempt` subcommand. */
type ExemptFlags = AddFlags & RemoveFlags & WhatIfFlags;

interface Io {
  stdout(text: string): void;
}

const knownRuleIds = () => KNOWN_RULE_IDS;

/** `--expires 2027-01-31` (a date alone) is the end of that day, UTC; anything else is passed on as given. */
function expiresAt(value: string | undefined): string | undefined {
  return value !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59Z` : value;
}

/** `exempt list`: one row per item under a header, with who approved it and why. */
function listTable(rows: readonly Record<string, unknown>[]): string {
  const columns = ['STATE', 'ID', 'EFFECT', 'RULE', 'ACCOUNT/REGION', 'RESOURCE', 'EXPIRES', 'APPROVED BY', 'REASON'];
  const cells = rows.map((r) => [
    String(r.state),
    String(r.exemptionId),
    String(r.effect ?? ''),
    String(r.ruleId ?? ''),
    `${String(r.accountId ?? '')}/${String(r.region ?? '')}`,
    String(r.resource ?? ''),
    String(r.expiresAt ?? '?'),
    String(r.approvedBy ?? ''),
    `${String(r.reason ?? '')}${r.problem ? ` (${String(r.problem)})` : ''}`,
  ]);
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[columns, ...cells].map(line).join('\n')}\n`;
}

async function exemptCommand(sub: string | undefined, flags: ExemptFlags, io: Io, now = new Date()): Promise<number> {
  switch (sub) {
    case 'add':
      return add(flags, io, now);
    case 'list':
      return list(flags, io, now);
    case 'remove':
      return remove(flags, io);
    case 'what-if':
      return whatIf(flags, io);
    default:
      throw new CliError(`exempt needs add, list, remove or what-if${sub ? `, not "${sub}"` : ''}`, {
        usage: 'exempt',
      });
  }
}

/** `--tag KEY=VALUE` options as the item's `tags` (the value is a glob; `KEY=*` asks for the key alone). */
function tagScope(pairs: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`--tag ${pair}: expected KEY=VALUE (the value may use *)`, { usage: 'exempt add' });
    tags[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return tags;
}

async function add(flags: AddFlags, io: Io, now: Date): Promise<number> {
  const maxDays = flags.maxDays === undefined ? DEFAULT_MAX_DAYS : Number(flags.maxDays);
  if (!Number.isInteger(maxDays) || maxDays < 1 || maxDays > MAX_LIFETIME_DAYS)
    throw new CliError(`--max-days must be a whole number of days from 1 to ${MAX_LIFETIME_DAYS}`);
  const admission = admitExemption(
    {
      exemptionId: flags.id,
      ruleId: flags.rule,
      accountId: flags.account,
      region: flags.region ?? '*',
      resource: flags.resource,
      ...(flags.tag !== undefined ? { tags: tagScope(flags.tag) } : {}),
      effect: flags.effect,
      reason: flags.reason,
      requestedBy: flags.requestedBy,
      approvedBy: flags.approvedBy,
      ...(flags.ticket !== undefined ? { ticket: flags.ticket } : {}),
      expiresAt: expiresAt(flags.expires),
    },
    { knownRuleIds: knownRuleIds(), now, maxDays, allowBroad: flags.allowBroad === true },
  );
  if (!admission.ok) throw new CliError(`exemption refused: ${admission.reasons.join('; ')}`);
  const target = await openTable('exemptions', flags);
  let item: Record<string, unknown> = admission.item;
  try {
    // `changedBy` is the audit trail's "who": DynamoDB Streams does not record the caller.
    item = { ...admission.item, changedBy: await target.caller() };
    await target.documents.send(
      new PutCommand({
        TableName: target.table,
        Item: item,
        ...(flags.replace ? {} : { ConditionExpression: 'attribute_not_exists(exemptionId)' }),
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') {
      throw new CliError(
        `exemption ${admission.exemption.exemptionId} already exists for account ${admission.exemption.accountId}; pass --replace to overwrite it`,
      );
    }
    throw error;
  } finally {
    await target.close();
  }
  const ex = admission.exemption;
  if (flags.json) io.stdout(`${JSON.stringify(item, null, 2)}\n`);
  else
    io.stdout(
      `Added ${ex.effect} exemption ${ex.exemptionId} (${ex.ruleId}, ${ex.accountId}/${ex.region}, ${ex.resource}) until ${ex.expiresAt} to ${target.where}\n`,
    );
  return 0;
}

async function list(flags: ListFlags, io: Io, now: Date): Promise<number> {
  const target = await openTable('exemptions', flags);
  let items: Record<string, unknown>[];
  try {
    items = await scanAll(target.documents, target.table);
  } finally {
    await target.close();
  }
  const known = knownRuleIds();
  const rows = items
    .map((item): Record<string, unknown> => ({ ...item, ...exemptionState(item, known, now) }))
    .sort((a, b) => String(a.exemptionId).localeCompare(String(b.exemptionId)));
  if (flags.json) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  io.stdout(rows.length === 0 ? `No exemptions in ${target.where}\n` : listTable(rows));
  return 0;
}

async function remove(flags: RemoveFlags, io: Io): Promise<number> {
  if (flags.id === undefined)
    throw new CliError('exempt remove needs --id (and --account when the id is not unique)', {
      usage: 'exempt remove',
    });
  const target = await openTable('exemptions', flags);
  try {
    const matches = (await scanAll(target.documents, target.table)).filter(
      (i) => i.exemptionId === flags.id && (flags.account === undefined || i.accountId === flags.account),
    );
    if (matches.length === 0)
      throw new CliError(
        `no exemption ${flags.id}${flags.account ? ` for account ${flags.account}` : ''} in ${target.where}`,
      );
    if (matches.length > 1) throw new CliError(`exemption ${flags.id} exists for several accounts; pass --account`);
    const key = { accountId: matches[0]?.accountId, exemptionId: flags.id };
    await target.documents.send(new DeleteCommand({ TableName: target.table, Key: key }));
    if (flags.json) io.stdout(`${JSON.stringify({ removed: key, from: target.where }, null, 2)}\n`);
    else io.stdout(`Removed exemption ${flags.id} (account ${String(key.accountId)}) from ${target.where}\n`);
  } finally {
    await target.close();
  }
  return 0;
}

/** How many resources of a snapshot the pattern would exempt now. */
async function whatIf(flags: WhatIfFlags, io: Io): Promise<number> {
  const glob = flags.resource;
  if (glob === undefined) throw new CliError('exempt what-if needs --resource GLOB', { usage: 'exempt what-if' });
  const rule = flags.rule === undefined || flags.rule === '*' ? undefined : ruleById(flags.rule);
  if (flags.rule !== undefined && flags.rule !== '*' && rule === undefined)
    throw new CliError(`no rule "${flags.rule}"`);
  const types = new Set(rule ? rule.resourceTypes : RULES.flatMap((r) => [...r.resourceTypes]));
  const snapshot = await readSnapshot(flags.snapshot ?? join(REPO_ROOT, 'examples/estate/snapshot'));
  const resources = snapshot.items
    .filter(
      (ci) =>
        types.has(ci.resourceType) &&
        (flags.account === undefined || flags.account === '*' || ci.accountId === flags.account) &&
        (flags.region === undefined || flags.region === '*' || ci.region === flags.region) &&
        globMatches(glob, ci.arn),
    )
    .map((ci) => ({ arn: ci.arn, resourceType: ci.resourceType, accountId: ci.accountId, region: ci.region }));
  if (flags.json) io.stdout(`${JSON.stringify({ matches: resources.length, resources }, null, 2)}\n`);
  else {
    io.stdout(`${resources.length} resource(s) would be exempted by ${flags.resource}\n`);
    for (const r of resources) io.stdout(`  ${r.accountId}/${r.region} ${r.arn}\n`);
  }
  return 0;
}

/** `warden exempt add|list|remove|what-if` and their options. */
function register(program: Command, cli: CliContext): void {
  const exempt = program
    .command('exempt')
    .description('Add, list, remove exemptions, or see what a pattern would exempt')
    .argument('[subcommand]')
    .addHelpText(
      'after',
      examples(
        'warden exempt list',
        'warden exempt add --help',
        'warden exempt what-if --resource "arn:aws:s3:::legacy-*"',
      ),
    )
    // Reached only when the word after `exempt` is not one of its subcommands.
    .action(async (sub: string | undefined) => cli.exit(await exemptCommand(sub, {}, cli.io)));
  const store = (c: Command) =>
    c
      .option('--table <name>', 'a deployed Exemptions table (default: the embedded store, .warden/store)')
      .option('--stack <name>', 'a deployed Warden stack whose ExemptionsTableName output names the table');

  const addCommand = store(
    exempt
      .command('add')
      // Required fields are checked by the exemption admission, which names every problem at once.
      .description('Add an exemption (refused when too broad, too long, or incomplete)')
      .option('--id <id>', 'unique exemption id (required)')
      .option('--rule <rule>', 'a rule id, or * (required)')
      .option('--account <account>', '12-digit account id, or * (required)')
      .option('--region <region>', 'a region, or *', '*')
      .option('--resource <glob>', 'anchored glob over the resource ARN (* matches anything) (required)')
      .option(
        '--tag <key=value>',
        'also require this resource tag (value glob), repeatable: e.g. --tag warden:exempt=SEC-1042',
        (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
      )
      .addOption(new Option('--effect <effect>', 'what it allows (required)').choices(['SUPPRESS', 'NOTIFY_ONLY']))
      .option('--reason <text>', 'why (required)')
      .option('--requested-by <who>', 'who asked (required)')
      .option('--approved-by <who>', 'who approved (required)')
      .option(
        '--expires <when>',
        'expiry: ISO-8601 UTC (2027-01-31T12:00:00Z), or a date (2027-01-31: the end of that day, UTC) (required)',
      )
      .option('--ticket <url>', 'a ticket link')
      .option('--max-days <n>', 'longest allowed lifetime in days (default 180, at most 365)')
      .option(
        '--allow-broad',
        'allow a broad glob (every resource of a service, or any service with rule or account *)',
      )
      .option('--replace', 'overwrite an existing exemption with the same id'),
  )
    .addOption(jsonOption())
    .addHelpText(
      'after',
      examples(
        'warden exempt add --id legacy-logs --rule s3-bucket-encryption --account 111111111111 \\\n      --resource "arn:aws:s3:::legacy-logs-*" --effect SUPPRESS --reason "archived, read-only" \\\n      --requested-by alice --approved-by bob --expires 2027-01-31',
      ),
    )
    .action(async () => cli.exit(await add(addCommand.opts<AddFlags>(), cli.io, new Date())));

  const listCommand = store(
    exempt.command('list').description('List exemptions with their state (active, expired, invalid)'),
  )
    .addOption(jsonOption())
    .addHelpText('after', examples('warden exempt list', 'warden exempt list --stack WardenCentral --json'))
    .action(async () => cli.exit(await list(listCommand.opts<ListFlags>(), cli.io, new Date())));

  const removeCommand = store(
    exempt
      .command('remove')
      .description('Remove an exemption')
      .requiredOption('--id <id>', 'the exemption id')
      .option('--account <account>', 'its account, when the id is used in several'),
  )
    .addOption(jsonOption())
    .addHelpText('after', examples('warden exempt remove --id legacy-logs'))
    .action(async () => cli.exit(await remove(removeCommand.opts<RemoveFlags>(), cli.io)));

  const whatIfCommand = exempt
    .command('what-if')
    .description('How many resources of a snapshot a pattern would exempt now')
    .requiredOption('--resource <glob>', 'anchored glob over the resource ARN')
    .option('--rule <rule>', 'only resources this rule evaluates')
    .option('--account <account>', 'only this account')
    .option('--region <region>', 'only this region')
    .option('--snapshot <dir>', 'Config snapshot files (default: the bundled estate)')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      examples('warden exempt what-if --resource "arn:aws:s3:::legacy-*" --rule s3-bucket-encryption'),
    )
    .action(async () => cli.exit(await whatIf(whatIfCommand.opts<WhatIfFlags>(), cli.io)));
}

export type { AddFlags, ExemptFlags, ListFlags, RemoveFlags, WhatIfFlags };
export { exemptCommand, register };
