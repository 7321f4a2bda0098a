import { describe, expect, it } from 'vitest';
import { ec2SpotRequestChanged } from '../../../../tasks/rules/events/ec2-spot-request-changed';
import { eventFixture } from '../../../support/event-fixtures';
import { normalizedCorpus } from '../../../support/normalized-events';

const evaluate = (e: Parameters<typeof ec2SpotRequestChanged.evaluate>[0]) => ec2SpotRequestChanged.evaluate(e, {}, {});
const call = (eventName: string, requestParameters: unknown, responseElements: unknown = null) =>
  evaluate(eventFixture('request-spot-instances', { eventName, requestParameters, responseElements }));

describe('ec2-spot-request-changed', () => {
  it('RequestSpotInstances: names the spot request (from the response) and the caller', () => {
    expect(evaluate(eventFixture('request-spot-instances'))).toMatchObject({
      matched: true,
      summary: 'requested spot capacity (RequestSpotInstances: sir-3k8f6c2m) by christophe',
      details: { Call: 'ec2.amazonaws.com RequestSpotInstances', Requests: 'sir-3k8f6c2m' },
    });
  });

  it('cancellations and spot fleets match, with the ids wherever the record holds them', () => {
    expect(
      call('CancelSpotInstanceRequests', {
        spotInstanceRequestIdSet: { items: [{ spotInstanceRequestId: 'sir-3k8f6c2m' }] },
      }),
    ).toMatchObject({
      matched: true,
      summary: 'cancelled spot capacity (CancelSpotInstanceRequests: sir-3k8f6c2m) by christophe',
    });
    expect(
      call('RequestSpotFleet', {}, { spotFleetRequestId: 'sfr-12345678-1234-1234-1234-123456789012' }),
    ).toMatchObject({
      matched: true,
      details: { Requests: 'sfr-12345678-1234-1234-1234-123456789012' },
    });
    expect(call('CancelSpotFleetRequests', {})).toMatchObject({
      matched: true,
      summary: 'cancelled spot capacity (CancelSpotFleetRequests) by christophe',
    });
  });

  it('CreateFleet matches only when it asks for spot capacity', () => {
    const fleet = (spec: unknown) => call('CreateFleet', { CreateFleetRequest: spec });
    expect(
      fleet({ TargetCapacitySpecification: { DefaultTargetCapacityType: 'spot', TotalTargetCapacity: 2 } }),
    ).toMatchObject({
      matched: true,
    });
    expect(fleet({ TargetCapacitySpecification: { TotalTargetCapacity: 4, SpotTargetCapacity: 2 } })).toMatchObject({
      matched: true,
    });
    expect(fleet({ SpotOptions: { AllocationStrategy: 'price-capacity-optimized' } })).toMatchObject({ matched: true });
    expect(
      fleet({
        TargetCapacitySpecification: {
          DefaultTargetCapacityType: 'on-demand',
          TotalTargetCapacity: 2,
          SpotTargetCapacity: 0,
        },
      }),
    ).toEqual({ matched: false, reason: 'ec2-spot-request-changed: CreateFleet asks for on-demand capacity only' });
  });

  it('RunInstances and other services do not match', () => {
    expect(evaluate(eventFixture('request-spot-instances', { eventName: 'RunInstances' }))).toEqual({
      matched: false,
      reason: 'ec2-spot-request-changed: RunInstances does not request or cancel spot capacity',
    });
    expect(evaluate(normalizedCorpus('awsdocs/dynamodb-createtable-cloudtrail.json'))).toMatchObject({
      matched: false,
    });
  });
});
