/**
 * The live state a remediation is judged on, read right before it writes and again after: the
 * finding's resource re-read with the collectors' per-resource reader (`tasks/shared/inventory/live-reader.ts`,
 * the same CI shapes the sweep builds), with the related items its rule looks at (the account's S3
 * public access block, the region's security groups), and judged by the rule's own `evaluate`. A
 * remediation whose target is not the resource (an account-level setting) brings its own `readLive`.
 *
 * Throws when the state cannot be read or judged (an AccessDenied read is an unknown property, and
 * the rule throws `UnknownPropertyError`): the engine then sends nothing, or calls the write unverified.
 */

import { createEvaluationContexts } from '../rules/context';
import type { AwsClients, LiveState, ResourceReference, Rule } from '../rules/rule';
import { type Clients, NoLiveReaderError, readRelated, readResource } from '../shared/inventory/live-reader';
import type { ConfigurationItem } from '../shared/model';
import { isThrottlingError } from '../shared/throttling';

/** The remediation role's clients of the finding's account-region, in the reader's shape. */
function readerClients(clients: AwsClients): Clients {
  return {
    client: (client) => clients.of(client),
    s3: () => clients.s3,
    ec2: () => clients.ec2,
    s3control: () => {
      if (clients.s3control === undefined) throw new NoLiveReaderError('AWS::S3::AccountPublicAccessBlock');
      return clients.s3control;
    },
    rds: () => {
      throw new NoLiveReaderError('AWS::RDS::DBInstance');
    },
  };
}

/** The finding's resource as it is now, its related items, and the rule's verdict on them. */
async function readLiveState(
  clients: AwsClients,
  ref: ResourceReference,
  rule: Rule<unknown>,
  params: unknown,
): Promise<LiveState> {
  if (rule.remediation?.readLive !== undefined) {
    return { ref, evaluation: await rule.remediation.readLive(clients, ref, params) };
  }
  const c = readerClients(clients);
  const live = await readResource(c, ref);
  const related: ConfigurationItem[] = [];
  let relatedKnown = true;
  // Only the related types the rule reads (`relatedTypes`): what its read permissions cover.
  for (const type of rule.relatedTypes ?? []) {
    try {
      related.push(...(await readRelated(c, type, ref.accountId, ref.region)));
    } catch (error) {
      if (isThrottlingError(error)) throw error;
      // As on the event path: no context, so a rule that needs the related items says so (throws).
      relatedKnown = false;
    }
  }
  const context = relatedKnown ? createEvaluationContexts([live, ...related])(live) : undefined;
  return {
    ref,
    ci: live,
    ...(context === undefined ? {} : { context }),
    evaluation: rule.evaluate(live, params, context),
  };
}

export { readLiveState };
