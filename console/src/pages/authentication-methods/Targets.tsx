/**
 * Whom a method targets: "All users" or groups, included and excluded. Group names are read from
 * /groups/{id}; the picker searches /groups by the start of the name (Graph's startswith).
 */
import {
  Button, Combobox, Dropdown, Field, Option, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { DeleteRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { odataString, type Collection } from '../../api/graph.ts';
import { useGraphQuery } from '../../api/queries.ts';
import { useDebounced } from '../../components/use-debounced.ts';
import { allUsers, type ExcludeTarget, type IncludeTarget, type PasskeyProfile } from './method.ts';
import { VisuallyHidden } from '../../components/VisuallyHidden.tsx';

interface GroupRow { id: string; displayName: string }

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap' },
  picker: { minWidth: '280px' },
});

/** A target's name: "All users", or the group's display name once read. */
export function TargetName({ id }: { id: string }) {
  const group = useGraphQuery<GroupRow>(id === allUsers ? undefined : `/groups/${encodeURIComponent(id)}?$select=id,displayName`);
  if (id === allUsers) return <>All users</>;
  return <>{group.data?.displayName ?? (group.error ? `Unknown group ${id}` : '…')}</>;
}

/** "All users", "All users except 1 group", "2 groups". */
export function targetsSummary(include: readonly { id: string }[], exclude: readonly { id: string }[]): string {
  const groups = (n: number) => `${n} group${n === 1 ? '' : 's'}`;
  const who = include.some((t) => t.id === allUsers) ? 'All users' : include.length ? groups(include.length) : 'Nobody';
  return exclude.length ? `${who} except ${groups(exclude.length)}` : who;
}

/** A combobox that finds a group by the start of its name. */
export function GroupPicker({ label, exclude, onPick }: { label: string; exclude: readonly string[]; onPick: (id: string) => void }) {
  const styles = useStyles();
  const [text, setText] = useState('');
  const search = useDebounced(text.trim());
  const groups = useGraphQuery<Collection<GroupRow>>(search.length >= 1
    ? `/groups?$top=10&$select=id,displayName&$filter=${encodeURIComponent(`startswith(displayName,${odataString(search)})`)}`
    : undefined);
  const options = (groups.data?.value ?? []).filter((g) => !exclude.includes(g.id));
  return (
    <Field label={label} hint="Start typing a group's name">
      <Combobox
        className={styles.picker}
        freeform
        value={text}
        placeholder="Group name"
        onChange={(e) => setText(e.target.value)}
        onOptionSelect={(_, d) => { if (d.optionValue) { onPick(d.optionValue); setText(''); } }}
      >
        {options.map((g) => <Option key={g.id} value={g.id}>{g.displayName}</Option>)}
        {search && groups.data && options.length === 0 ? <Option key="none" value="" disabled text={`No group starts with “${search}”`}>{`No group starts with “${search}”`}</Option> : null}
      </Combobox>
    </Field>
  );
}

/** The include and exclude lists, editable; fido2's includes also choose their passkey profiles. */
export function TargetsEditor(props: {
  include: IncludeTarget[];
  exclude: ExcludeTarget[];
  onChange: (include: IncludeTarget[], exclude: ExcludeTarget[]) => void;
  readOnly: boolean;
  profiles?: PasskeyProfile[];
  defaultProfile?: string;
}) {
  const styles = useStyles();
  const { include, exclude, onChange, readOnly, profiles } = props;
  const taken = [...include, ...exclude].map((t) => t.id);
  const profileName = (id: string) => profiles?.find((p) => p.id === id)?.name ?? id;
  return (
    <>
      <Table aria-label="Included" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Included</TableHeaderCell>
            {profiles && <TableHeaderCell>Passkey profiles</TableHeaderCell>}
            {!readOnly && <TableHeaderCell><VisuallyHidden>Actions</VisuallyHidden></TableHeaderCell>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {include.map((t) => {
            const chosen = t.allowedPasskeyProfiles?.length ? t.allowedPasskeyProfiles : props.defaultProfile ? [props.defaultProfile] : [];
            return (
              <TableRow key={t.id}>
                <TableCell><TargetName id={t.id} /></TableCell>
                {profiles && (
                  <TableCell>
                    {readOnly ? chosen.map(profileName).join(', ') : (
                      <Dropdown
                        multiselect
                        aria-label="Passkey profiles of this target"
                        value={chosen.map(profileName).join(', ')}
                        selectedOptions={chosen}
                        onOptionSelect={(_, d) => onChange(include.map((x) => x.id === t.id ? { ...x, allowedPasskeyProfiles: d.selectedOptions } : x), exclude)}
                      >
                        {profiles.map((p) => <Option key={p.id} value={p.id}>{p.name}</Option>)}
                      </Dropdown>
                    )}
                  </TableCell>
                )}
                {!readOnly && (
                  <TableCell>
                    <Button size="small" appearance="subtle" icon={<DeleteRegular />} aria-label="Remove target"
                      onClick={() => onChange(include.filter((x) => x.id !== t.id), exclude)} />
                  </TableCell>
                )}
              </TableRow>
            );
          })}
          {exclude.map((t) => (
            <TableRow key={`x-${t.id}`}>
              <TableCell>Excluded: <TargetName id={t.id} /></TableCell>
              {profiles && <TableCell>—</TableCell>}
              {!readOnly && (
                <TableCell>
                  <Button size="small" appearance="subtle" icon={<DeleteRegular />} aria-label="Remove exclusion"
                    onClick={() => onChange(include, exclude.filter((x) => x.id !== t.id))} />
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {include.length === 0 && <Text>Nobody is targeted: the method is not offered to anyone.</Text>}
      {!readOnly && (
        <div className={styles.row}>
          {!include.some((t) => t.id === allUsers) && (
            <Button onClick={() => onChange([...include, { id: allUsers, allowedPasskeyProfiles: [] }], exclude)}>Include all users</Button>
          )}
          <GroupPicker label="Include a group" exclude={taken} onPick={(id) => onChange([...include, { id, allowedPasskeyProfiles: [] }], exclude)} />
          <GroupPicker label="Exclude a group" exclude={taken} onPick={(id) => onChange(include, [...exclude, { id }])} />
        </div>
      )}
    </>
  );
}
