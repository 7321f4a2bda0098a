/**
 * The bundled sample estate (`examples/estate`) as the workflow tests sweep it: its accounts, its
 * exemption items, its snapshot's configuration items, and the fixed clock the tests run at.
 */
import { readFileSync } from 'node:fs';
import { readSnapshot } from '../../local/snapshot';
import type { ConfigurationItem } from '../../tasks/shared/model';

const ESTATE = new URL('../../examples/estate/', import.meta.url);

/** The morning the sample estate's expiry dates are written against. */
const NOW = () => new Date('2026-11-22T06:00:00Z');
const accounts = JSON.parse(readFileSync(new URL('accounts.json', ESTATE), 'utf-8'));
const exemptions = JSON.parse(readFileSync(new URL('exemptions.json', ESTATE), 'utf-8')) as Record<string, unknown>[];

async function estateItems(): Promise<ConfigurationItem[]> {
  return (await readSnapshot(new URL('snapshot', ESTATE).pathname)).items;
}

export { accounts, estateItems, exemptions, NOW };
