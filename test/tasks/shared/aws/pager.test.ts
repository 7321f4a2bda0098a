import { ConfigServiceClient, DescribeConfigRulesCommand } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { collectPages, PaginationError } from '../../../../tasks/shared/aws/pager';
import { placeboResponse } from '../../../support/placebo';

const config = mockClient(ConfigServiceClient);
afterEach(() => config.reset());

describe('collectPages over the real 8-page DescribeConfigRules chain', () => {
  it('follows every opaque NextToken to the last page (no NextToken key) and keeps the order', async () => {
    const pages = Array.from({ length: 8 }, (_, i) => {
      const response = placeboResponse(`test_config_rule_remediation__config.DescribeConfigRules_${i + 1}.json`);
      if (!response.ok) throw new Error('expected output');
      return response.output as { ConfigRules: Array<{ ConfigRuleName: string }>; NextToken?: string };
    });
    expect(pages.map((p) => p.ConfigRules.length)).toEqual([25, 25, 25, 25, 25, 25, 25, 15]);
    expect(pages[7]).not.toHaveProperty('NextToken');
    let stub = config.on(DescribeConfigRulesCommand);
    for (const page of pages) stub = stub.resolvesOnce(page as never);

    const client = new ConfigServiceClient({ region: 'us-east-1' });
    const names = await collectPages('DescribeConfigRules', async (token) => {
      const page = await client.send(new DescribeConfigRulesCommand(token === undefined ? {} : { NextToken: token }));
      return { items: (page.ConfigRules ?? []).map((r) => r.ConfigRuleName ?? ''), nextToken: page.NextToken };
    });

    expect(names).toHaveLength(190);
    expect(names).toEqual(pages.flatMap((p) => p.ConfigRules.map((r) => r.ConfigRuleName)));
    const sent = config.commandCalls(DescribeConfigRulesCommand).map((c) => c.args[0].input.NextToken);
    expect(sent).toEqual([undefined, ...pages.slice(0, 7).map((p) => p.NextToken)]);
    expect(sent[1]).toMatch(/^eyJlbmNyeXB0ZWREYXRh/);
  });
});

describe('collectPages', () => {
  it('stops on an empty or null token', async () => {
    expect(await collectPages('x', async () => ({ items: [1], nextToken: '' }))).toEqual([1]);
    expect(await collectPages('x', async () => ({ items: [2], nextToken: null }))).toEqual([2]);
  });

  it('a token seen before is an error naming the listing and the page', async () => {
    const tokens = ['a', 'b', 'a'];
    let i = 0;
    await expect(collectPages('ListThings', async () => ({ items: [i], nextToken: tokens[i++] }))).rejects.toThrow(
      new PaginationError('ListThings: page 3 repeated an earlier NextToken'),
    );
  });

  it('more pages than the limit is an error', async () => {
    let i = 0;
    await expect(collectPages('ListThings', async () => ({ items: [], nextToken: `t${i++}` }), 3)).rejects.toThrow(
      'ListThings: more than 3 pages',
    );
    expect(i).toBe(3);
  });
});
