/**
 * console-login-failure: alerts on failed AWS console sign-ins and on successful ones without MFA
 * (DESIGN §5), with the user, the account and the source IP.
 *
 * A failed `ConsoleLogin` has no `errorCode`: CloudTrail records `responseElements.ConsoleLogin =
 * "Failure"` (and `errorMessage: "Failed authentication"`). `additionalEventData.MFAUsed` says whether
 * MFA was used. Federated sign-ins (assumed-role sessions from SAML or IAM Identity Center) report
 * `MFAUsed: "No"` because MFA happens at the identity provider, so they are not flagged by default.
 *
 * Length: audit-only, over 80 lines: failed sign-ins, root and federated sign-ins without MFA are
 * distinct cases with their own messages.
 */
import { z } from 'zod';
import type { NormalizedEvent } from '../../shared/events/event-model';
import { callerDetails, defineEventRule, noMatch, principalSubject, shortPrincipal } from './event-rule';

const parameters = z
  .object({
    /** Also alert on successful sign-ins that did not use MFA. @default true */
    notifyWithoutMfa: z.boolean().default(true),
    /** Count federated (assumed-role) sign-ins without MFA too; their MFA is the IdP's. @default false */
    includeFederatedWithoutMfa: z.boolean().default(false),
  })
  .strict();
type ConsoleLoginFailureParams = z.infer<typeof parameters>;

function userOf(event: NormalizedEvent): string {
  return event.originator?.display ?? 'an unknown user';
}

const consoleLoginFailure = defineEventRule<ConsoleLoginFailureParams>({
  id: 'console-login-failure',
  title: 'Failed console sign-in, or a sign-in without MFA',
  severity: 'MEDIUM',
  controls: ['CIS 4.2', 'CIS 4.6'],
  controlsNote:
    "CIS asks for these events to be monitored (a metric filter and an alarm, or a SIEM); Warden notifies each event instead. Security Hub checks them only as CloudWatch.2 / CloudWatch.6 of CIS v1.2.0 and v1.4.0. Federated sign-ins without MFA are not flagged by default: their MFA is the identity provider's.",
  rationale:
    'Repeated failed sign-ins are how password guessing shows, and a console session without MFA is one stolen password away from the account. The rule notifies the moment CloudTrail records the sign-in, with the user, the account alias and the source address, so an operator can tell a typo from an attack.',
  triggers: { signIn: true },
  defaultMode: 'notify',
  parameters,
  evaluate(event, params) {
    if (event.kind !== 'SIGN_IN' || event.eventName !== 'ConsoleLogin') {
      return noMatch(`console-login-failure: ${event.eventName || event.detailType} is not a console sign-in`);
    }
    const result = event.signIn?.result;
    const root = event.originator?.type === 'Root';
    const from = event.sourceIp === undefined ? '' : ` from ${event.sourceIp}`;
    const details = {
      Result: result ?? 'not recorded',
      'MFA used': event.signIn?.mfaUsed === undefined ? 'not recorded' : event.signIn.mfaUsed ? 'Yes' : 'No',
      ...callerDetails(event),
    };
    const subject = principalSubject(event);
    if (result === 'Failure') {
      return {
        matched: true,
        summary: `failed sign-in of ${shortPrincipal(event)}${from}`,
        message: `A console sign-in of ${userOf(event)}${from} failed${event.time === undefined ? '' : ` at ${event.time}`}. Repeated failures may be password guessing.`,
        subject,
        details,
        // Repeated failures of the same user from the same address are one finding per window.
        dedupeKey: `failure/${subject.arn}/${event.sourceIp ?? '-'}`,
        ...(root ? { severity: 'HIGH' as const } : {}),
      };
    }
    if (result === 'Success' && event.signIn?.mfaUsed === false && params.notifyWithoutMfa) {
      const federated = event.originator?.type === 'AssumedRole' || event.originator?.type === 'FederatedUser';
      if (federated && !params.includeFederatedWithoutMfa) {
        return noMatch('console-login-failure: a federated sign-in; MFA is enforced by the identity provider');
      }
      return {
        matched: true,
        summary: `sign-in without MFA of ${shortPrincipal(event)}${from}`,
        message: `${userOf(event)} signed in to the console${from} without MFA${event.time === undefined ? '' : ` at ${event.time}`}.`,
        subject,
        details,
        dedupeKey: `no-mfa/${subject.arn}/${event.sourceIp ?? '-'}`,
        severity: root ? 'CRITICAL' : 'HIGH',
      };
    }
    if (result === 'Success' && event.signIn?.mfaUsed === false) {
      return noMatch('console-login-failure: a sign-in without MFA, not flagged (notifyWithoutMfa: false)');
    }
    return noMatch(
      result === 'Success'
        ? `console-login-failure: the sign-in succeeded${event.signIn?.mfaUsed === true ? ' with MFA' : ''}`
        : `console-login-failure: the sign-in result is not recorded (${result ?? 'no responseElements.ConsoleLogin'})`,
    );
  },
});

export { type ConsoleLoginFailureParams, consoleLoginFailure };
