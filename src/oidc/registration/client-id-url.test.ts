import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isClientIdUrl } from './client-id-url.ts';

test('a client ID URL is https with a path, and without fragment, user info or dot segments', () => {
  for (const ok of ['https://app.example.com/client.json', 'https://app.example.com:8443/oauth/client', 'https://app.example.com/c?v=1']) {
    assert.equal(isClientIdUrl(ok), true, ok);
  }
  for (const refused of [
    'http://app.example.com/client.json',
    'https://app.example.com',
    'https://app.example.com/',
    'https://app.example.com/client.json#x',
    'https://user:pass@app.example.com/client.json',
    'https://app.example.com/a/../client.json',
    'https://app.example.com/a/%2e%2E/client.json',
    'https://app.example.com/./client.json',
    'https://app.example.com/a b',
    'https://app.example.com\\client.json',
    'c0ffee00-0000-0000-0000-000000000000',
    `https://app.example.com/${'x'.repeat(200)}`,
  ]) {
    assert.equal(isClientIdUrl(refused), false, refused);
  }
});
