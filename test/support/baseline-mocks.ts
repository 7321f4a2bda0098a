/**
 * The account baseline's services (CloudTrail, Config recorders, GuardDuty, Security Hub, EBS
 * defaults) mocked as an account that has none of them set up, for tests that run the whole live
 * sweep (every registered collector reads) and must reach no AWS endpoint.
 */
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
} from '@aws-sdk/client-config-service';
import { type EC2Client, GetEbsDefaultKmsKeyIdCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { PlaceboServiceError } from './placebo';

const cloudtrail = mockClient(CloudTrailClient);
const config = mockClient(ConfigServiceClient);
const guardduty = mockClient(GuardDutyClient);
const securityhub = mockClient(SecurityHubClient);

/**
 * Stubs the baseline reads with "nothing configured" answers. `ec2` is the test's own EC2 mock
 * (aws-sdk-client-mock keeps one per client class), so the EBS calls are added to it.
 */
function stubUnconfiguredBaseline(ec2: AwsClientStub<EC2Client>): void {
  for (const m of [cloudtrail, config, guardduty, securityhub]) m.reset();
  cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
  config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [] });
  config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [] });
  guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
  securityhub
    .on(DescribeHubCommand)
    .rejects(
      new PlaceboServiceError('InvalidAccessException', 'Account is not subscribed to AWS Security Hub', 401, {}),
    );
  ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
  ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: 'alias/aws/ebs' });
}

export { stubUnconfiguredBaseline };
