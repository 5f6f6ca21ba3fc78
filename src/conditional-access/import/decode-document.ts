/**
 * Bytes of an uploaded file → text. Real exports are not all UTF-8: PowerShell's `Out-File`
 * writes UTF-16LE with a BOM (72 of 76 files of j0eyv/ConditionalAccessBaseline), others UTF-8
 * with a BOM (research notes §5). The BOM decides; without one, JSON's ASCII punctuation makes
 * UTF-16 visible as a NUL byte beside every character (RFC 8259 §8.1 relies on the same fact).
 */

export class DocumentDecodeError extends Error {
  override readonly name = 'DocumentDecodeError';
}

export type DocumentEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** How many leading bytes the BOM-less UTF-16 guess looks at. */
const sniffLength = 256;

export function decodeDocument(bytes: Uint8Array): string {
  const { encoding, offset } = detectEncoding(bytes);
  const body = bytes.subarray(offset);
  if (encoding !== 'utf-8' && body.length % 2 !== 0) {
    throw new DocumentDecodeError(`The file looks like ${encoding.toUpperCase()} text but has an odd number of bytes; it is truncated or not text.`);
  }
  // TextDecoder's utf-16be needs full ICU; swapping the bytes and reading LE works everywhere.
  const input = encoding === 'utf-16be' ? swapPairs(body) : body;
  try {
    return new TextDecoder(encoding === 'utf-8' ? 'utf-8' : 'utf-16le', { fatal: true, ignoreBOM: true }).decode(input);
  } catch {
    const hint = encoding === 'utf-8' ? ' Save it as UTF-8 (or UTF-16 with a byte order mark) and try again.' : '';
    throw new DocumentDecodeError(`The file is not valid ${encoding.toUpperCase()} text.${hint}`);
  }
}

export function detectEncoding(bytes: Uint8Array): { encoding: DocumentEncoding; offset: number } {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', offset: 3 };
  if ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) {
    throw new DocumentDecodeError('The file is UTF-32 text, which is not supported; save it as UTF-8.');
  }
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', offset: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', offset: 2 };
  return { encoding: sniffUtf16(bytes) ?? 'utf-8', offset: 0 };
}

/**
 * UTF-16 without a BOM: ASCII characters put a NUL in every odd byte (LE) or every even byte
 * (BE). Mostly-NUL on one side and no NUL on the other is that pattern; NULs on both sides
 * (UTF-32, binary) are not text we read.
 */
function sniffUtf16(bytes: Uint8Array): DocumentEncoding | undefined {
  const n = Math.min(bytes.length, sniffLength) & ~1;
  if (n < 2) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (evenNul === 0 && oddNul >= pairs / 2) return 'utf-16le';
  if (oddNul === 0 && evenNul >= pairs / 2) return 'utf-16be';
  if (evenNul + oddNul > 0) {
    throw new DocumentDecodeError('The file contains NUL bytes but is not UTF-16 text; it may be UTF-32 or binary. Save it as UTF-8.');
  }
  return undefined;
}

function swapPairs(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1]!;
    out[i + 1] = bytes[i]!;
  }
  return out;
}
