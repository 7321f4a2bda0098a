/**
 * Where the sweep's Distributed Map reads its items and writes its results, granted on the exact
 * object prefix. CDK's own `S3JsonItemReader` and `ResultWriterV2` grant on every object of the
 * bucket (`<bucket>/*`); these render the same ASL and narrow the policy to the prefix they use.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

interface PrefixedItemReaderProps {
  readonly bucket: s3.IBucket;
  /** The only prefix the state machine may read items under, e.g. `targets/`. */
  readonly prefix: string;
  /** The object's key, as JSONPath into the Map state's input (e.g. `$.targetsRef`). */
  readonly keyPath: string;
}

/** `ItemReader` over a JSON array in S3 (`arn:aws:states:::s3:getObject`, `InputType: JSON`). */
class PrefixedJsonItemReader extends sfn.S3JsonItemReader {
  private readonly prefixBucket: s3.IBucket;
  private readonly prefix: string;

  public constructor(props: PrefixedItemReaderProps) {
    super({ bucket: props.bucket, key: sfn.JsonPath.stringAt(props.keyPath) });
    this.prefixBucket = props.bucket;
    this.prefix = props.prefix;
  }

  public override providePolicyStatements(): iam.PolicyStatement[] {
    return [
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.prefixBucket.arnForObjects(`${this.prefix}*`)],
      }),
    ];
  }
}

/**
 * `ResultWriter` exporting every child execution (`Transformation: NONE`, JSON) under `prefix`: the
 * results of thousands of accounts never pass through the 256 KiB state payload.
 */
class PrefixedResultWriter extends sfn.ResultWriterV2 {
  private readonly prefixBucket: s3.IBucket;
  private readonly writerPrefix: string;

  /** `prefix` without a trailing `/`: Step Functions writes `<prefix>/<map run id>/manifest.json` and the results. */
  public constructor(props: { readonly bucket: s3.IBucket; readonly prefix: string }) {
    super({
      bucket: props.bucket,
      prefix: props.prefix,
      writerConfig: new sfn.WriterConfig({
        outputType: sfn.OutputType.JSON,
        transformation: sfn.Transformation.NONE,
      }),
    });
    this.prefixBucket = props.bucket;
    this.writerPrefix = props.prefix;
  }

  /** The actions AWS documents for ResultWriter (multipart upload included), on the prefix only. */
  public override providePolicyStatements(): iam.PolicyStatement[] {
    return [
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
        resources: [this.prefixBucket.arnForObjects(`${this.writerPrefix}/*`)],
      }),
    ];
  }
}

export { PrefixedJsonItemReader, PrefixedResultWriter };
