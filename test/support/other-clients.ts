/** `AwsClients.of` for tests: a real client of the class in us-east-1 (aws-sdk-client-mock stubs a class's every instance). */
import type { ClientClass } from '../../tasks/shared/inventory/collector';

function otherClients<C>(client: ClientClass<C>): C {
  return new client({ region: 'us-east-1' });
}

export { otherClients };
