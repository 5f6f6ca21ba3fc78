/**
 * Every real export in the shared corpora (research notes §5) must import: decoded from its
 * encoding (most are UTF-16LE with a BOM), parsed without a problem, exported and parsed again
 * to the same thing, with nothing the file said lost on the way. The corpora are vendored in
 * test/fixtures/corpora (MIT, with their licences), so every machine runs the same files.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { decodeDocument, detectEncoding } from './decode-document.ts';
import { exportDocument, exportNamedLocationDocument } from './export-policy.ts';
import { parseNamedLocationDocument } from './parse-named-location.ts';
import { parsePolicyDocument } from './parse-policy-document.ts';
import type { Problem } from './problem.ts';
import { isObject } from './read-value.ts';
import { stripAnnotations } from './strip-annotations.ts';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const corpora = join(repository, 'test/fixtures/corpora/conditional-access');

/** `**\/ConditionalAccess/*.json` and `**\/NamedLocations/*.json`, sorted. */
function corpusFiles(kind: 'ConditionalAccess' | 'NamedLocations'): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.json') && dir.endsWith(`/${kind}`)) found.push(path);
    }
  };
  walk(corpora);
  return found.sort();
}

/**
 * Files that carry values Graph does not have, with the problems they must produce. None of the
 * corpora here does today: a new entry needs a comment saying why the file is wrong, not Limen.
 */
const expectedProblems: Readonly<Record<string, Problem[]>> = {};

/** Paths of every non-empty leaf (string, number, boolean, list item): what the file says. */
function leafPaths(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leafPaths(item, `${path}[${i}]`));
  if (isObject(value)) return Object.entries(value).flatMap(([key, member]) => leafPaths(member, path === '' ? key : `${path}.${key}`));
  return value === null || value === '' ? [] : [path];
}

/** Members the parser does not know that the corpora carry; they must come out of an export too. */
const betaMembers = ['partialEnablementStrategy', 'deletedDateTime', 'conditions.times', 'conditions.deviceStates', 'conditions.agentContext', 'sessionControls.blockSensitiveActions'];

const has = (root: unknown, path: string) => {
  let node = root;
  for (const key of path.split('.')) {
    if (!isObject(node) || !(key in node)) return false;
    node = node[key];
  }
  return true;
};

if (!existsSync(corpora)) {
  describe('corpora', () => {
    it('are vendored in the repository', () => {
      assert.fail(`The corpora are missing at ${corpora}.`);
    });
  });
} else {
  const policyFiles = corpusFiles('ConditionalAccess');
  const locationFiles = corpusFiles('NamedLocations');

  describe('importing the real policy exports of the corpora', () => {
    it('finds the files, in the encodings the notes describe', () => {
      assert.ok(policyFiles.length >= 78, `only ${policyFiles.length} policy files`);
      assert.ok(locationFiles.length >= 7, `only ${locationFiles.length} named location files`);
      const encodings = new Set([...policyFiles, ...locationFiles].map((f) => {
        const bytes = readFileSync(f);
        const { encoding, offset } = detectEncoding(bytes);
        return `${encoding}${offset > 0 ? ' with BOM' : ''}`;
      }));
      assert.deepEqual([...encodings].sort(), ['utf-16le with BOM', 'utf-8', 'utf-8 with BOM']);
    });

    for (const file of policyFiles) {
      const name = relative(corpora, file);
      it(`${name} imports, and exports back to the same policy`, () => {
        const bytes = readFileSync(file);
        const first = parsePolicyDocument(bytes, { keepIds: true });
        assert.deepEqual(first.problems, expectedProblems[name] ?? []);
        assert.equal(first.policies.length, 1);
        const [policy] = first.policies;

        const again = parsePolicyDocument(JSON.stringify(exportDocument(first.policies)), { keepIds: true });
        assert.deepEqual(again.problems, []);
        assert.deepEqual(again.policies, first.policies);

        const source = stripAnnotations(JSON.parse(decodeDocument(bytes)));
        const kept = new Set(leafPaths(policy));
        for (const path of leafPaths(source)) assert.ok(kept.has(path), `${path} was lost`);
        const exported = exportDocument(first.policies).value as unknown[];
        for (const member of betaMembers) {
          if (has(source, member)) assert.ok(has(exported[0], member), `${member} did not survive the export`);
        }
      });
    }
  });

  describe('importing the real named locations of the corpora', () => {
    for (const file of locationFiles) {
      const name = relative(corpora, file);
      it(`${name} imports, and exports back to the same location`, () => {
        const first = parseNamedLocationDocument(readFileSync(file), { keepIds: true });
        assert.deepEqual(first.problems, expectedProblems[name] ?? []);
        assert.equal(first.locations.length, 1);
        const again = parseNamedLocationDocument(JSON.stringify(exportNamedLocationDocument(first.locations)), { keepIds: true });
        assert.deepEqual(again.problems, []);
        assert.deepEqual(again.locations, first.locations);
        assert.ok('deletedDateTime' in first.locations[0]!, 'the beta deletedDateTime was lost');
      });
    }
  });
}
