/**
 * JSON text → value, or one `malformedJson` problem that says where (line and column, counted
 * here from the parser's character offset so the message does not depend on the engine's wording).
 */
import type { Problem } from './problem.ts';

export function readJson(text: string): { ok: true; value: unknown } | { ok: false; problem: Problem } {
  if (text.trim() === '') return { ok: false, problem: { path: '', code: 'malformedJson', message: 'The document is empty.' } };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const offset = Number(/at position (\d+)/.exec(raw)?.[1] ?? text.length);
    const reason = raw.replace(/\s*in JSON at position \d+.*$/s, '').replace(/\.$/, '');
    const { line, column } = lineAndColumn(text, offset);
    return {
      ok: false,
      problem: { path: '', code: 'malformedJson', message: `The document is not valid JSON: ${reason} (line ${line}, column ${column}).`, line, column },
    };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}
