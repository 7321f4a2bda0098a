/**
 * iam-password-policy: the account has an IAM password policy at least as strict as the parameters
 * (FSBP IAM.7 with its character classes; FSBP IAM.15 / CIS 1.8, a minimum length of 14; FSBP IAM.16
 * / CIS 1.9, no reuse of the last 24 passwords). One rule, because they judge the same policy and
 * are fixed by the same UpdateAccountPasswordPolicy call. Notify only: a stricter policy forces users
 * to change their passwords at their next sign-in or expiry.
 *
 * Reads `configuration.passwordPolicy` of the Warden `Warden::IAM::Account` item (GetAccountPasswordPolicy
 * in Config's case; `null` = the account has no policy, which fails every requirement: IAM then
 * accepts 8-character passwords of any characters).
 */
import { z } from 'zod';
import { requireKnown } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { booleanOf, isRecord, numberOf } from '../ci-values';
import { defineRule } from '../rule';

const parameters = z
  .object({
    /** At least one upper-case letter (IAM.7's RequireUppercaseCharacters). @default true */
    requireUppercaseCharacters: z.boolean().default(true),
    /** At least one lower-case letter (IAM.7's RequireLowercaseCharacters). @default true */
    requireLowercaseCharacters: z.boolean().default(true),
    /** At least one symbol (IAM.7's RequireSymbols). @default true */
    requireSymbols: z.boolean().default(true),
    /** At least one digit (IAM.7's RequireNumbers). @default true */
    requireNumbers: z.boolean().default(true),
    /** Shortest password allowed (IAM.15 / CIS 1.8: 14; IAM.7 alone asks 8). @default 14 */
    minimumPasswordLength: z.number().int().min(6).max(128).default(14),
    /** Previous passwords that cannot be reused (IAM.16 / CIS 1.9: 24); `null` = not required. @default 24 */
    passwordReusePrevention: z.number().int().min(1).max(24).nullable().default(24),
    /** Longest a password may live, in days (IAM.7's optional MaxPasswordAge); `null` = not required. @default null */
    maxPasswordAge: z.number().int().min(1).max(1095).nullable().default(null),
  })
  .strict();

type IamPasswordPolicyParams = z.infer<typeof parameters>;

const CHARACTER_CLASSES = [
  ['requireUppercaseCharacters', 'upper-case letters'],
  ['requireLowercaseCharacters', 'lower-case letters'],
  ['requireSymbols', 'symbols'],
  ['requireNumbers', 'numbers'],
] as const;

/** What the policy lacks against the parameters, in words (none = compliant). */
function shortfalls(policy: Record<string, unknown>, params: IamPasswordPolicyParams): string[] {
  const missing: string[] = [];
  for (const [key, words] of CHARACTER_CLASSES) {
    if (params[key] && booleanOf(policy[key]) !== true) missing.push(`does not require ${words}`);
  }
  const length = numberOf(policy.minimumPasswordLength) ?? 0;
  if (length < params.minimumPasswordLength)
    missing.push(`allows passwords of ${length} characters (at least ${params.minimumPasswordLength} required)`);
  const reuse = numberOf(policy.passwordReusePrevention) ?? 0;
  if (params.passwordReusePrevention !== null && reuse < params.passwordReusePrevention)
    missing.push(
      reuse === 0
        ? `allows password reuse (the last ${params.passwordReusePrevention} must be refused)`
        : `refuses only the last ${reuse} passwords (${params.passwordReusePrevention} required)`,
    );
  const age = numberOf(policy.maxPasswordAge) ?? 0;
  if (params.maxPasswordAge !== null && (age === 0 || age > params.maxPasswordAge))
    missing.push(
      age === 0
        ? `never expires passwords (at most ${params.maxPasswordAge} days required)`
        : `expires passwords after ${age} days (at most ${params.maxPasswordAge} required)`,
    );
  return missing;
}

function evaluate(ci: ConfigurationItem, params: IamPasswordPolicyParams): Evaluation {
  requireKnown(ci, 'passwordPolicy');
  const policy = ci.configuration.passwordPolicy;
  if (policy === null) {
    return {
      status: 'NON_COMPLIANT',
      message: `Account ${ci.accountId} has no IAM password policy`,
      evidence: { passwordPolicy: null },
    };
  }
  if (!isRecord(policy)) throw new UnknownPropertyError('passwordPolicy', 'not recorded in the configuration item');
  const missing = shortfalls(policy, params);
  const evidence = { passwordPolicy: policy };
  if (missing.length === 0) {
    return { status: 'COMPLIANT', message: `The IAM password policy of account ${ci.accountId} is strong`, evidence };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `The IAM password policy of account ${ci.accountId} ${missing.join('; ')}`,
    evidence,
  };
}

function cliFlags(params: IamPasswordPolicyParams): string {
  return [
    `--minimum-password-length ${params.minimumPasswordLength}`,
    ...CHARACTER_CLASSES.filter(([key]) => params[key]).map(
      ([key]) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
    ),
    ...(params.passwordReusePrevention === null
      ? []
      : [`--password-reuse-prevention ${params.passwordReusePrevention}`]),
    ...(params.maxPasswordAge === null ? [] : [`--max-password-age ${params.maxPasswordAge}`]),
  ].join(' ');
}

const iamPasswordPolicy = defineRule<IamPasswordPolicyParams>({
  id: 'iam-password-policy',
  title: 'The IAM password policy is strong',
  severity: 'MEDIUM',
  controls: ['FSBP IAM.7', 'FSBP IAM.15', 'FSBP IAM.16', 'CIS 1.8', 'CIS 1.9'],
  controlsNote:
    'IAM.7 alone asks a minimum length of 8 and no reuse prevention; the defaults follow IAM.15/IAM.16 (CIS 1.8/1.9: 14 characters, 24 passwords remembered), so a policy passing IAM.7 can still fail here. Set minimumPasswordLength: 8 and passwordReusePrevention: null for IAM.7 alone.',
  rationale:
    'IAM users with console passwords are only as safe as the weakest password the account accepts: without a policy IAM takes short passwords of one character class and lets users cycle back to an old, possibly leaked one. A stricter policy makes users choose new passwords at their next change, which a team should announce, so the rule notifies.',
  resourceTypes: ['Warden::IAM::Account'],
  triggers: { sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'none (the account password policy is not a CloudFormation resource)',
    change: (_ci, params) => `aws iam update-account-password-policy ${cliFlags(params)}`,
    terraform: (_ci, params) =>
      `aws_iam_account_password_policy { minimum_password_length = ${params.minimumPasswordLength}${params.passwordReusePrevention === null ? '' : `, password_reuse_prevention = ${params.passwordReusePrevention}`} }`,
  },
});

export { type IamPasswordPolicyParams, iamPasswordPolicy };
