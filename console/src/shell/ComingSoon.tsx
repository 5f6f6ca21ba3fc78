/** A page of the nav that is not built yet: says what it will do, and what to use meanwhile. */
import { Body1, Card, CardHeader, Text, makeStyles, tokens } from '@fluentui/react-components';
import { PageHeader } from '../components/PageHeader.tsx';
import type { ConsolePage } from './pages.ts';

const useStyles = makeStyles({
  card: { maxWidth: '72ch' },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
});

export function ComingSoon({ page }: { page: ConsolePage }) {
  const styles = useStyles();
  return (
    <>
      <PageHeader title={page.title} summary={page.summary} />
      <Card className={styles.card} data-testid="coming-soon">
        <CardHeader header={<Text weight="semibold">Coming to the admin center</Text>} />
        <Body1>This page will let you:</Body1>
        <ul className={styles.list}>
          {(page.plans ?? []).map((plan) => <li key={plan}><Body1>{plan}</Body1></li>)}
        </ul>
        <Body1>
          Until then, the management API (<code>/v1.0</code>, see <a href="/openapi.json">openapi.json</a>) and the CLI
          (<code>npx limen</code>) do all of it.
        </Body1>
      </Card>
    </>
  );
}
