import { Body1, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, type ReactNode } from 'react';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, marginBottom: tokens.spacingVerticalL },
  summary: { color: tokens.colorNeutralForeground2, maxWidth: '80ch' },
});

/** A page's h1 and one-line summary; also the document title. */
export function PageHeader({ title, summary, children }: { title: string; summary?: ReactNode; children?: ReactNode }) {
  const styles = useStyles();
  useEffect(() => {
    document.title = `${title} · Limen admin center`;
  }, [title]);
  return (
    <div className={styles.root}>
      <Title2 as="h1">{title}</Title2>
      {summary && <Body1 className={styles.summary}>{summary}</Body1>}
      {children}
    </div>
  );
}
