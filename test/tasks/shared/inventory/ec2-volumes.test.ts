import { DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { collectVolumes } from '../../../../tasks/shared/inventory/ec2-volumes';
import { stubPlacebo } from '../../../support/placebo';

const ACCOUNT = { accountId: '644160558196' };
const ec2 = mockClient(EC2Client);
afterEach(() => ec2.reset());
const collect = () => collectVolumes(new EC2Client({ region: 'us-west-2' }), ACCOUNT, 'us-west-2');

describe('collectVolumes', () => {
  it('an unencrypted attached volume and two encrypted ones, in Config shape (test_ebs_aws_managed_kms_keys)', async () => {
    stubPlacebo(ec2.on(DescribeVolumesCommand), 'test_ebs_aws_managed_kms_keys__ec2.DescribeVolumes_1.json');
    const items = await collect();
    expect(items.map((ci) => [ci.resourceId, ci.configuration.encrypted, ci.configuration.kmsKeyId ?? null])).toEqual([
      ['vol-37e189b7', false, null],
      ['vol-cc3fc645', true, 'arn:aws:kms:us-west-2:644160558196:key/d21dba12-ec3d-4115-a600-5779ae051580'],
      ['vol-14a3cd9d', true, 'arn:aws:kms:us-west-2:644160558196:key/68425528-9938-4a15-90f2-f1755263b836'],
    ]);
    expect(items[0]).toEqual({
      resourceType: 'AWS::EC2::Volume',
      resourceId: 'vol-37e189b7',
      arn: 'arn:aws:ec2:us-west-2:644160558196:volume/vol-37e189b7',
      accountId: '644160558196',
      region: 'us-west-2',
      availabilityZone: 'us-west-2c',
      status: 'OK',
      configuration: {
        availabilityZone: 'us-west-2c',
        attachments: [
          {
            attachTime: '2016-07-24T10:35:06.000Z',
            instanceId: 'i-0bfe468063b02d018',
            volumeId: 'vol-37e189b7',
            state: 'attached',
            deleteOnTermination: true,
            device: '/dev/sda1',
          },
        ],
        encrypted: false,
        volumeType: 'gp2',
        volumeId: 'vol-37e189b7',
        state: 'in-use',
        iops: 100,
        snapshotId: 'snap-47713105',
        createTime: '2016-07-24T10:35:06.901Z',
        size: 8,
        tags: [],
      },
      supplementaryConfiguration: {},
      tags: {},
      relationships: [
        { resourceType: 'AWS::EC2::Instance', resourceId: 'i-0bfe468063b02d018', name: 'Is attached to Instance' },
      ],
    });
  });

  it('volumes without Iops (magnetic) or Tags keep exactly what was recorded (test_ebs_modifyable_filter)', async () => {
    stubPlacebo(ec2.on(DescribeVolumesCommand), 'test_ebs_modifyable_filter__ec2.DescribeVolumes_1.json');
    const items = await collect();
    expect(items).toHaveLength(6);
    const magnetic = items.find((ci) => ci.configuration.volumeType === 'standard');
    expect(magnetic?.configuration).not.toHaveProperty('iops');
    const untagged = items.find((ci) => ci.resourceId === 'vol-091e2a63a6e4da54d');
    expect(untagged?.tags).toEqual({});
    expect(untagged?.relationships).toEqual([]);
  });

  it('pages with a fresh input, and propagates an error answer (InvalidVolume.NotFound)', async () => {
    ec2
      .on(DescribeVolumesCommand)
      .resolvesOnce({ Volumes: [{ VolumeId: 'vol-1', Encrypted: true }], NextToken: 'n' })
      .resolvesOnce({ Volumes: [{ VolumeId: 'vol-2', Encrypted: false }] });
    expect((await collect()).map((ci) => ci.resourceId)).toEqual(['vol-1', 'vol-2']);
    expect(ec2.commandCalls(DescribeVolumesCommand).map((c) => c.args[0].input)).toEqual([
      { MaxResults: 1000 },
      { MaxResults: 1000, NextToken: 'n' },
    ]);
    ec2.reset();
    stubPlacebo(ec2.on(DescribeVolumesCommand), 'test_ebs_force_delete__ec2.DescribeVolumes_3.json');
    await expect(collect()).rejects.toMatchObject({ name: 'InvalidVolume.NotFound' });
  });
});
