/**
 * Errors of actions (mutations) that no dialog shows itself: the shell renders them in one
 * error bar under the header until dismissed. Queries show their errors where their data would be.
 */
import { useSyncExternalStore } from 'react';

export interface ReportedError {
  id: number;
  error: unknown;
}

let errors: ReportedError[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function reportError(error: unknown): void {
  errors = [...errors.slice(-4), { id: nextId++, error }];
  emit();
}

export function dismissError(id: number): void {
  errors = errors.filter((e) => e.id !== id);
  emit();
}

export function useReportedErrors(): ReportedError[] {
  return useSyncExternalStore((l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  }, () => errors);
}
