/**
 * Reads the Step Functions definitions (and what the local runner needs around them) out of a
 * synthesized CloudFormation template. CloudFormation intrinsics are resolved to deterministic
 * placeholder names and ARNs, recorded so every Task can be bound to the resource it names.
 */

/** Placeholder identity of the local "AWS account" the extracted definition refers to. */
const LOCAL_ENV = { account: '123456789012', region: 'us-east-1', partition: 'aws' } as const;

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

interface Template {
  readonly Resources: Record<string, CfnResource>;
}

interface Placeholder {
  readonly logicalId: string;
  readonly type: string;
}

/** A resolved value, and the placeholders it was made of. */
class Resolver {
  public readonly placeholders = new Map<string, Placeholder>();

  public constructor(private readonly template: Template) {}

  public resolve(node: unknown): unknown {
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map((n) => this.resolve(n));
    const entries = Object.entries(node as Record<string, unknown>);
    const [key, value] = entries[0] ?? [];
    if (entries.length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::'))) {
      return this.intrinsic(key, value);
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v)]));
  }

  private intrinsic(key: string, value: unknown): unknown {
    switch (key) {
      case 'Ref':
        return this.ref(String(value));
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = (Array.isArray(value) ? value : String(value).split('.')) as [string, string];
        return this.getAtt(logicalId, attribute);
      }
      case 'Fn::Join': {
        const [separator, parts] = value as [string, unknown[]];
        return (this.resolve(parts) as unknown[]).join(separator);
      }
      default:
        throw new Error(`the local runner cannot resolve ${key} in a state machine definition`);
    }
  }

  private ref(logicalId: string): string {
    if (logicalId === 'AWS::Partition') return LOCAL_ENV.partition;
    if (logicalId === 'AWS::Region') return LOCAL_ENV.region;
    if (logicalId === 'AWS::AccountId') return LOCAL_ENV.account;
    if (logicalId === 'AWS::URLSuffix') return 'amazonaws.com';
    const resource = this.resource(logicalId);
    // What Ref returns per type: the ARN for topics and state machines, the name for the rest.
    const value =
      resource.Type === 'AWS::SNS::Topic' || resource.Type === 'AWS::StepFunctions::StateMachine'
        ? arnOf(resource.Type, logicalId)
        : logicalId;
    return this.record(value, logicalId, resource.Type);
  }

  private getAtt(logicalId: string, attribute: string): string {
    const resource = this.resource(logicalId);
    const value = attribute === 'Arn' ? arnOf(resource.Type, logicalId) : `${logicalId}.${attribute}`;
    return this.record(value, logicalId, resource.Type);
  }

  private resource(logicalId: string): CfnResource {
    const resource = this.template.Resources[logicalId];
    if (resource === undefined) throw new Error(`the template has no resource ${logicalId}`);
    return resource;
  }

  private record(value: string, logicalId: string, type: string): string {
    this.placeholders.set(value, { logicalId, type });
    return value;
  }
}

function arnOf(type: string, name: string): string {
  const { partition: p, region: r, account: a } = LOCAL_ENV;
  switch (type) {
    case 'AWS::Lambda::Function':
      return `arn:${p}:lambda:${r}:${a}:function:${name}`;
    case 'AWS::DynamoDB::GlobalTable':
    case 'AWS::DynamoDB::Table':
      return `arn:${p}:dynamodb:${r}:${a}:table/${name}`;
    case 'AWS::SNS::Topic':
      return `arn:${p}:sns:${r}:${a}:${name}`;
    case 'AWS::SQS::Queue':
      return `arn:${p}:sqs:${r}:${a}:${name}`;
    case 'AWS::S3::Bucket':
      return `arn:${p}:s3:::${name.toLowerCase()}`;
    case 'AWS::StepFunctions::StateMachine':
      return `arn:${p}:states:${r}:${a}:stateMachine:${name}`;
    case 'AWS::Events::EventBus':
      return `arn:${p}:events:${r}:${a}:event-bus/${name}`;
    case 'AWS::IAM::Role':
      return `arn:${p}:iam::${a}:role/${name}`;
    default:
      throw new Error(`the local runner has no placeholder ARN for ${type}`);
  }
}

interface ExtractedStateMachine {
  readonly logicalId: string;
  readonly definition: Record<string, unknown>;
  /** Every placeholder the definition refers to. */
  readonly placeholders: ReadonlyMap<string, Placeholder>;
}

/** Every state machine in the template, keyed by logical id. */
function extractStateMachines(template: Template): Map<string, ExtractedStateMachine> {
  const out = new Map<string, ExtractedStateMachine>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::StepFunctions::StateMachine') continue;
    const resolver = new Resolver(template);
    const definitionString = resolver.resolve(resource.Properties?.DefinitionString);
    if (typeof definitionString !== 'string') throw new Error(`${logicalId} has no DefinitionString`);
    let text = definitionString;
    const substitutions = resolver.resolve(resource.Properties?.DefinitionSubstitutions ?? {}) as Record<
      string,
      string
    >;
    for (const [name, value] of Object.entries(substitutions)) text = text.replaceAll(`\${${name}}`, value);
    out.set(logicalId, {
      logicalId,
      definition: JSON.parse(text) as Record<string, unknown>,
      placeholders: resolver.placeholders,
    });
  }
  return out;
}

/** A Lambda function's environment variables as its code would see them, placeholders resolved. */
function functionEnvironment(template: Template, logicalId: string): Record<string, string> {
  const resource = template.Resources[logicalId];
  if (resource?.Type !== 'AWS::Lambda::Function') throw new Error(`${logicalId} is not a Lambda function`);
  const env = (resource.Properties?.Environment as { Variables?: unknown } | undefined)?.Variables ?? {};
  return new Resolver(template).resolve(env) as Record<string, string>;
}

interface TableSchema {
  readonly tableName: string;
  readonly keySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  readonly attributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  readonly globalSecondaryIndexes: {
    IndexName: string;
    KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
    Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
  }[];
}

/** The DynamoDB tables of the template, named as the placeholders name them. */
function tableSchemas(template: Template): TableSchema[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::DynamoDB::GlobalTable' || r.Type === 'AWS::DynamoDB::Table')
    .map(([logicalId, r]) => {
      const p = (r.Properties ?? {}) as Record<string, unknown>;
      return {
        tableName: logicalId,
        keySchema: p.KeySchema as TableSchema['keySchema'],
        attributeDefinitions: p.AttributeDefinitions as TableSchema['attributeDefinitions'],
        globalSecondaryIndexes: ((p.GlobalSecondaryIndexes ?? []) as TableSchema['globalSecondaryIndexes']).map(
          (g) => ({ IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection }),
        ),
      };
    });
}

export type { ExtractedStateMachine, Placeholder, TableSchema, Template };
export { extractStateMachines, functionEnvironment, LOCAL_ENV, tableSchemas };
