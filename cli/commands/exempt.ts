/**
 * `warden exempt add|list|remove|what-if`: manage exemptions in the embedded store (default) or a
 * deployed table (`--table NAME` / `--stack NAME`).
 */

import { join } from 'node:path';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
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
import { openTable } from '../tables';

interface ExemptFlags {
  readonly id?: string;
  readonly rule?: string;
  readonly account?: string;
  readonly region?: string;
  readonly resource?: string;
  readonly effect?: string;
  readonly reason?: string;
  readonly 'requested-by'?: string;
  readonly 'approved-by'?: string;
  readonly ticket?: string;
  readonly expires?: string;
  readonly 'max-days'?: string;
  readonly 'allow-broad'?: boolean;
  readonly replace?: boolean;
  readonly table?: string;
  readonly stack?: string;
  readonly snapshot?: string;
  readonly json?: boolean;
}

interface Io {
  stdout(text: string): void;
}

const knownRuleIds = () => KNOWN_RULE_IDS;

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
      throw new CliError(`warden exempt needs add, list, remove or what-if${sub ? `, not "${sub}"` : ''}`, {
        usage: 'exempt',
      });
  }
}

async function add(flags: ExemptFlags, io: Io, now: Date): Promise<number> {
  const maxDays = flags['max-days'] === undefined ? DEFAULT_MAX_DAYS : Number(flags['max-days']);
  if (!Number.isInteger(maxDays) || maxDays < 1 || maxDays > MAX_LIFETIME_DAYS)
    throw new CliError(`--max-days must be a whole number of days from 1 to ${MAX_LIFETIME_DAYS}`);
  const admission = admitExemption(
    {
      exemptionId: flags.id,
      ruleId: flags.rule,
      accountId: flags.account,
      region: flags.region ?? '*',
      resource: flags.resource,
      effect: flags.effect,
      reason: flags.reason,
      requestedBy: flags['requested-by'],
      approvedBy: flags['approved-by'],
      ...(flags.ticket !== undefined ? { ticket: flags.ticket } : {}),
      expiresAt: flags.expires,
    },
    { knownRuleIds: knownRuleIds(), now, maxDays, allowBroad: flags['allow-broad'] === true },
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

async function list(flags: ExemptFlags, io: Io, now: Date): Promise<number> {
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
  if (rows.length === 0) io.stdout(`No exemptions in ${target.where}\n`);
  for (const r of rows) {
    io.stdout(
      `${String(r.state).padEnd(8)} ${String(r.exemptionId).padEnd(28)} ${String(r.effect ?? '').padEnd(11)} ${String(r.ruleId ?? '')} ${String(r.accountId ?? '')}/${String(r.region ?? '')} ${String(r.resource ?? '')} until ${String(r.expiresAt ?? '?')}${r.problem ? `  (${r.problem})` : ''}\n`,
    );
  }
  return 0;
}

async function remove(flags: ExemptFlags, io: Io): Promise<number> {
  if (flags.id === undefined)
    throw new CliError('warden exempt remove needs --id (and --account when the id is not unique)');
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
async function whatIf(flags: ExemptFlags, io: Io): Promise<number> {
  const glob = flags.resource;
  if (glob === undefined) throw new CliError('warden exempt what-if needs --resource GLOB');
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

export type { ExemptFlags };
export { exemptCommand };
