/**
 * The resource types the S3, EC2 and RDS collectors read: tests that stub exactly those services
 * collect only these (`LiveCollectorDeps.resourceTypes`), so a collector added later does not call
 * an unstubbed service in them. Each registered collector has its own tests.
 */
const S3_EC2_RDS_TYPES = [
  'AWS::S3::Bucket',
  'AWS::S3::AccountPublicAccessBlock',
  'AWS::EC2::Instance',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::Volume',
  'AWS::EC2::Subnet',
  'AWS::EC2::VPC',
  'AWS::RDS::DBInstance',
] as const;

export { S3_EC2_RDS_TYPES };
