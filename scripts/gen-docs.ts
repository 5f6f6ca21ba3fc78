/**
 * Generates the reference pages from the code, so they cannot drift from it:
 *   docs/reference/config.md  from src/config/defaults.ts
 *   docs/reference/cli.md     from the CLI's help texts
 *   docs/reference/api.md and openapi.json  from the API's route declarations
 * Run `npm run docs`; a test fails when the committed pages are stale.
 */
import { writeFileSync } from 'node:fs';
import Router from '@koa/router';
import { buildOpenApiDocument, routesOf, type ApiRouter } from '../src/api/index.ts';
import { graphRoutes, type GraphDeps } from '../src/api/routes/index.ts';
import { configOptions } from '../src/config/index.ts';
import { agentsHelp } from '../src/cli/commands/agents.ts';
import { bootstrapAdminHelp } from '../src/cli/commands/bootstrap-admin.ts';
import { caHelp } from '../src/cli/commands/conditional-access.ts';
import { keysHelp } from '../src/cli/commands/keys.ts';
import { resourceHelp } from '../src/cli/commands/resource-table.ts';
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
${block('limen keys', keysHelp)}
${block('limen ca', caHelp)}
${block('limen agents', agentsHelp)}
${block('Directory and log commands', resourceHelp)}`;
}

/** The routes as declared; handlers never run here, so the dependencies are not needed. */
function declaredRoutes() {
  const router: ApiRouter = new Router({ prefix: '/v1.0' });
  for (const register of graphRoutes) register(router, {} as GraphDeps);
  return routesOf(router);
}

const docsUrl = 'http://localhost:8080';

export function openApiReference(): string {
  const doc = buildOpenApiDocument(declaredRoutes(), {
    publicUrl: docsUrl, version: '0.1.0', authorizationUrl: `${docsUrl}/auth`, tokenUrl: `${docsUrl}/token`,
  });
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function apiReference(): string {
  const doc = JSON.parse(openApiReference()) as {
    paths: Record<string, Record<string, { summary?: string; security?: Array<Record<string, string[]>> }>>;
  };
  const rows: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const permissions = [...new Set((op.security ?? []).flatMap((s) => Object.values(s).flat()))];
      rows.push(`| ${method.toUpperCase()} | \`${path}\` | ${op.summary ?? ''} | ${permissions.slice(0, 4).join(', ')}${permissions.length > 4 ? ', …' : ''} |`);
    }
  }
  return `# API reference

Generated from the route declarations by \`npm run docs\`; the full OpenAPI 3.1 document is
[openapi.json](openapi.json), also served by every Limen at \`/openapi.json\`.

Paths, names and JSON are Microsoft Graph v1.0's. Every call needs a bearer token from Limen
(\`api://limen/.default\` for app-only callers). Errors are Graph error bodies with a
\`request-id\`. Collections take \`$filter\`, \`$select\`, \`$top\`, \`$orderby\` and \`$count\` where
Graph does, and page with \`@odata.nextLink\`.

| method | path | what it does | permissions (any of) |
|---|---|---|---|
${rows.join('\n')}
`;
}

if (import.meta.main) {
  writeFileSync(new URL('../docs/reference/api.md', import.meta.url), apiReference());
  writeFileSync(new URL('../docs/reference/openapi.json', import.meta.url), openApiReference());
  writeFileSync(new URL('../docs/reference/config.md', import.meta.url), configReference());
  writeFileSync(new URL('../docs/reference/cli.md', import.meta.url), cliReference());
  process.stdout.write('wrote docs/reference/config.md, cli.md, api.md and openapi.json\n');
}
