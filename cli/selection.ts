/**
 * Selection and gating for CI (issue 20 item 15, as Prowler users expect): `--account` /
 * `--exclude-account` choose the accounts a sweep visits, `--severity` the least severe finding
 * shown, and `--fail-on SEVERITY` turns findings at or above it that no exemption covers into exit
 * code 3 (Prowler's), so a pipeline can stop on them. The gate counts every finding of the run,
 * whatever `--severity` shows; an `EXEMPT` finding never trips it.
 */
import { InvalidArgumentError } from 'commander';
import { SEVERITIES, type Severity } from '../tasks/shared/model';
import { CliError } from './errors';

/** The exit code of a run whose findings tripped `--fail-on`. */
const FAILED_ON_FINDINGS = 3;

/** commander's parser for a severity flag: any case, one of SEVERITIES. */
function severityArgument(value: string): Severity {
  const upper = value.trim().toUpperCase();
  if (!(SEVERITIES as readonly string[]).includes(upper))
    throw new InvalidArgumentError(`must be one of ${SEVERITIES.join(', ')}`);
  return upper as Severity;
}

/** Whether `severity` is `threshold` or more severe (SEVERITIES runs from the most severe down). */
function atOrAbove(severity: string, threshold: Severity): boolean {
  const rank = SEVERITIES.indexOf(severity as Severity);
  return rank !== -1 && rank <= SEVERITIES.indexOf(threshold);
}

interface Gated {
  readonly severity: string;
  readonly decision?: string;
}

/**
 * The exit code for `--fail-on`: 3 with one line on stderr when findings at or above `threshold`
 * remain un-exempted, else `code` unchanged (a run that did not succeed keeps its own code).
 */
function gate(
  findings: readonly Gated[],
  threshold: Severity | undefined,
  code: number,
  stderr: (text: string) => void,
): number {
  if (threshold === undefined || code !== 0) return code;
  const failing = findings.filter((f) => f.decision !== 'EXEMPT' && atOrAbove(f.severity, threshold));
  if (failing.length === 0) return code;
  stderr(`warden: --fail-on ${threshold}: ${failing.length} finding(s) at ${threshold} or above are not exempted\n`);
  return FAILED_ON_FINDINGS;
}

/** Comma-separated 12-digit account ids; `flag` names the flag in the error. */
function accountIds(value: string | undefined, flag: string): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = value
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  const bad = ids.find((a) => !/^\d{12}$/.test(a));
  if (ids.length === 0 || bad !== undefined)
    throw new CliError(`${flag} needs 12-digit account ids, comma-separated, not "${value}"`, { usage: 'sweep' });
  return ids;
}

/**
 * The account ids the sweep request names: `--account` (each must be known), or every known account
 * but `--exclude-account`'s; undefined when neither is given (every account).
 */
function selectAccounts(
  known: readonly string[],
  flags: { readonly account?: string; readonly excludeAccount?: string },
): string[] | undefined {
  const only = accountIds(flags.account, '--account');
  const excluded = accountIds(flags.excludeAccount, '--exclude-account');
  if (only === undefined && excluded === undefined) return undefined;
  const unknown = [...(only ?? []), ...(excluded ?? [])].find((a) => !known.includes(a));
  if (unknown !== undefined)
    throw new CliError(`account ${unknown} is not among the accounts of this sweep (${known.join(', ')})`, {
      usage: 'sweep',
    });
  const selected = (only ?? known).filter((a) => !(excluded ?? []).includes(a));
  if (selected.length === 0) throw new CliError('no account left to sweep after --exclude-account', { usage: 'sweep' });
  return selected;
}

export { accountIds, atOrAbove, FAILED_ON_FINDINGS, gate, selectAccounts, severityArgument };
