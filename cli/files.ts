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

async function readAccountsFile(file: string): Promise<Record<string, unknown>[]> {
  const parsed = AccountsFileSchema.safeParse(await readJsonFile(file, 'accounts file'));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`accounts file ${file}: [${issue?.path.join('.')}] ${issue?.message}`);
  }
  const seen = new Set<string>();
  for (const a of parsed.data) {
    if (seen.has(a.accountId)) throw new CliError(`accounts file ${file}: account ${a.accountId} is listed twice`);
    seen.add(a.accountId);
  }
  return parsed.data;
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

export { readAccountsFile, readExemptionsFile, readJsonFile };
