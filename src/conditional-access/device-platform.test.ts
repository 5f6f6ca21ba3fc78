import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { devicePlatformOf } from './device-platform.ts';

describe('the device platform from the user agent', () => {
  const table: Array<[string, string | undefined]> = [
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36', 'windows'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15', 'macOS'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36', 'android'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148', 'iOS'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36', 'linux'],
    ['curl/8.5.0', undefined],
  ];
  for (const [ua, platform] of table) it(`reads ${platform ?? 'nothing'} from ${ua.slice(0, 40)}…`, () => assert.equal(devicePlatformOf(ua), platform));
});
