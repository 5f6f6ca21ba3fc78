/**
 * One policy's pane (or a new one's, at /conditional-access/new): its summary; the form and the
 * JSON editor, both over one draft (switching keeps the changes; the summary follows live),
 * with the validation problems by JSON path, the lockout guard's refusal with "Save anyway" and
 * its warnings; the state switch; replay of the draft being edited; insights.
 */
import {
  Badge, Body1, Button, Field, MessageBar, MessageBarBody, MessageBarTitle, Radio, RadioGroup, Spinner, Tab, TabList, Textarea,
  Toolbar, makeStyles, tokens,
} from '@fluentui/react-components';
import { DeleteRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { GraphError, warningsOf } from '../../api/graph.ts';
import { invalidateGraph, useGraphQuery } from '../../api/queries.ts';
import { useAccess, useGraph } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { DetailPane } from '../../components/DetailPane.tsx';
import { DateTime, Properties } from '../../components/Properties.tsx';
import { Insights } from './Insights.tsx';
import { PolicyForm } from './PolicyForm.tsx';
import { Replay } from './Replay.tsx';
import { conditionsOf, editable, grantOf, newPolicyTemplate, patchFromDraft, policiesPath, stateColors, stateLabels, summaryOf, whatOf, whoOf, type Policy, type PolicyState } from './policy.ts';

type PaneTab = 'summary' | 'form' | 'json' | 'replay' | 'insights';

const useStyles = makeStyles({
  tabs: { marginBottom: tokens.spacingVerticalM },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  json: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, minHeight: '420px' },
  pre: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre-wrap', margin: 0 },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
});

/** A save the lockout guard refused: its 400 says so and names the override. */
const isLockoutRefusal = (error: unknown) => error instanceof GraphError && error.status === 400 && /overrideLockoutGuard/.test(error.message);

export function PolicyPane({ policyId, onClose, onCreated }: { policyId: string; onClose: () => void; onCreated: (id: string) => void }) {
  const isNew = policyId === 'new';
  const styles = useStyles();
  const policy = useGraphQuery<Policy>(isNew ? undefined : `${policiesPath}/${encodeURIComponent(policyId)}`);
  const [tab, setTab] = useState<PaneTab>(isNew ? 'json' : 'summary');
  const [draft, setDraft] = useState<string>();
  const p = policy.data;
  const text = draft ?? (isNew ? JSON.stringify(newPolicyTemplate, null, 2) : p ? JSON.stringify(editable(p), null, 2) : '');

  return (
    <DetailPane
      open
      onClose={onClose}
      label={isNew ? 'New policy' : p ? `Policy ${p.displayName}` : 'Policy'}
      title={isNew ? 'New Conditional Access policy' : p ? <span>{p.displayName} <Badge appearance="tint" color={stateColors[p.state]}>{stateLabels[p.state]}</Badge></span> : 'Policy'}
      actions={p && <StateSwitch policy={p} />}
    >
      {policy.error && <ApiErrorBar error={policy.error} />}
      {!isNew && policy.isPending && <Spinner label="Loading policy…" />}
      {(isNew || p) && (
        <>
          <TabList className={styles.tabs} selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as PaneTab)} aria-label="Policy details">
            {!isNew && <Tab value="summary">Summary</Tab>}
            <Tab value="form">{isNew ? 'Form' : 'Edit'}</Tab>
            <Tab value="json">{isNew ? 'JSON' : 'Edit JSON'}</Tab>
            <Tab value="replay">Replay draft</Tab>
            {!isNew && <Tab value="insights">Insights</Tab>}
          </TabList>
          <div role="tabpanel" aria-label={tab} className={styles.section}>
            {tab === 'summary' && p && <Summary policy={p} onClose={onClose} />}
            {(tab === 'json' || tab === 'form') && (
              <Editor view={tab} policyId={isNew ? undefined : policyId} stored={isNew || !p ? undefined : editable(p)} text={text} onChange={setDraft} onSaved={(id) => { setDraft(undefined); if (isNew) onCreated(id); }} />
            )}
            {tab === 'replay' && <Replay draftText={text} policyId={isNew ? undefined : policyId} />}
            {tab === 'insights' && p && <Insights policy={p} />}
          </div>
        </>
      )}
    </DetailPane>
  );
}

function Summary({ policy: p, onClose }: { policy: Policy; onClose: () => void }) {
  const styles = useStyles();
  const access = useAccess();
  const graph = useGraph();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => graph(`${policiesPath}/${encodeURIComponent(p.id)}`, { method: 'DELETE' }),
    onSuccess: async () => { await invalidateGraph(queryClient, policiesPath); onClose(); },
  });
  return (
    <>
      <Body1 data-testid="policy-summary">{summaryOf(p)}</Body1>
      <Properties items={[
        ['Users', whoOf(p)],
        ['Target resources', whatOf(p)],
        ['Conditions', conditionsOf(p).join('; ') || 'None'],
        ['Grant and session', grantOf(p)],
        ['State', stateLabels[p.state]],
        ['Policy ID', <code key="id">{p.id}</code>],
        ['Created', <DateTime key="c" value={p.createdDateTime} />],
        ['Modified', <DateTime key="m" value={p.modifiedDateTime} />],
      ]} />
      <Field label="As JSON">
        <pre className={styles.pre} aria-label="Policy JSON">{JSON.stringify(p, null, 2)}</pre>
      </Field>
      {access.can('Policy.ReadWrite.ConditionalAccess') && (
        <div className={styles.row}>
          <Button icon={<DeleteRegular />} onClick={() => { if (window.confirm(`Delete the policy “${p.displayName}”?`)) remove.mutate(); }} disabled={remove.isPending}>Delete policy</Button>
        </div>
      )}
    </>
  );
}

/** Saves with the lockout guard: a refusal is shown with "Save anyway"; warnings after saving. */
function useGuardedSave(onSaved: (id: string) => void) {
  const graph = useGraph();
  const queryClient = useQueryClient();
  const [warnings, setWarnings] = useState<string[]>([]);
  const save = useMutation({
    meta: { showsOwnError: true },
    mutationFn: async ({ id, body, override }: { id: string | undefined; body: unknown; override: boolean }) => {
      const path = `${id ? `${policiesPath}/${encodeURIComponent(id)}` : policiesPath}${override ? '?overrideLockoutGuard=true' : ''}`;
      const r = await graph.withHeaders<Policy | undefined>(path, { method: id ? 'PATCH' : 'POST', body });
      return { id: id ?? r.body!.id, warnings: warningsOf(r.headers) };
    },
    onMutate: () => setWarnings([]),
    onSuccess: async (r) => {
      setWarnings(r.warnings);
      await invalidateGraph(queryClient, policiesPath);
      onSaved(r.id);
    },
  });
  return { save, warnings };
}

function GuardMessages({ save, warnings, onOverride }: { save: ReturnType<typeof useGuardedSave>['save']; warnings: string[]; onOverride: () => void }) {
  return (
    <>
      {save.error && isLockoutRefusal(save.error) ? (
        <MessageBar intent="error" layout="multiline" role="alert" data-testid="lockout-refusal">
          <MessageBarBody>
            <MessageBarTitle>The lockout guard refused this change</MessageBarTitle>
            {(save.error as Error).message}
            <div><Button appearance="primary" size="small" onClick={onOverride} disabled={save.isPending}>Save anyway</Button></div>
          </MessageBarBody>
        </MessageBar>
      ) : save.error ? <ApiErrorBar error={save.error} /> : null}
      {warnings.length > 0 && (
        <MessageBar intent="warning" layout="multiline" data-testid="lockout-warnings">
          <MessageBarBody>
            <MessageBarTitle>Saved, with warnings from the lockout guard</MessageBarTitle>
            <ul>{warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
          </MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}

/** On, report-only or off: a PATCH of `state` alone, guarded like any save. */
function StateSwitch({ policy: p }: { policy: Policy }) {
  const access = useAccess();
  const [pending, setPending] = useState<PolicyState>();
  const { save, warnings } = useGuardedSave(() => setPending(undefined));
  if (!access.can('Policy.ReadWrite.ConditionalAccess')) return null;
  const change = (state: PolicyState, override = false) => { setPending(state); save.mutate({ id: p.id, body: { state }, override }); };
  return (
    <Toolbar aria-label="Policy state" style={{ paddingInline: 0, flexDirection: 'column', alignItems: 'stretch' }}>
      <RadioGroup layout="horizontal" aria-label="Enable policy" value={pending ?? p.state} onChange={(_, d) => change(d.value as PolicyState)} disabled={save.isPending}>
        <Radio value="enabledForReportingButNotEnforced" label="Report-only" />
        <Radio value="enabled" label="On" />
        <Radio value="disabled" label="Off" />
      </RadioGroup>
      <GuardMessages save={save} warnings={warnings} onOverride={() => change(pending!, true)} />
    </Toolbar>
  );
}

interface DryRun { problems: Array<{ path: string; message: string }>; warnings: Array<{ message: string }>; unresolvedReferences: Array<{ path: string; message: string }> }

function Editor({ view, policyId, stored, text, onChange, onSaved }: {
  view: 'form' | 'json'; policyId: string | undefined;
  /** The policy as stored, for a PATCH that also removes what the draft deleted. */
  stored: Record<string, unknown> | undefined;
  text: string; onChange: (text: string) => void; onSaved: (id: string) => void;
}) {
  const styles = useStyles();
  const access = useAccess();
  const graph = useGraph();
  const [saved, setSaved] = useState(false);
  const { save, warnings } = useGuardedSave((id) => { setSaved(true); onSaved(id); });
  let parsed: unknown;
  let parseError: string | undefined;
  try {
    parsed = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) parseError = 'A policy is a JSON object.';
  } catch (error) {
    parseError = (error as Error).message;
  }
  // Before saving: a dry-run import of the draft answers the validation problems and the lockout
  // guard's refusal and warnings, without storing anything.
  const check = useMutation({
    meta: { showsOwnError: true },
    mutationFn: () => {
      const { id: _id, ...body } = parsed as Record<string, unknown>;
      return graph<DryRun>('/identity/conditionalAccess/import', { method: 'POST', body: { policies: body, dryRun: true } });
    },
  });
  const canWrite = access.can('Policy.ReadWrite.ConditionalAccess');
  const submit = (override: boolean) => {
    setSaved(false);
    const body = stored ? patchFromDraft(stored, parsed as Record<string, unknown>) : parsed;
    save.mutate({ id: policyId, body, override });
  };

  return (
    <>
      {view === 'json' && (
        <Field label="Policy (Graph's conditionalAccessPolicy JSON)" validationMessage={parseError} validationState={parseError ? 'error' : 'none'}>
          <Textarea className={styles.json} textarea={{ className: styles.json, spellCheck: false }} value={text} onChange={(_, d) => { onChange(d.value); check.reset(); }} resize="vertical" />
        </Field>
      )}
      {!parseError && <Body1 data-testid="draft-summary">{summaryOf({ id: '', ...(parsed as Omit<Policy, 'id'>) })}</Body1>}
      {view === 'form' && (parseError
        ? <MessageBar intent="error"><MessageBarBody>The JSON does not parse ({parseError}): fix it in the JSON view to use the form.</MessageBarBody></MessageBar>
        : <PolicyForm draft={parsed as Record<string, unknown>} onChange={(next) => { onChange(JSON.stringify(next, null, 2)); check.reset(); }} />)}
      {canWrite && (
        <div className={styles.row}>
          <Button appearance="primary" disabled={!!parseError || save.isPending} onClick={() => submit(false)}>{policyId ? 'Save' : 'Create policy'}</Button>
          <Button disabled={!!parseError || check.isPending} onClick={() => check.mutate()}>Check before saving</Button>
        </div>
      )}
      {check.error && <ApiErrorBar error={check.error} />}
      {check.data && (
        <MessageBar intent={check.data.problems.length ? 'error' : check.data.warnings.length ? 'warning' : 'success'} layout="multiline" data-testid="draft-check">
          <MessageBarBody>
            <MessageBarTitle>{check.data.problems.length ? 'This draft would be refused' : check.data.warnings.length ? 'The lockout guard warns' : 'No problem found'}</MessageBarTitle>
            <ul>
              {check.data.problems.map((p, i) => <li key={i}>{p.path && <><code>{p.path}</code>: </>}{p.message}</li>)}
              {check.data.warnings.map((w, i) => <li key={`w${i}`}>{w.message}</li>)}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      <GuardMessages save={save} warnings={warnings} onOverride={() => submit(true)} />
      {saved && !save.error && warnings.length === 0 && <MessageBar intent="success"><MessageBarBody>Saved.</MessageBarBody></MessageBar>}
    </>
  );
}
