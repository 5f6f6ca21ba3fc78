/**
 * The Overview's agent numbers, from /agentRegistry/overview: total, new and active in the last
 * 30 days, unmanaged (no identity), sponsorless and over-privileged agent identities. Each tile
 * opens the Agents page's view of them.
 */
import { Caption1, Card, CardHeader, Subtitle2, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useGraphQuery } from '../../api/queries.ts';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { AppLink } from '../../components/AppLink.tsx';
import type { AgentRegistryOverview } from '../agents/agent.ts';

const useStyles = makeStyles({
  section: { marginBottom: tokens.spacingVerticalXL },
  tiles: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(160px, 1fr))', gap: tokens.spacingHorizontalL, marginTop: tokens.spacingVerticalS },
  number: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightHero700 },
  attention: { color: tokens.colorPaletteRedForeground1 },
});

const tiles: Array<{ key: keyof AgentRegistryOverview; title: string; detail: string; to: string; attention?: boolean }> = [
  { key: 'totalAgents', title: 'Agents', detail: 'in the registry or the directory', to: '/agents?tab=registry' },
  { key: 'createdLast30Days', title: 'New agents', detail: 'in the last 30 days', to: '/agents?tab=registry' },
  { key: 'activeLast30Days', title: 'Active agents', detail: 'seen or signed in, last 30 days', to: '/agents?tab=registry' },
  { key: 'unmanaged', title: 'Unmanaged agents', detail: 'with no agent identity', to: '/agents?tab=registry&managed=unmanaged', attention: true },
  { key: 'sponsorless', title: 'Sponsorless agents', detail: 'nobody accountable', to: '/agents', attention: true },
  { key: 'overPrivileged', title: 'Over-privileged agents', detail: 'holding a high-privilege permission', to: '/agents', attention: true },
];

export default function AgentMetrics() {
  const styles = useStyles();
  const overview = useGraphQuery<AgentRegistryOverview>('/agentRegistry/overview');
  return (
    <section className={styles.section} aria-label="Agents">
      <Subtitle2 as="h2"><AppLink to="/agents">Agents</AppLink></Subtitle2>
      {overview.error && <ApiErrorBar error={overview.error} />}
      <div className={styles.tiles}>
        {tiles.map((t) => {
          const value = overview.data?.[t.key] as number | undefined;
          return (
            <Card key={t.key}>
              <CardHeader header={<Subtitle2 as="h3"><AppLink to={t.to}>{t.title}</AppLink></Subtitle2>} />
              <Text className={mergeClasses(styles.number, t.attention && value ? styles.attention : undefined)} aria-label={`${t.title}: ${value ?? 'loading'}`}>
                {value?.toLocaleString() ?? '…'}
              </Text>
              <Caption1>{t.detail}</Caption1>
            </Card>
          );
        })}
      </div>
    </section>
  );
}
