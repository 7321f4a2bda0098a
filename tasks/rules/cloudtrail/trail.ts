/**
 * What the trail rules share: a trail's name for messages, and which `AWS::CloudTrail::Trail` items
 * they do not judge — deleted ones, and the copy of a multi-region trail seen outside its home region
 * (its settings are the home region's; judging each copy would report one trail once per region).
 */
import { isGone } from '../../shared/ci';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { stringOf } from '../ci-values';

function trailName(ci: ConfigurationItem): string {
  return stringOf(ci.configuration.name) ?? ci.resourceName ?? ci.resourceId;
}

/** A NOT_APPLICABLE verdict for a deleted trail or a copy outside its home region, else `undefined`. */
function notJudged(ci: ConfigurationItem): Evaluation | undefined {
  if (isGone(ci)) {
    return { status: 'NOT_APPLICABLE', message: `Trail ${trailName(ci)} no longer exists (${ci.status})` };
  }
  const home = stringOf(ci.configuration.homeRegion);
  if (home !== undefined && home !== ci.region) {
    return {
      status: 'NOT_APPLICABLE',
      message: `Trail ${trailName(ci)} is judged in its home region ${home}, not in ${ci.region}`,
    };
  }
  return undefined;
}

export { notJudged, trailName };
