/**
 * CSV as RFC 4180 writes it (https://www.rfc-editor.org/rfc/rfc4180): comma-separated, fields
 * optionally in double quotes, `""` for a quote inside one, CRLF or LF line ends, a header row
 * first. Spreadsheets export exactly this; a byte-order mark in front is dropped.
 */
export class CsvError extends Error {
  override name = 'CsvError';
}

/** The rows of a CSV document as objects keyed by the header row; empty cells are left out. */
export function parseCsv(text: string): Array<Record<string, string>> {
  const rows = csvRows(text.replace(/^\uFEFF/, ''));
  const [header, ...body] = rows;
  if (!header) return [];
  const names = header.map((h) => h.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (name === '') throw new CsvError('the header row has an empty column name');
    if (seen.has(name)) throw new CsvError(`the header row names '${name}' twice`);
    seen.add(name);
  }
  return body
    .filter((cells) => cells.some((c) => c.trim() !== ''))
    .map((cells, index) => {
      if (cells.length > names.length) throw new CsvError(`row ${index + 2} has ${cells.length} cells, the header ${names.length}`);
      const row: Record<string, string> = {};
      cells.forEach((cell, i) => {
        if (cell.trim() !== '') row[names[i]!] = cell.trim();
      });
      return row;
    });
}

function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else cell += c;
      i += 1;
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      if (c === '\r' && text[i + 1] === '\n') i += 1;
    } else cell += c;
    i += 1;
  }
  if (quoted) throw new CsvError('a quoted field is not closed');
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
