import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { cliReference, configReference } from '../scripts/gen-docs.ts';

const read = (p: string) => readFileSync(new URL(`../docs/reference/${p}`, import.meta.url), 'utf8');

test('the configuration reference matches the defaults in the code (run npm run docs)', () => {
  assert.equal(read('config.md'), configReference());
});

test('the CLI reference matches the CLI help texts (run npm run docs)', () => {
  assert.equal(read('cli.md'), cliReference());
});
