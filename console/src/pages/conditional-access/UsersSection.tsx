/**
 * Users: all, none or chosen users, groups, directory roles and guests; and who is excluded.
 * Guests are Graph's typed `include/excludeGuestsOrExternalUsers` (which kinds of guest, from
 * which tenants); the older special value "GuestsOrExternalUsers" in the user lists still reads
 * as "every guest" and is replaced when the admin edits the guests.
 */
import { Caption1, Checkbox, Field, Input, Radio, RadioGroup } from '@fluentui/react-components';
import { useState } from 'react';
import { usersOf } from './policy.ts';
import { Checks, Picker, Section, arr, get, obj, sources, useFormStyles, type Json, type SectionProps } from './form-parts.tsx';

const u = ['conditions', 'users'] as const;
const legacyGuests = 'GuestsOrExternalUsers';

/** conditionalAccessGuestOrExternalUserTypes, as Entra's portal names them. */
const guestKinds = {
  internalGuest: 'Local guest users',
  b2bCollaborationGuest: 'B2B collaboration guest users',
  b2bCollaborationMember: 'B2B collaboration member users',
  b2bDirectConnectUser: 'B2B direct connect users',
  otherExternalUser: 'Other external users',
  serviceProvider: 'Service provider users',
};
const everyGuest = { guestOrExternalUserTypes: Object.keys(guestKinds).join(','), externalTenants: { membershipKind: 'all' } };

export function UsersSection({ draft, set }: SectionProps) {
  const list = (name: string) => arr(get(draft, [...u, name]));
  const includeUsers = list('includeUsers');
  const [picked, setPicked] = useState<string>();
  const stored = includeUsers.includes('All') ? 'all'
    : includeUsers.some((x) => x !== 'None') || list('includeGroups').length || list('includeRoles').length || get(draft, [...u, 'includeGuestsOrExternalUsers']) ? 'select' : 'none';
  const mode = stored === 'none' && picked === 'select' ? 'select' : stored;
  const setMode = (next: string) => {
    setPicked(next);
    let users = obj(get(draft, u));
    users = { ...users, includeUsers: next === 'all' ? ['All'] : next === 'none' ? ['None'] : [] };
    if (next !== 'select') users = { ...users, includeGroups: [], includeRoles: [], includeGuestsOrExternalUsers: null };
    set(u, users);
  };
  const chosenUsers = includeUsers.filter((x) => x !== legacyGuests && x !== 'None');
  const excludeUsers = list('excludeUsers');
  const chosenExcluded = excludeUsers.filter((x) => x !== legacyGuests);

  return (
    <Section title="Users" summary={usersOf({ id: '', displayName: '', state: 'disabled', ...draft }) || 'No users: this policy is about workload or agent identities.'}>
      <Field label="Include">
        <RadioGroup layout="horizontal" aria-label="Include users" value={mode} onChange={(_, d) => setMode(d.value)}>
          <Radio value="none" label="None" />
          <Radio value="all" label="All users" />
          <Radio value="select" label="Select users and groups" />
        </RadioGroup>
      </Field>
      {mode === 'select' && (
        <>
          <Guests label="Guest or external users" kind="include" legacy={includeUsers.includes(legacyGuests)} value={get(draft, [...u, 'includeGuestsOrExternalUsers'])}
            onChange={(value) => set(u, { ...obj(get(draft, u)), includeUsers: chosenUsers, includeGuestsOrExternalUsers: value })} />
          <Picker label="Include users" source={sources.users} value={chosenUsers}
            onChange={(v) => set([...u, 'includeUsers'], [...(includeUsers.includes(legacyGuests) ? [legacyGuests] : []), ...v])} />
          <Picker label="Include groups" source={sources.groups} value={list('includeGroups')} onChange={(v) => set([...u, 'includeGroups'], v)} />
          <Picker label="Include directory roles" source={sources.roles} value={list('includeRoles')} onChange={(v) => set([...u, 'includeRoles'], v)} />
        </>
      )}
      <Guests label="Exclude guest or external users" kind="exclude" legacy={excludeUsers.includes(legacyGuests)} value={get(draft, [...u, 'excludeGuestsOrExternalUsers'])}
        onChange={(value) => set(u, { ...obj(get(draft, u)), excludeUsers: chosenExcluded, excludeGuestsOrExternalUsers: value })} />
      <Picker label="Exclude users" source={sources.users} value={chosenExcluded}
        onChange={(v) => set([...u, 'excludeUsers'], [...(excludeUsers.includes(legacyGuests) ? [legacyGuests] : []), ...v])} />
      <Picker label="Exclude groups" source={sources.groups} value={list('excludeGroups')} onChange={(v) => set([...u, 'excludeGroups'], v)} />
      <Picker label="Exclude directory roles" source={sources.roles} value={list('excludeRoles')} onChange={(v) => set([...u, 'excludeRoles'], v)} />
    </Section>
  );
}

/**
 * One guests condition: a box to turn it on (every kind of guest from every tenant), then the
 * kinds and the tenants. `onChange(null)` turns it off, the legacy value with it.
 */
function Guests({ label, kind, legacy, value, onChange }: { label: string; kind: 'include' | 'exclude'; legacy: boolean; value: unknown; onChange: (next: Json | null) => void }) {
  const styles = useFormStyles();
  const guests = value && typeof value === 'object' ? value as Json : undefined;
  const types = String(guests?.guestOrExternalUserTypes ?? '').split(',').filter(Boolean);
  const tenants = obj(guests?.externalTenants);
  const enumerated = tenants.membershipKind === 'enumerated';
  const [tenantText, setTenantText] = useState(arr(tenants.members).join(', '));
  const verb = kind === 'include' ? 'Include' : 'Exclude';
  return (
    <>
      <Checkbox label={label} checked={legacy || !!guests} onChange={(_, d) => onChange(d.checked ? everyGuest : null)} />
      {legacy && !guests && (
        <Caption1 className={styles.info}>Stored as the older value “GuestsOrExternalUsers”: every kind of guest, from every tenant. Choose kinds below to replace it.</Caption1>
      )}
      {(legacy || guests) && (
        <div className={styles.nested}>
          <Checks label={`${verb}: kinds of guest`} options={guestKinds} value={guests ? types : Object.keys(guestKinds)}
            onChange={(v) => onChange({ ...(guests ?? everyGuest), guestOrExternalUserTypes: v.join(',') })} />
          <Field label={`${verb}: guests' tenants`}>
            <RadioGroup layout="horizontal" value={enumerated ? 'enumerated' : 'all'}
              onChange={(_, d) => onChange({ ...(guests ?? everyGuest), externalTenants: d.value === 'all' ? { membershipKind: 'all' } : { membershipKind: 'enumerated', members: arr(tenants.members) } })}>
              <Radio value="all" label="All external tenants" />
              <Radio value="enumerated" label="Selected tenants" />
            </RadioGroup>
          </Field>
          {enumerated && (
            <Field label={`${verb}: tenant ids`} hint="Tenant ids (GUIDs), separated by commas">
              <Input value={tenantText} onChange={(_, d) => {
                setTenantText(d.value);
                onChange({ ...(guests ?? everyGuest), externalTenants: { ...tenants, membershipKind: 'enumerated', members: d.value.split(',').map((s) => s.trim()).filter(Boolean) } });
              }} />
            </Field>
          )}
        </div>
      )}
    </>
  );
}
