/**
 * root-sign-in: any console sign-in of the root user, successful or not. The root user is for the few
 * tasks only it can do; every use of it is worth a look. Failed root sign-ins are also notified by
 * `console-login-failure` (as failures); this rule is about the root user, whatever the result.
 */
import { z } from 'zod';
import { callerDetails, defineEventRule, noMatch, principalSubject } from './event-rule';

const parameters = z.object({}).strict();
type RootSignInParams = z.infer<typeof parameters>;

const rootSignIn = defineEventRule<RootSignInParams>({
  id: 'root-sign-in',
  title: 'The root user signed in to the console (or tried to)',
  severity: 'HIGH',
  controls: ['CIS 4.3'],
  controlsNote:
    "The console sign-ins of CIS 4.3's root usage; root API calls count for CIS 4.3 too (iam-root-access-key-created notifies the most dangerous one). Security Hub checks it only as CloudWatch.1 of CIS v1.2.0 and v1.4.0.",
  rationale:
    'The root user can do anything in the account, including closing it, and is meant for the few tasks only it can do. Every sign-in, and every attempt, is notified with the result, MFA and source address, so that an unexpected one is investigated at once.',
  triggers: { signIn: true },
  defaultMode: 'notify',
  parameters,
  evaluate(event) {
    if (event.kind !== 'SIGN_IN' || event.eventName !== 'ConsoleLogin') {
      return noMatch(`root-sign-in: ${event.eventName || event.detailType} is not a console sign-in`);
    }
    if (event.originator?.type !== 'Root') return noMatch('root-sign-in: not a sign-in of the root user');
    const result = event.signIn?.result ?? 'result not recorded';
    const from = event.sourceIp === undefined ? '' : ` from ${event.sourceIp}`;
    const mfa = event.signIn?.mfaUsed;
    return {
      matched: true,
      summary: `root sign-in (${result})${from}`,
      message: `The root user ${result === 'Failure' ? 'failed to sign in' : 'signed in'} to the console${from}${event.time === undefined ? '' : ` at ${event.time}`}${mfa === false ? ', without MFA' : ''}.`,
      subject: principalSubject(event),
      details: {
        Result: result,
        'MFA used': mfa === undefined ? 'not recorded' : mfa ? 'Yes' : 'No',
        ...callerDetails(event),
      },
      dedupeKey: `event/${event.eventId}`,
      ...(result === 'Success' && mfa === false ? { severity: 'CRITICAL' as const } : {}),
    };
  },
});

export { type RootSignInParams, rootSignIn };
