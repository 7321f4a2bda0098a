/**
 * README.md's rule table is what the registry generates (`npm run docs:rules`): a rule added,
 * removed or changed without regenerating the table fails here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRuleTable, ruleCatalogue, TABLE_BEGIN, TABLE_END, withRuleTable } from '../../tasks/rules/catalogue';

const README = readFileSync(path.resolve(process.cwd(), 'README.md'), 'utf-8');

describe('README.md rule table', () => {
  it('is the table the registry generates (run npm run docs:rules)', () => {
    expect(README).toBe(withRuleTable(README, renderRuleTable(ruleCatalogue())));
  });

  it('lists every registered rule once', () => {
    const table = README.slice(README.indexOf(TABLE_BEGIN), README.indexOf(TABLE_END));
    for (const { id } of ruleCatalogue()) expect(table.split(`| \`${id}\` |`), id).toHaveLength(2);
  });

  it('the replacement touches only what is between the markers, and refuses a document without them', () => {
    const doc = `before\n${TABLE_BEGIN}\nold table\n${TABLE_END}\nafter\n`;
    expect(withRuleTable(doc, '| new |')).toBe(`before\n${TABLE_BEGIN}\n| new |\n${TABLE_END}\nafter\n`);
    expect(() => withRuleTable('no markers', '| t |')).toThrow(/markers/);
  });
});
