/**
 * conditionalAccessSessionControls
 * (https://learn.microsoft.com/graph/api/resources/conditionalaccesssessioncontrols). Limen
 * enforces sign-in frequency and persistent browser, so those two are checked; the others
 * (applicationEnforcedRestrictions, cloudAppSecurity, continuousAccessEvaluation,
 * disableResilienceDefaults, secureSignInSession…) are kept as given and exported back.
 */
import type { ConditionalAccessSessionControls, SignInFrequency } from '../policy.ts';
import { readEnum } from './enum-value.ts';
import { persistentBrowserModes, signInFrequencyAuthenticationTypes, signInFrequencyIntervals, signInFrequencyTypes } from './graph-enums.ts';
import { describe, type Path, type Report } from './problem.ts';
import { configuresNothing, readBoolean, readObject, unknownMembers } from './read-value.ts';

export function parseSessionControls(value: unknown, path: Path, report: Report): ConditionalAccessSessionControls | null {
  const source = readObject(value, path, report);
  if (source === null) return null;
  const session = {
    signInFrequency: parseSignInFrequency(source.signInFrequency, [...path, 'signInFrequency'], report),
    persistentBrowser: parsePersistentBrowser(source.persistentBrowser, [...path, 'persistentBrowser'], report),
    ...unknownMembers(source, ['signInFrequency', 'persistentBrowser']),
  };
  // Graph returns null when no session control is set; `{}` or all-null members mean the same.
  return configuresNothing(session) ? null : session;
}

/**
 * signInFrequencySessionControl: `timeBased` (the default when frequencyInterval is missing)
 * needs a type and a value, 1–23 hours or 1–365 days, the portal's ranges
 * (https://learn.microsoft.com/entra/identity/conditional-access/concept-session-lifetime);
 * `everyTime` takes neither.
 */
function parseSignInFrequency(value: unknown, path: Path, report: Report): SignInFrequency | null {
  const source = readObject(value, path, report);
  if (source === null) return null;
  const at = (name: string): Path => [...path, name];
  const isEnabled = readBoolean(source.isEnabled, at('isEnabled'), report, true);
  const type = readEnum(source.type, at('type'), signInFrequencyTypes, 'sign-in frequency type', report) ?? null;
  const authenticationType = readEnum(source.authenticationType, at('authenticationType'), signInFrequencyAuthenticationTypes, 'authentication type', report) ?? null;
  const frequencyInterval = readEnum(source.frequencyInterval, at('frequencyInterval'), signInFrequencyIntervals, 'frequency interval', report) ?? null;
  let frequency: number | null = null;
  if (typeof source.value === 'number') frequency = source.value;
  else if (source.value !== undefined && source.value !== null) report(at('value'), 'wrongType', `Expected a whole number, found ${describe(source.value)}.`);

  if (isEnabled === true && frequencyInterval === 'everyTime') {
    if (type !== null || frequency !== null) report(at('value'), 'conflict', 'A sign-in frequency of "everyTime" takes no type or value; set both to null.');
  } else if (isEnabled === true) {
    if (type === null && (source.type === undefined || source.type === null)) report(at('type'), 'required', 'A time-based sign-in frequency needs a type: hours or days.');
    if (frequency === null && (source.value === undefined || source.value === null)) report(at('value'), 'required', 'A time-based sign-in frequency needs a value.');
    if (frequency !== null && type !== null) checkRange(frequency, type, at('value'), report);
  }
  return {
    isEnabled: isEnabled ?? false,
    type,
    value: frequency,
    authenticationType,
    frequencyInterval,
    ...unknownMembers(source, ['isEnabled', 'type', 'value', 'authenticationType', 'frequencyInterval']),
  };
}

const ranges = { hours: 23, days: 365 } as const;

function checkRange(value: number, type: 'hours' | 'days', path: Path, report: Report): void {
  const max = ranges[type];
  if (!Number.isInteger(value) || value < 1 || value > max) {
    report(path, 'outOfRange', `A sign-in frequency in ${type} must be a whole number from 1 to ${max}, found ${value}.`);
  }
}

function parsePersistentBrowser(value: unknown, path: Path, report: Report): ConditionalAccessSessionControls['persistentBrowser'] {
  const source = readObject(value, path, report);
  if (source === null) return null;
  return {
    isEnabled: readBoolean(source.isEnabled, [...path, 'isEnabled'], report, true) ?? false,
    mode: readEnum(source.mode, [...path, 'mode'], persistentBrowserModes, 'persistent browser mode', report) ?? null,
    ...unknownMembers(source, ['isEnabled', 'mode']),
  };
}
