/**
 * `npm run docs:rules`: writes the rule table of README.md (between its marker comments) from the
 * registry, so the table lists exactly the rules that run. `--check` writes nothing and exits 1 when
 * README.md differs from what the registry generates (test/scripts/docs-rules.test.ts checks the same).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderRuleTable, ruleCatalogue, withRuleTable } from '../tasks/rules/catalogue';

const README = new URL('../README.md', import.meta.url);
const current = readFileSync(README, 'utf-8');
const generated = withRuleTable(current, renderRuleTable(ruleCatalogue()));
if (process.argv.includes('--check')) {
  if (generated !== current) {
    console.error('README.md: the rule table differs from the registry; run npm run docs:rules');
    process.exitCode = 1;
  }
} else if (generated !== current) {
  writeFileSync(README, generated);
  console.log('README.md: rule table updated');
} else {
  console.log('README.md: rule table up to date');
}
