/**
 * Conditional Access: the policies with their state and a plain-language summary, a pane per
 * policy (summary, JSON editor with the lockout guard, replay of the draft, report-only
 * insights), What If, and the named locations. Import and export are whole JSON documents in
 * Graph's shape (`{"value":[…]}`), as Entra's own export writes them.
 */
import { Badge, Button, MessageBar, MessageBarBody, Tab, TabList, Toolbar, makeStyles, tokens } from '@fluentui/react-components';
import { AddRegular, ArrowDownloadRegular, ArrowUploadRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SortingState } from '@tanstack/react-table';
import { useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { Collection } from '../../api/graph.ts';
import { invalidateGraph, useGraphList } from '../../api/queries.ts';
import { useAccess, useGraph } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { DataTable, columnHelper, orderByOf } from '../../components/DataTable.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { DateTime } from '../../components/Properties.tsx';
import { NamedLocations } from './NamedLocations.tsx';
import { PolicyPane } from './PolicyPane.tsx';
import { WhatIf } from './WhatIf.tsx';
import { editable, policiesPath, stateColors, stateLabels, summaryOf, type Policy } from './policy.ts';

const col = columnHelper<Policy>();
const columns = col.columns([
  col.accessor('displayName', { id: 'displayName', header: 'Policy name', enableSorting: true }),
  col.accessor('state', {
    id: 'state',
    header: 'State',
    enableSorting: false,
    cell: (c) => <Badge appearance="tint" color={stateColors[c.getValue()]}>{stateLabels[c.getValue()]}</Badge>,
  }),
  col.display({ id: 'summary', header: 'What it does', cell: (c) => summaryOf(c.row.original) }),
  col.accessor('modifiedDateTime', { id: 'modifiedDateTime', header: 'Modified', enableSorting: false, cell: (c) => <DateTime value={c.getValue() ?? c.row.original.createdDateTime} /> }),
]);

const useStyles = makeStyles({
  tabs: { marginBottom: tokens.spacingVerticalM },
  toolbar: { paddingInline: 0, marginBottom: tokens.spacingVerticalS, flexWrap: 'wrap' },
});

type PageTab = 'policies' | 'what-if' | 'named-locations';

interface ImportReport {
  dryRun: boolean;
  problems: Array<{ item?: { index: number; displayName?: string }; path: string; message: string }>;
  policies: Array<{ id: string; displayName: string }>;
  namedLocations: Array<{ id: string; displayName: string }>;
  warnings: Array<{ item: { displayName: string }; message: string }>;
}

export default function ConditionalAccessPage() {
  const styles = useStyles();
  const navigate = useNavigate();
  const { policyId } = useParams();
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') ?? 'policies') as PageTab;
  const [sorting, setSorting] = useState<SortingState>([{ id: 'displayName', desc: false }]);
  const list = useGraphList<Policy>(policiesPath, { orderBy: orderByOf(sorting), top: 100 });
  const access = useAccess();
  const canWrite = access.can('Policy.ReadWrite.ConditionalAccess');
  const query = params.toString() ? `?${params.toString()}` : '';

  return (
    <>
      <PageHeader
        title="Conditional Access"
        summary="Policies that decide, at every sign-in, whether to allow, block or ask for more. Try a change in report-only mode, replay it against past sign-ins, and ask What If before you switch it on."
      />
      <TabList className={styles.tabs} selectedValue={tab} aria-label="Conditional Access"
        onTabSelect={(_, data) => setParams(data.value === 'policies' ? {} : { tab: String(data.value) }, { replace: true })}>
        <Tab value="policies">Policies</Tab>
        <Tab value="what-if">What If</Tab>
        <Tab value="named-locations">Named locations</Tab>
      </TabList>
      {tab === 'policies' && (
        <>
          <Toolbar aria-label="Policy actions" className={styles.toolbar}>
            {canWrite && <Button appearance="primary" icon={<AddRegular />} onClick={() => navigate(`/conditional-access/new${query}`)}>New policy</Button>}
            {canWrite && <ImportButton />}
            <ExportButton />
          </Toolbar>
          <DataTable
            label="Conditional Access policies"
            noun="policies"
            columns={columns}
            list={list}
            sorting={sorting}
            onSortingChange={setSorting}
            selectedId={policyId}
            onOpen={(p) => navigate(`/conditional-access/${p.id}${query}`)}
            empty="No Conditional Access policies yet. Start with one in report-only mode."
          />
          {policyId && <PolicyPane policyId={policyId} onClose={() => navigate(`/conditional-access${query}`)} onCreated={(id) => navigate(`/conditional-access/${id}${query}`)} />}
        </>
      )}
      {tab === 'what-if' && <WhatIf />}
      {tab === 'named-locations' && <NamedLocations />}
    </>
  );
}

/** Every policy and named location as one JSON file, in the shape /import reads. */
function ExportButton() {
  const graph = useGraph();
  const exportAll = useMutation({
    mutationFn: async () => {
      const [policies, locations] = await Promise.all([
        graph<Collection<Policy>>(policiesPath),
        graph<Collection<Record<string, unknown>>>('/identity/conditionalAccess/namedLocations'),
      ]);
      const document = { policies: { value: policies.value.map((p) => ({ id: p.id, ...editable(p) })) }, namedLocations: { value: locations.value } };
      const blob = new Blob([JSON.stringify(document, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const a = Object.assign(window.document.createElement('a'), { href: url, download: `conditional-access-${new Date().toISOString().slice(0, 10)}.json` });
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
  });
  return <Button icon={<ArrowDownloadRegular />} onClick={() => exportAll.mutate()} disabled={exportAll.isPending}>Export all</Button>;
}

/**
 * Import a file: first a dry run (every problem by item and path, the lockout guard's
 * warnings), then the import itself, all or nothing.
 */
function ImportButton() {
  const graph = useGraph();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [document, setDocument] = useState<{ name: string; body: Record<string, unknown> }>();
  const [report, setReport] = useState<ImportReport>();
  const [readError, setReadError] = useState<string>();
  const run = useMutation({
    meta: { showsOwnError: true },
    mutationFn: (dryRun: boolean) => graph<ImportReport>('/identity/conditionalAccess/import', { method: 'POST', body: { ...document!.body, dryRun, keepIds: true } }),
    onSuccess: async (r) => {
      setReport(r);
      if (!r.dryRun) await invalidateGraph(queryClient, '/identity/conditionalAccess');
    },
  });

  const choose = async (file: File) => {
    setReport(undefined);
    setReadError(undefined);
    run.reset();
    try {
      const parsed = JSON.parse(await file.text()) as Record<string, unknown>;
      // An export of this console ({ policies, namedLocations }), or a Graph list or one policy.
      const body = 'policies' in parsed || 'namedLocations' in parsed ? { policies: parsed.policies, namedLocations: parsed.namedLocations } : { policies: parsed };
      setDocument({ name: file.name, body });
      run.mutate(true);
    } catch (error) {
      setReadError(`${file.name} is not JSON: ${(error as Error).message}`);
    }
  };

  return (
    <>
      <input ref={input} type="file" accept="application/json,.json" hidden aria-label="Policy file to import"
        onChange={(e) => { const f = e.target.files?.[0]; if (f) void choose(f); e.target.value = ''; }} />
      <Button icon={<ArrowUploadRegular />} onClick={() => input.current?.click()}>Import</Button>
      {(readError || run.error || report) && (
        <div role="status" style={{ flexBasis: '100%' }}>
          {readError && <MessageBar intent="error"><MessageBarBody>{readError}</MessageBarBody></MessageBar>}
          {run.error && <ApiErrorBar error={run.error} />}
          {report && (
            <MessageBar intent={report.problems.length ? 'error' : report.dryRun ? 'info' : 'success'} layout="multiline">
              <MessageBarBody>
                {report.problems.length ? `${document?.name}: ${report.problems.length} problem(s); nothing was imported.`
                  : report.dryRun ? `${document?.name}: ${report.policies.length} policies and ${report.namedLocations.length} named locations can be imported.`
                    : `Imported ${report.policies.length} policies and ${report.namedLocations.length} named locations.`}
                <ul>
                  {report.problems.map((p, i) => <li key={i}>{p.item?.displayName ?? (p.item ? `item ${p.item.index}` : '')} <code>{p.path}</code>: {p.message}</li>)}
                  {report.warnings.map((w, i) => <li key={`w${i}`}>Lockout guard, {w.item.displayName}: {w.message}</li>)}
                </ul>
                {report.dryRun && !report.problems.length && (
                  <Button appearance="primary" size="small" onClick={() => run.mutate(false)} disabled={run.isPending}>Import now</Button>
                )}
              </MessageBarBody>
            </MessageBar>
          )}
        </div>
      )}
    </>
  );
}
