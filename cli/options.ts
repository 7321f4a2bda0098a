/**
 * The options and help pieces several commands share, built anew for each command (a commander
 * Option belongs to the one command it is added to).
 */
import { Option } from 'commander';

const jsonOption = () => new Option('--json', 'print exactly one JSON document on stdout, nothing else');

const profileOption = () =>
  new Option('--profile <name>', 'AWS profile for credentials and region (default: the SDK chain)');

const regionOption = () => new Option('--region <region>', 'AWS region (default: the profile’s or AWS_REGION)');

/** The `Examples:` block of a command's help. */
function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

export { examples, jsonOption, profileOption, regionOption };
