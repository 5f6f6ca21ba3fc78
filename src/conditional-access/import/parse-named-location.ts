/**
 * Named locations (https://learn.microsoft.com/graph/api/resources/namedlocation): IP ranges,
 * countries, and the beta compliant-network location that Global Secure Access creates ("All
 * Compliant Network locations", present in both corpora and named by their policies'
 * excludeLocations). `@odata.type` says which; when it is missing the members do.
 * Limits: at most 2,000 ranges per location, masks greater than /8
 * (https://learn.microsoft.com/entra/identity/conditional-access/concept-assignment-network);
 * the 195-locations limit is the API's, which counts the stored ones.
 */
import { limits, type CompliantNetworkNamedLocation, type CountryNamedLocation, type IpNamedLocation } from '../policy.ts';
export type { CompliantNetworkNamedLocation };
import { readCidrRange, type CidrRange } from './cidr-range.ts';
import { iso3166Alpha2 } from './country-codes.ts';
import { documentItems, itemOf } from './document-items.ts';
import { canonical, readEnum } from './enum-value.ts';
import { compliantNetworkTypes, countryLookupMethods } from './graph-enums.ts';
import { collector, describe, type Parsed, type Path, type Problem, type Report } from './problem.ts';
import { readOnlyMembers, readReadOnlyMembers } from './read-only-members.ts';
import { isObject, readBoolean, readList, unknownMembers, type JsonObject } from './read-value.ts';
import { stripAnnotations } from './strip-annotations.ts';
import type { ParseOptions } from './parse-policy.ts';

/**
 * compliantNetworkNamedLocation (beta,
 * https://learn.microsoft.com/graph/api/resources/compliantnetworknamedlocation). Not in
 * policy.ts's NamedLocation yet: Limen has no Global Secure Access, so no sign-in ever comes
 * from such a location; it is kept so the policies that name it import whole.
 */

type ReadOnly = 'id' | 'createdDateTime' | 'modifiedDateTime';
/** A location as read from input: read-only members only when kept, unknown members kept. */
type AsParsed<T> = Omit<T, ReadOnly> & { id?: string; createdDateTime?: string; modifiedDateTime?: string; [key: string]: unknown };
export type ParsedNamedLocation = AsParsed<IpNamedLocation> | AsParsed<CountryNamedLocation> | AsParsed<CompliantNetworkNamedLocation>;

const ipType = '#microsoft.graph.ipNamedLocation';
const countryType = '#microsoft.graph.countryNamedLocation';
const compliantType = '#microsoft.graph.compliantNetworkNamedLocation';
export const namedLocationTypes = [ipType, countryType, compliantType] as const;

export function parseNamedLocation(input: unknown, options: ParseOptions = {}): Parsed<ParsedNamedLocation> {
  const { problems, report } = collector(options.path);
  const location = readNamedLocation(input, options.keepIds ?? false, report);
  return problems.length === 0 && location !== undefined ? { ok: true, value: location } : { ok: false, problems };
}

export interface ParsedNamedLocationDocument {
  /** The locations that parsed without a problem, in document order. */
  locations: ParsedNamedLocation[];
  problems: Problem[];
}

/** `input`: bytes of a file, JSON text, or an already parsed JSON value. */
export function parseNamedLocationDocument(input: unknown, options: Omit<ParseOptions, 'path'> = {}): ParsedNamedLocationDocument {
  const { items, problems } = documentItems(input, 'named location');
  const locations: ParsedNamedLocation[] = [];
  items.forEach((item, index) => {
    const parsed = parseNamedLocation(item, options);
    if (parsed.ok) locations.push(parsed.value);
    else for (const problem of parsed.problems) problems.push({ item: itemOf(index, item), ...problem });
  });
  return { locations, problems };
}

function readNamedLocation(input: unknown, keepIds: boolean, report: Report): ParsedNamedLocation | undefined {
  if (!isObject(input)) {
    report([], 'wrongType', `A named location is a JSON object, found ${describe(input)}.`);
    return undefined;
  }
  const type = locationType(input, report);
  // ipRanges are read before the annotations go: each range's @odata.type names its family.
  const source = stripAnnotations(input) as JsonObject;
  const common = {
    ...(keepIds ? readReadOnlyMembers(source, 'named location', ['deletedDateTime'], report) : {}),
    displayName: readDisplayName(source.displayName, report),
  };
  switch (type) {
    case ipType:
      return {
        ...common,
        '@odata.type': ipType,
        isTrusted: readBoolean(source.isTrusted, ['isTrusted'], report, false) ?? false,
        ipRanges: readRanges(input.ipRanges, report),
        ...unknownMembers(source, [...readOnlyMembers, 'displayName', 'isTrusted', 'ipRanges']),
      };
    case countryType:
      return { ...common, ...readCountryLocation(source, report), ...unknownMembers(source, [...readOnlyMembers, 'displayName', 'countriesAndRegions', 'includeUnknownCountriesAndRegions', 'countryLookupMethod']) };
    case compliantType:
      return {
        ...common,
        '@odata.type': compliantType,
        compliantNetworkType: readEnum(source.compliantNetworkType, ['compliantNetworkType'], compliantNetworkTypes, 'compliant network type', report) ?? 'allTenantCompliantNetworks',
        isTrusted: readBoolean(source.isTrusted, ['isTrusted'], report, false) ?? false,
        ...unknownMembers(source, [...readOnlyMembers, 'displayName', 'compliantNetworkType', 'isTrusted']),
      };
    default:
      return undefined;
  }
}

/** The `@odata.type`, matched case-insensitively, or the one the members imply. */
function locationType(input: JsonObject, report: Report): (typeof namedLocationTypes)[number] | undefined {
  const given = input['@odata.type'];
  if (given !== undefined && given !== null) {
    const found = typeof given === 'string' ? canonical(namedLocationTypes, given) : undefined;
    if (found === undefined) report(['@odata.type'], 'unknownEnumValue', `${describe(given)} is not a named location type. Allowed values: ${namedLocationTypes.join(', ')}.`);
    return found;
  }
  if ('ipRanges' in input) return ipType;
  if ('countriesAndRegions' in input) return countryType;
  if ('compliantNetworkType' in input) return compliantType;
  report(['@odata.type'], 'required', `Say which kind of named location this is with @odata.type: ${namedLocationTypes.join(', ')}.`);
  return undefined;
}

function readDisplayName(value: unknown, report: Report): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  report(['displayName'], 'required', `A named location needs a displayName (a non-empty string), found ${value === undefined ? 'none' : describe(value)}.`);
  return '';
}

function readRanges(value: unknown, report: Report): CidrRange[] {
  const path: Path = ['ipRanges'];
  const list = readList(value, path, report);
  if (list.length === 0) report(path, 'required', 'An IP named location needs at least one IP range.');
  if (list.length > limits.ipRangesPerLocation) {
    report(path, 'outOfRange', `A named location holds at most ${limits.ipRangesPerLocation} IP ranges; this one has ${list.length}.`);
  }
  const ranges: CidrRange[] = [];
  list.forEach((item, i) => {
    const range = readCidrRange(item, [...path, i], report);
    if (range !== undefined) ranges.push(range);
  });
  return ranges;
}

function readCountryLocation(source: JsonObject, report: Report): Omit<CountryNamedLocation, ReadOnly | 'displayName'> {
  const given = readList(source.countriesAndRegions, ['countriesAndRegions'], report);
  const countries: string[] = [];
  given.forEach((item, i) => {
    const code = typeof item === 'string' ? item.trim().toUpperCase() : '';
    if (!iso3166Alpha2.has(code)) report(['countriesAndRegions', i], 'invalidValue', `${describe(item)} is not an ISO 3166-1 alpha-2 country code (two letters, e.g. "NL").`);
    else if (!countries.includes(code)) countries.push(code);
  });
  const includeUnknown = readBoolean(source.includeUnknownCountriesAndRegions, ['includeUnknownCountriesAndRegions'], report, false) ?? false;
  if (given.length === 0 && !includeUnknown) {
    report(['countriesAndRegions'], 'required', 'A country named location needs at least one country, or includeUnknownCountriesAndRegions set to true.');
  }
  // Countries cannot be trusted (concept-assignment-network); a `true` here would mislead.
  if (source.isTrusted === true) report(['isTrusted'], 'invalidValue', 'Country named locations cannot be marked as trusted; only IP ranges can.');
  return {
    '@odata.type': countryType,
    countriesAndRegions: countries,
    includeUnknownCountriesAndRegions: includeUnknown,
    // Graph's default (https://learn.microsoft.com/graph/api/resources/countrynamedlocation).
    countryLookupMethod: readEnum(source.countryLookupMethod, ['countryLookupMethod'], countryLookupMethods, 'country lookup method', report) ?? 'clientIpAddress',
  };
}
