import { Body1, Button, Card, makeStyles } from '@fluentui/react-components';
import { useAuth, useSession } from '../app-context.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

const useStyles = makeStyles({ card: { maxWidth: '60ch' } });

/** Signed in, but no directory role opens any page (or not this one). */
export function NoAccess({ whole }: { whole?: boolean }) {
  const styles = useStyles();
  const auth = useAuth();
  const session = useSession();
  return (
    <>
      <PageHeader title={whole ? 'No administrator role' : 'Not available to you'} />
      <Card className={styles.card}>
        <Body1>
          {whole
            ? `${session?.claims.preferred_username ?? 'This account'} holds no administrator role in this tenant, so the admin center has nothing to show. Ask a Global Administrator for a role, or sign in with another account.`
            : 'Your directory roles do not allow this page. Ask a Global Administrator if you need it.'}
        </Body1>
        {whole && <Button appearance="primary" onClick={() => void auth.signOut()}>Sign out</Button>}
      </Card>
    </>
  );
}
