/**
 * IAM mocked as an account with no users and no customer managed policies, no password policy and
 * root MFA on, for tests that run the whole live sweep (every registered collector reads) and must
 * reach no AWS endpoint.
 */
import {
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  IAMClient,
  ListPoliciesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { PlaceboServiceError } from './placebo';

const iam = mockClient(IAMClient);

function stubEmptyIam(): void {
  iam.reset();
  iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 } });
  iam
    .on(GetAccountPasswordPolicyCommand)
    .rejects(
      new PlaceboServiceError('NoSuchEntity', 'The Password Policy with domain name 1 cannot be found.', 404, {}),
    );
  iam.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [], IsTruncated: false });
  iam.on(ListUsersCommand).resolves({ Users: [], IsTruncated: false });
  iam.on(ListPoliciesCommand).resolves({ Policies: [], IsTruncated: false });
}

export { stubEmptyIam };
