/**
 * Generates the reference pages from the code, so they cannot drift from it:
 *   docs/reference/config.md  from src/config/defaults.ts
 *   docs/reference/cli.md     from the CLI's help texts
 * Run `npm run docs`; a test fails when the committed pages are stale.
 */
import { writeFileSync } from 'node:fs';
import { configOptions } from '../src/config/index.ts';
import { bootstrapAdminHelp } from '../src/cli/commands/bootstrap-admin.ts';
import { resourceHelp } from '../src/cli/commands/resources.ts';
import { mainHelp } from '../src/cli/help.ts';

export function configReference(): string {
  const rows = Object.values(configOptions).map(
    (o) => `| \`${o.env}\` | ${String(o.default).replace(/\|/g, '\\|')} | ${o.description} |`,
  );
  return `# Configuration reference

Generated from \`src/config/defaults.ts\` by \`npm run docs\`; edit that file, not this one.

Limen reads its settings from the environment once, at start. A wrong value stops the start with
the variable's name and what is wrong with it.

| variable | default | meaning |
|---|---|---|
${rows.join('\n')}
`;
}

export function cliReference(): string {
  const block = (title: string, text: string) => `## ${title}\n\n\`\`\`text\n${text}\n\`\`\`\n`;
  return `# CLI reference

Generated from the CLI's help texts by \`npm run docs\`. Run \`npx limen\` from the project folder.

${block('limen', mainHelp)}
${block('limen bootstrap-admin', bootstrapAdminHelp)}
${block('Directory and log commands', resourceHelp)}`;
}

if (import.meta.main) {
  writeFileSync(new URL('../docs/reference/config.md', import.meta.url), configReference());
  writeFileSync(new URL('../docs/reference/cli.md', import.meta.url), cliReference());
  process.stdout.write('wrote docs/reference/config.md and docs/reference/cli.md\n');
}
