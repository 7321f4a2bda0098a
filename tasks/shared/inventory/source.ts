/** The port `Collect resources` reads an account through. */
import type { AccountTarget, ConfigurationItem } from '../model';

/** Where resources come from: the live collectors in AWS, a Config snapshot offline. */
interface ResourceSource {
  /** Throws AccountUnreachableError when the account cannot be read at all. */
  collect(target: AccountTarget): Promise<{
    items: ConfigurationItem[];
    regionErrors: { region: string; error: string }[];
  }>;
}

export type { ResourceSource };
