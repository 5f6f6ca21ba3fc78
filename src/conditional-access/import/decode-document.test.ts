import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeDocument, DocumentDecodeError } from './decode-document.ts';

const text = '{"displayName": "Zoë – MFA", "state": "enabled"}';

function utf16le(s: string, bom: boolean): Uint8Array {
  const body = Buffer.from(s, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
}

function utf16be(s: string, bom: boolean): Uint8Array {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return bom ? Buffer.concat([Buffer.from([0xfe, 0xff]), be]) : be;
}

function rejects(bytes: Uint8Array, message: RegExp): void {
  assert.throws(() => decodeDocument(bytes), (error: unknown) => {
    assert.ok(error instanceof DocumentDecodeError, `expected DocumentDecodeError, got ${String(error)}`);
    assert.match(error.message, message);
    return true;
  });
}

describe('decodeDocument', () => {
  const cases: Array<[string, Uint8Array]> = [
    ['UTF-8', Buffer.from(text, 'utf8')],
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
    ['UTF-16LE with a BOM (PowerShell Out-File)', utf16le(text, true)],
    ['UTF-16BE with a BOM', utf16be(text, true)],
    ['UTF-16LE without a BOM, told by its NUL bytes', utf16le(text, false)],
    ['UTF-16BE without a BOM, told by its NUL bytes', utf16be(text, false)],
  ];
  for (const [encoding, bytes] of cases) {
    it(`reads ${encoding} to the same text, without the BOM`, () => {
      assert.equal(decodeDocument(bytes), text);
    });
  }

  it('reads an empty file as empty text, for the JSON reader to report', () => {
    assert.equal(decodeDocument(new Uint8Array()), '');
  });

  it('refuses bytes that are not UTF-8 (a Windows-1252 export) and says how to fix it', () => {
    rejects(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]), /not valid UTF-8 text\. Save it as UTF-8/);
  });

  it('refuses UTF-32, by its BOM', () => {
    rejects(Buffer.from([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0]), /UTF-32 text, which is not supported/);
  });

  it('refuses NUL bytes that do not make UTF-16 (UTF-32 without a BOM, binary)', () => {
    rejects(Buffer.from([0x7b, 0, 0, 0, 0x7d, 0, 0, 0]), /NUL bytes but is not UTF-16/);
  });

  it('refuses UTF-16 with an odd number of bytes, as truncated', () => {
    rejects(Buffer.concat([utf16le('{}', true), Buffer.from([0x20])]), /odd number of bytes/);
  });

  it('refuses UTF-16 with a lone surrogate', () => {
    rejects(Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x00, 0xd8, 0x7d, 0x00]), /not valid UTF-16LE text/);
  });
});
