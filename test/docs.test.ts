import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { apiReference, cliReference, configReference, openApiReference } from '../scripts/gen-docs.ts';

const read = (p: string) => readFileSync(new URL(`../docs/reference/${p}`, import.meta.url), 'utf8');

test('the configuration reference matches the defaults in the code (run npm run docs)', () => {
  assert.equal(read('config.md'), configReference());
});

test('the CLI reference matches the CLI help texts (run npm run docs)', () => {
  assert.equal(read('cli.md'), cliReference());
});

test('the API reference and OpenAPI document match the route declarations (run npm run docs)', () => {
  assert.equal(read('api.md'), apiReference());
  assert.equal(read('openapi.json'), openApiReference());
});
