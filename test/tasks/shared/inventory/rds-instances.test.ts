import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { toBeanCase } from '../../../../tasks/shared/inventory/config-case';
import { collectDbInstances } from '../../../../tasks/shared/inventory/rds-instances';
import { PlaceboServiceError } from '../../../support/placebo';

const ACCOUNT = { accountId: '222222222222' };
const rds = mockClient(RDSClient);
afterEach(() => rds.reset());
const collect = () => collectDbInstances(new RDSClient({ region: 'eu-west-1' }), ACCOUNT, 'eu-west-1');

// No DescribeDBInstances recording in the corpus: SDK-shaped output as the API documents it.
const WAREHOUSE = {
  DBInstanceIdentifier: 'analytics-warehouse',
  DBInstanceClass: 'db.t4g.medium',
  Engine: 'postgres',
  DBInstanceStatus: 'available',
  Endpoint: {
    Address: 'analytics-warehouse.abc.eu-west-1.rds.amazonaws.com',
    Port: 5432,
    HostedZoneId: 'Z29XKXDKYMONMX',
  },
  InstanceCreateTime: new Date('2023-03-05T12:00:00Z'),
  VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0c2341a0cd99a02e8', Status: 'active' }],
  MultiAZ: false,
  StorageEncrypted: false,
  DbiResourceId: 'db-EKXNMGTM5LCM6WVZAU6AU3FQIC',
  CACertificateIdentifier: 'rds-ca-rsa2048-g1',
  DBInstanceArn: 'arn:aws:rds:eu-west-1:222222222222:db:analytics-warehouse',
  IAMDatabaseAuthenticationEnabled: false,
  DbInstancePort: 0,
  TagList: [{ Key: 'Owner', Value: 'data-science@example.com' }],
};

describe('toBeanCase', () => {
  it('lower-cases only the first letter, as Config records RDS', () => {
    expect(
      toBeanCase({
        DBInstanceIdentifier: 'x',
        CACertificateIdentifier: 'y',
        MultiAZ: true,
        DomainMemberships: [{ FQDN: 'f' }],
      }),
    ).toEqual({
      dBInstanceIdentifier: 'x',
      cACertificateIdentifier: 'y',
      multiAZ: true,
      domainMemberships: [{ fQDN: 'f' }],
    });
  });
});

describe('collectDbInstances', () => {
  it('resourceId is the DbiResourceId, resourceName the identifier; schema paths; tags from TagList', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [WAREHOUSE] });
    const [ci] = await collect();
    expect(ci).toMatchObject({
      resourceType: 'AWS::RDS::DBInstance',
      resourceId: 'db-EKXNMGTM5LCM6WVZAU6AU3FQIC',
      resourceName: 'analytics-warehouse',
      arn: 'arn:aws:rds:eu-west-1:222222222222:db:analytics-warehouse',
      accountId: '222222222222',
      region: 'eu-west-1',
      status: 'OK',
      tags: { Owner: 'data-science@example.com' },
      relationships: [
        {
          resourceType: 'AWS::EC2::SecurityGroup',
          resourceId: 'sg-0c2341a0cd99a02e8',
          name: 'Is associated with SecurityGroup',
        },
      ],
    });
    expect(ci?.configuration).toMatchObject({
      dBInstanceIdentifier: 'analytics-warehouse',
      dBInstanceStatus: 'available',
      storageEncrypted: false,
      dbiResourceId: 'db-EKXNMGTM5LCM6WVZAU6AU3FQIC',
      dBInstanceArn: 'arn:aws:rds:eu-west-1:222222222222:db:analytics-warehouse',
      cACertificateIdentifier: 'rds-ca-rsa2048-g1',
      iAMDatabaseAuthenticationEnabled: false,
      dbInstancePort: 0,
      multiAZ: false,
      endpoint: {
        address: 'analytics-warehouse.abc.eu-west-1.rds.amazonaws.com',
        port: 5432,
        hostedZoneId: 'Z29XKXDKYMONMX',
      },
      instanceCreateTime: '2023-03-05T12:00:00.000Z',
      vpcSecurityGroups: [{ vpcSecurityGroupId: 'sg-0c2341a0cd99a02e8', status: 'active' }],
    });
    expect(ci?.configuration).not.toHaveProperty('tagList');
  });

  it('pages with Marker (MaxRecords 100), and propagates errors', async () => {
    rds
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({ DBInstances: [WAREHOUSE], Marker: 'm2' })
      .resolvesOnce({ DBInstances: [{ ...WAREHOUSE, DBInstanceIdentifier: 'b', DbiResourceId: 'db-B' }] });
    expect((await collect()).map((ci) => ci.resourceId)).toEqual(['db-EKXNMGTM5LCM6WVZAU6AU3FQIC', 'db-B']);
    expect(rds.commandCalls(DescribeDBInstancesCommand).map((c) => c.args[0].input)).toEqual([
      { MaxRecords: 100 },
      { MaxRecords: 100, Marker: 'm2' },
    ]);
    rds.reset();
    rds.on(DescribeDBInstancesCommand).rejects(new PlaceboServiceError('AccessDenied', 'denied', 403, {}));
    await expect(collect()).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
