import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { matchAccount, nameWords, namesMatch, type NamedAccount } from './name-matching.ts';

const account = (id: string, givenName: string | null, surname: string | null, accountEnabled = true): NamedAccount =>
  ({ id, givenName, surname, accountEnabled });

describe('exact name matching', () => {
  test('the first and last names must equal the document’s, case and accents included', () => {
    const maria = { givenName: 'María', surname: 'García' };
    assert.equal(namesMatch(maria, { givenName: 'María', surname: 'García' }, 'exact'), true);
    assert.equal(namesMatch(maria, { givenName: 'MARÍA', surname: 'GARCÍA' }, 'exact'), false);
    assert.equal(namesMatch(maria, { givenName: 'Maria', surname: 'Garcia' }, 'exact'), false);
    assert.equal(namesMatch(maria, { givenName: 'María Elena', surname: 'García' }, 'exact'), false);
  });

  test('surrounding and repeated spaces and Unicode composition do not count', () => {
    const decomposed = { givenName: 'Mari\u0301a', surname: 'Garci\u0301a' };
    assert.equal(namesMatch({ givenName: 'María', surname: 'García' }, decomposed, 'exact'), true);
    assert.equal(namesMatch({ givenName: 'Ana  Sofia', surname: 'Lee' }, { givenName: ' Ana Sofia ', surname: 'Lee' }, 'exact'), true);
  });
});

describe('relaxed name matching', () => {
  test('Entra’s example: a profile holding part of the legal name matches words of either field', () => {
    assert.equal(namesMatch({ givenName: 'Maria', surname: 'Garcia' }, { givenName: 'Maria Elena', surname: 'Garcia Lopez' }, 'relaxed'), true);
  });

  test('the whole legal name in one field of the document still matches', () => {
    assert.equal(namesMatch({ givenName: 'Maria', surname: 'Garcia' }, { givenName: '', surname: 'GARCIA LOPEZ MARIA ELENA' }, 'relaxed'), true);
    assert.equal(namesMatch({ givenName: 'Maria', surname: 'Garcia' }, { givenName: 'Garcia', surname: 'Maria' }, 'relaxed'), true);
  });

  test('case, accents, apostrophes and hyphens do not count', () => {
    assert.equal(namesMatch({ givenName: 'José', surname: "O'Brien" }, { givenName: 'JOSE', surname: 'OBRIEN' }, 'relaxed'), true);
    assert.equal(namesMatch({ givenName: 'Søren', surname: 'Weiß' }, { givenName: 'SOREN', surname: 'WEISS' }, 'relaxed'), true);
    assert.equal(namesMatch({ givenName: 'Anne', surname: 'García-López' }, { givenName: 'Anne', surname: 'Garcia Lopez' }, 'relaxed'), true);
  });

  test('every word of the account’s names must be on the document', () => {
    assert.equal(namesMatch({ givenName: 'Maria', surname: 'Garcia' }, { givenName: 'Maria', surname: 'Lopez' }, 'relaxed'), false);
    assert.equal(namesMatch({ givenName: 'Maria Elena', surname: 'Garcia' }, { givenName: 'Maria', surname: 'Garcia' }, 'relaxed'), false);
    // A word is a word: a prefix is not enough.
    assert.equal(namesMatch({ givenName: 'Mar', surname: 'Garcia' }, { givenName: 'Maria', surname: 'Garcia' }, 'relaxed'), false);
  });

  test('a name with no letters or digits never matches', () => {
    assert.deepEqual(nameWords(' - . '), []);
    assert.equal(namesMatch({ givenName: '-', surname: 'Garcia' }, { givenName: '-', surname: 'Garcia' }, 'relaxed'), false);
  });
});

describe('matching the verified person to the account they named', () => {
  const verified = { givenName: 'Maria Elena', surname: 'Garcia Lopez' };

  test('the named account matches when its names fit and no other account’s do', () => {
    const maria = account('1', 'Maria', 'Garcia');
    const result = matchAccount(maria, [maria, account('2', 'Ana', 'Lee')], verified, 'relaxed');
    assert.deepEqual(result, { matched: true, account: maria });
  });

  test('a missing, disabled or nameless account, or other names, is refused with its reason', () => {
    assert.deepEqual(matchAccount(undefined, [], verified, 'relaxed'), { matched: false, reason: 'accountNotFound' });
    assert.deepEqual(matchAccount(account('1', 'Maria', 'Garcia', false), [], verified, 'relaxed'), { matched: false, reason: 'accountDisabled' });
    assert.deepEqual(matchAccount(account('1', 'Maria', null), [], verified, 'relaxed'), { matched: false, reason: 'namesMissing' });
    assert.deepEqual(matchAccount(account('1', ' ', 'Garcia'), [], verified, 'relaxed'), { matched: false, reason: 'namesMissing' });
    assert.deepEqual(matchAccount(account('1', 'Ana', 'Lee'), [], verified, 'relaxed'), { matched: false, reason: 'nameMismatch' });
  });

  test('a name that also fits another enabled account recovers neither (Entra blocks same-name users)', () => {
    const maria = account('1', 'Maria', 'Garcia');
    assert.deepEqual(matchAccount(maria, [maria, account('2', 'Maria', 'Garcia')], verified, 'relaxed'), { matched: false, reason: 'ambiguousName' });
    // Relaxed matching makes "Elena Lopez" another fit for the same document.
    assert.deepEqual(matchAccount(maria, [maria, account('3', 'Elena', 'Lopez')], verified, 'relaxed'), { matched: false, reason: 'ambiguousName' });
    // A disabled namesake cannot be recovered, so it does not make the name ambiguous.
    assert.deepEqual(matchAccount(maria, [maria, account('2', 'Maria', 'Garcia', false)], verified, 'relaxed'), { matched: true, account: maria });
  });

  test('in exact mode only an exact namesake is ambiguous', () => {
    const maria = account('1', 'Maria Elena', 'Garcia Lopez');
    assert.deepEqual(matchAccount(maria, [maria, account('3', 'Elena', 'Lopez')], verified, 'exact'), { matched: true, account: maria });
    assert.deepEqual(matchAccount(maria, [maria, account('4', 'Maria Elena', 'Garcia Lopez')], verified, 'exact'), { matched: false, reason: 'ambiguousName' });
  });
});
