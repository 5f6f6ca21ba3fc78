/** Authentication: each platform's redirect URIs, added and removed one at a time. */
import { Button, Input, Subtitle2 } from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { invalidateGraph } from '../../api/queries.ts';
import { useAccess, useGraph } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { Properties } from '../../components/Properties.tsx';
import { SimpleTable } from '../../components/SimpleTable.tsx';
import type { Application } from './application.ts';
import { usePaneStyles } from './pane-styles.ts';

const platformKeys = { web: 'Web', spa: 'Single-page application', publicClient: 'Mobile and desktop applications' } as const;
type Platform = keyof typeof platformKeys;

export function RedirectUrisTab({ app }: { app: Application }) {
  const styles = usePaneStyles();
  const mayWrite = useAccess().can('Application.ReadWrite.All');
  const uris = (p: Platform) => app[p]?.redirectUris ?? [];
  return (
    <>
      {(Object.keys(platformKeys) as Platform[]).map((p) => (
        <section key={p} className={styles.section} aria-label={`${platformKeys[p]} redirect URIs`}>
          <Subtitle2 as="h2">{platformKeys[p]}</Subtitle2>
          <SimpleTable
            label={`${platformKeys[p]} redirect URIs`}
            query={{ isPending: false, error: null }}
            empty="No redirect URI."
            headers={mayWrite ? ['Redirect URI', ''] : ['Redirect URI']}
            rows={uris(p).map((uri) => ({
              id: uri,
              cells: [<code key="u">{uri}</code>, ...(mayWrite ? [<RemoveRedirectUri key="r" app={app} platform={p} uri={uri} />] : [])],
            }))}
          />
          {mayWrite && <AddRedirectUri app={app} platform={p} />}
        </section>
      ))}
      <Properties items={[
        ['Front-channel logout URL', app.web?.logoutUrl],
        ['Home page URL', app.web?.homePageUrl],
        ['Allow public client flows', app.isFallbackPublicClient ? 'Yes' : 'No'],
      ]} />
    </>
  );
}

/** PATCHes one platform's redirect URIs (the web platform keeps its logout and home page URLs). */
function useSaveRedirectUris(app: Application, platform: Platform) {
  const graph = useGraph();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (redirectUris: string[]) => {
      const value = platform === 'web'
        ? { redirectUris, logoutUrl: app.web?.logoutUrl ?? null, homePageUrl: app.web?.homePageUrl ?? null }
        : { redirectUris };
      return graph(`/applications/${app.id}`, { method: 'PATCH', body: { [platform]: value } });
    },
    onSuccess: () => invalidateGraph(client, `/applications/${app.id}`),
    meta: { showsOwnError: true },
  });
}

function AddRedirectUri({ app, platform }: { app: Application; platform: Platform }) {
  const styles = usePaneStyles();
  const [uri, setUri] = useState('');
  const save = useSaveRedirectUris(app, platform);
  const add = () => save.mutate([...(app[platform]?.redirectUris ?? []), uri.trim()], { onSuccess: () => setUri('') });
  return (
    <div className={styles.section}>
      {save.error && <ApiErrorBar error={save.error} />}
      <div className={styles.row}>
        <Input className={styles.grow} value={uri} aria-label={`New ${platformKeys[platform]} redirect URI`} placeholder="https://…"
          onChange={(_, d) => setUri(d.value)} onKeyDown={(e) => { if (e.key === 'Enter' && uri.trim()) add(); }} />
        <Button icon={<AddRegular />} disabled={save.isPending || uri.trim() === ''} onClick={add}
          aria-label={`Add ${platformKeys[platform]} redirect URI`}>Add URI</Button>
      </div>
    </div>
  );
}

function RemoveRedirectUri({ app, platform, uri }: { app: Application; platform: Platform; uri: string }) {
  const save = useSaveRedirectUris(app, platform);
  return (
    <>
      {save.error && <ApiErrorBar error={save.error} />}
      <Button appearance="subtle" icon={<DeleteRegular />} aria-label={`Remove redirect URI ${uri}`} disabled={save.isPending}
        onClick={() => save.mutate((app[platform]?.redirectUris ?? []).filter((u) => u !== uri))}>Remove</Button>
    </>
  );
}

