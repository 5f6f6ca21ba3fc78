/**
 * Conditions: client apps, device platforms, locations (named, any, trusted), the risk levels
 * (user, sign-in, workload identity, agent, insider), a device filter and authentication flows.
 * A condition the admin clears is written as Graph writes "not configured" (null or []).
 */
import { Caption1, Checkbox, Field, Radio, RadioGroup } from '@fluentui/react-components';
import { useState } from 'react';
import { clientAppNames, conditionsOf } from './policy.ts';
import { Checks, FilterRule, Picker, Section, arr, flags, get, obj, sources, toggled, useFormStyles, type SectionProps } from './form-parts.tsx';

const c = ['conditions'] as const;
const clientApps = {
  all: 'All', browser: 'Browser', mobileAppsAndDesktopClients: 'Mobile apps and desktop clients', exchangeActiveSync: 'Exchange ActiveSync', other: 'Other clients',
};
const platforms = { all: 'Any device', android: 'Android', iOS: 'iOS', windows: 'Windows', macOS: 'macOS', linux: 'Linux', windowsPhone: 'Windows Phone' };
/** Ticking "All" clears the others, ticking another clears "All" (clientAppTypes, includePlatforms). */
const oneOrAll = (before: string[], after: string[]) => {
  const added = after.find((x) => !before.includes(x));
  return added === 'all' ? ['all'] : added ? after.filter((x) => x !== 'all') : after;
};
const riskLevels = { high: 'High', medium: 'Medium', low: 'Low', none: 'No risk' };
const flagRiskLevels = { high: 'High', medium: 'Medium', low: 'Low' };
const insiderLevels = { elevated: 'Elevated', moderate: 'Moderate', minor: 'Minor' };
const transfers = { deviceCodeFlow: 'Device code flow', authenticationTransfer: 'Authentication transfer' };

export function ConditionsSection({ draft, set }: SectionProps) {
  const styles = useFormStyles();
  const list = (path: readonly string[]) => arr(get(draft, [...c, ...path]));
  const setFlags = (name: string, v: string[]) => set([...c, name], v.length ? v.join(',') : null);

  const include = list(['locations', 'includeLocations']);
  const exclude = list(['locations', 'excludeLocations']);
  const [locationsPick, setLocationsPick] = useState<string>();
  const stored = include.includes('All') ? 'All' : include.includes('AllTrusted') ? 'AllTrusted' : include.length ? 'select' : 'none';
  const locationsMode = stored === 'none' && locationsPick === 'select' ? 'select' : stored;
  const setLocations = (inc: string[], exc: string[]) => {
    const rest = obj(get(draft, [...c, 'locations']));
    set([...c, 'locations'], inc.length || exc.length || Object.keys(rest).some((k) => k !== 'includeLocations' && k !== 'excludeLocations')
      ? { ...rest, includeLocations: inc, excludeLocations: exc } : null);
  };

  const includePlatforms = list(['platforms', 'includePlatforms']);
  const excludePlatforms = list(['platforms', 'excludePlatforms']);
  const setPlatforms = (inc: string[], exc: string[]) => {
    const rest = obj(get(draft, [...c, 'platforms']));
    set([...c, 'platforms'], inc.length || exc.length ? { ...rest, includePlatforms: inc, excludePlatforms: exc } : null);
  };
  const transfer = flags(get(draft, [...c, 'authenticationFlows', 'transferMethods']));
  const setTransfer = (next: string[]) => set([...c, 'authenticationFlows'], next.length ? { ...obj(get(draft, [...c, 'authenticationFlows'])), transferMethods: next.join(',') } : null);

  const conditions = conditionsOf({ id: '', displayName: '', state: 'disabled', ...draft });
  const appTypes = list(['clientAppTypes']);
  return (
    <Section title="Conditions" summary={conditions.length ? `Applies ${conditions.join(', ')}.` : 'No further condition: every sign-in of those users to those resources.'}>
      <Checks label="Client apps" options={clientApps} value={appTypes}
        onChange={(v) => set([...c, 'clientAppTypes'], oneOrAll(appTypes, v))} />
      {appTypes.includes('easSupported') && <Caption1 className={styles.info}>Also “{clientAppNames.easSupported}” (easSupported), as imported.</Caption1>}
      <Checks label="Device platforms: include" options={platforms} value={includePlatforms} onChange={(v) => setPlatforms(oneOrAll(includePlatforms, v), excludePlatforms)} />
      <Checks label="Device platforms: exclude" options={Object.fromEntries(Object.entries(platforms).filter(([k]) => k !== 'all'))} value={excludePlatforms}
        onChange={(v) => setPlatforms(includePlatforms, v)} />
      <Field label="Locations: include">
        <RadioGroup layout="horizontal" aria-label="Include locations" value={locationsMode}
          onChange={(_, d) => { setLocationsPick(d.value); setLocations(d.value === 'All' || d.value === 'AllTrusted' ? [d.value] : [], exclude); }}>
          <Radio value="none" label="Not configured" />
          <Radio value="All" label="Any location" />
          <Radio value="AllTrusted" label="All trusted locations" />
          <Radio value="select" label="Selected locations" />
        </RadioGroup>
      </Field>
      {locationsMode === 'select' && (
        <Picker label="Include named locations" source={sources.locations} value={include} onChange={(v) => setLocations(v, exclude)} />
      )}
      {locationsMode !== 'none' && (
        <>
          <Checkbox label="Exclude all trusted locations" checked={exclude.includes('AllTrusted')}
            onChange={(_, d) => setLocations(include, toggled(exclude, 'AllTrusted', !!d.checked))} />
          <Picker label="Exclude named locations" source={sources.locations} value={exclude.filter((x) => x !== 'AllTrusted')}
            onChange={(v) => setLocations(include, [...(exclude.includes('AllTrusted') ? ['AllTrusted'] : []), ...v])} />
        </>
      )}
      <Checks label="User risk" options={riskLevels} value={list(['userRiskLevels'])} onChange={(v) => set([...c, 'userRiskLevels'], v)} />
      <Checks label="Sign-in risk" options={riskLevels} value={list(['signInRiskLevels'])} onChange={(v) => set([...c, 'signInRiskLevels'], v)} />
      <Checks label="Workload identity risk" options={riskLevels} value={list(['servicePrincipalRiskLevels'])} onChange={(v) => set([...c, 'servicePrincipalRiskLevels'], v)} />
      <Checks label="Agent risk" options={flagRiskLevels} value={flags(get(draft, [...c, 'agentIdRiskLevels']))} onChange={(v) => setFlags('agentIdRiskLevels', v)} />
      <Checks label="Insider risk" options={insiderLevels} value={flags(get(draft, [...c, 'insiderRiskLevels']))} onChange={(v) => setFlags('insiderRiskLevels', v)} />
      <FilterRule draft={draft} set={set} at={[...c, 'devices', 'deviceFilter']} label="Filter for devices"
        hint='e.g. device.trustType -eq "ServerAD" or device.isCompliant -eq True' />
      <Checks label="Authentication flows" options={transfers} value={transfer} onChange={setTransfer} />
    </Section>
  );
}
