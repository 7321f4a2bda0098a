/**
 * ec2-instance-imdsv2-required: an instance's metadata service accepts only session-token (IMDSv2)
 * requests (`HttpTokens: required`), or is switched off. Notify only for now: requiring tokens breaks
 * software on the instance that still calls IMDSv1 (old SDKs and agents), so it needs the owner.
 *
 * Reads what AWS Config records for AWS::EC2::Instance (awslabs/aws-config-resource-schema):
 * `configuration.metadataOptions.{httpTokens, httpEndpoint}`, `configuration.state.name`.
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { isRecord, stateOf, stringOf } from '../ci-values';
import { defineRule } from '../rule';

const GONE_STATES = new Set(['shutting-down', 'terminated']);

const parameters = z.object({}).strict();

function evaluate(ci: ConfigurationItem): Evaluation {
  const state = stateOf(ci.configuration.state);
  if (isGone(ci) || (state !== undefined && GONE_STATES.has(state))) {
    return { status: 'NOT_APPLICABLE', message: `Instance ${ci.resourceId} is gone or going (${state ?? ci.status})` };
  }
  const options = ci.configuration.metadataOptions;
  const httpTokens = isRecord(options) ? stringOf(options.httpTokens) : undefined;
  if (!isRecord(options) || httpTokens === undefined) {
    throw new UnknownPropertyError('metadataOptions.httpTokens', 'not recorded in the configuration item');
  }
  const httpEndpoint = stringOf(options.httpEndpoint) ?? null;
  const evidence = { httpTokens, httpEndpoint };
  if (httpTokens === 'required') {
    return { status: 'COMPLIANT', message: `Instance ${ci.resourceId} requires IMDSv2 session tokens`, evidence };
  }
  if (httpEndpoint === 'disabled') {
    return { status: 'COMPLIANT', message: `Instance ${ci.resourceId} has its metadata endpoint disabled`, evidence };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `Instance ${ci.resourceId} accepts IMDSv1 requests (HttpTokens ${httpTokens}); once nothing on it calls IMDSv1 (the MetadataNoToken metric is 0), set HttpTokens to required`,
    evidence,
  };
}

const ec2InstanceImdsv2Required = defineRule({
  id: 'ec2-instance-imdsv2-required',
  title: 'EC2 instances require IMDSv2',
  severity: 'HIGH',
  controls: ['FSBP EC2.8', 'CIS 5.6'],
  controlsNote:
    'One case passes here that FSBP EC2.8 fails: an instance whose metadata endpoint is disabled (HttpEndpoint disabled) has no IMDSv1 to reach, whatever HttpTokens says.',
  rationale:
    "IMDSv1 answers any GET from the instance, so a server-side request forgery or an open proxy hands out the instance role's credentials; IMDSv2's session token stops that. Requiring it breaks software still calling IMDSv1, so the rule notifies and the owner checks the MetadataNoToken metric first.",
  resourceTypes: ['AWS::EC2::Instance'],
  triggers: { configChange: true, sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'AWS::EC2::LaunchTemplate LaunchTemplateData.MetadataOptions.HttpTokens',
    change: 'set HttpTokens: required (on the launch template, or MetadataOptions of the instance)',
    cdk: 'new ec2.Instance(this, …, { requireImdsv2: true }) (or ec2.LaunchTemplate requireImdsv2: true)',
    terraform: 'metadata_options { http_tokens = "required" } on aws_instance / aws_launch_template',
  },
});

export { ec2InstanceImdsv2Required };
