/** Reading the files the CLI is given (`--accounts`, `--exemptions`), with errors that say what is wrong. */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AccountTargetSchema } from '../tasks/shared/schemas';
import { CliError } from './errors';

async function readJsonFile(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf-8');
  } catch (error) {
    throw new CliError(`cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${what} ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** `--accounts FILE`: a JSON array of `{"accountId", "alias", "owner"?, "ou"?, "regions"?, "mode"?, "enabled"?}`. */
const AccountsFileSchema = z.array(
  AccountTargetSchema.extend({
    regions: AccountTargetSchema.shape.regions.optional(),
    enabled: z.boolean().optional(),
  }).strict(),
);

/** Every problem of an accounts file's content: each schema issue at its path, each account listed twice. */
function accountsFileProblems(raw: unknown): { at: string; problem: string }[] {
  const parsed = AccountsFileSchema.safeParse(raw);
  if (!parsed.success)
    return parsed.error.issues.map((issue) => ({ at: `[${issue.path.join('.')}]`, problem: issue.message }));
  const seen = new Set<string>();
  const problems: { at: string; problem: string }[] = [];
  for (const a of parsed.data) {
    if (seen.has(a.accountId)) problems.push({ at: a.accountId, problem: 'is listed twice' });
    seen.add(a.accountId);
  }
  return problems;
}

async function readAccountsFile(file: string): Promise<Record<string, unknown>[]> {
  const raw = await readJsonFile(file, 'accounts file');
  const [first] = accountsFileProblems(raw);
  if (first !== undefined) {
    throw new CliError(
      first.at.startsWith('[')
        ? `accounts file ${file}: ${first.at} ${first.problem}`
        : `accounts file ${file}: account ${first.at} ${first.problem}`,
    );
  }
  return AccountsFileSchema.parse(raw);
}

/**
 * `--exemptions FILE`: a JSON array of exemption items. Items are not validated here: like items
 * in the DynamoDB table, an invalid one never matches and the sweep report says why.
 */
async function readExemptionsFile(file: string): Promise<unknown[]> {
  const raw = await readJsonFile(file, 'exemptions file');
  if (!Array.isArray(raw)) throw new CliError(`exemptions file ${file} must hold a JSON array of exemption items`);
  return raw;
}

/** `--watch-list FILE` (`warden event`, `warden trail`): a JSON array of WatchList items (`eventSource`, `eventName`, `severity`, `note`). */
async function readWatchListFile(file: string): Promise<Record<string, unknown>[]> {
  const raw = await readJsonFile(file, 'watch-list file');
  if (!Array.isArray(raw) || !raw.every((e) => typeof e === 'object' && e !== null && !Array.isArray(e))) {
    throw new CliError(
      `watch-list file ${file} must hold a JSON array of {"eventSource", "eventName", "severity", "note"} items`,
    );
  }
  for (const [i, e] of (raw as Record<string, unknown>[]).entries()) {
    if (typeof e.eventSource !== 'string' || typeof e.eventName !== 'string') {
      throw new CliError(`watch-list file ${file}: [${i}] needs string eventSource and eventName`);
    }
  }
  return raw as Record<string, unknown>[];
}

export { accountsFileProblems, readAccountsFile, readExemptionsFile, readJsonFile, readWatchListFile };
