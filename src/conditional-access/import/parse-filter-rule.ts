/**
 * conditionalAccessFilter (https://learn.microsoft.com/graph/api/resources/conditionalaccessfilter):
 * `{mode: include | exclude, rule}` over device, application, service principal or agent
 * attributes. The rule text is kept as given; the evaluator compiles it.
 */
import type { FilterRule } from '../policy.ts';
import { readEnum } from './enum-value.ts';
import { filterModes } from './graph-enums.ts';
import { describe, type Path, type Report } from './problem.ts';
import { readObject, unknownMembers } from './read-value.ts';

export function parseFilterRule(value: unknown, path: Path, report: Report): FilterRule | null {
  const source = readObject(value, path, report);
  if (source === null) return null;
  const mode = readEnum(source.mode, [...path, 'mode'], filterModes, 'filter mode', report);
  if (source.mode === undefined || source.mode === null) report([...path, 'mode'], 'required', 'A filter needs a mode: include or exclude.');
  const rule = source.rule;
  if (typeof rule !== 'string' || rule.trim() === '') {
    const found = rule === undefined || rule === null ? 'nothing' : describe(rule);
    report([...path, 'rule'], rule === undefined || rule === null ? 'required' : 'wrongType', `A filter needs a rule (a non-empty string), found ${found}.`);
  }
  return { mode: mode ?? 'include', rule: typeof rule === 'string' ? rule : '', ...unknownMembers(source, ['mode', 'rule']) };
}
