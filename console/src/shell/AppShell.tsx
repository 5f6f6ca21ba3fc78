/**
 * The frame of every page: a header with the tenant and the signed-in admin (and sign-out), the
 * left nav (only the pages the admin's roles open), the error bar for failed actions, and the
 * page itself in <main>. A skip link jumps past the nav; the nav collapses behind a menu button
 * on narrow screens.
 */
import {
  Avatar, Button, Menu, MenuDivider, MenuGroup, MenuGroupHeader, MenuItem, MenuList, MenuPopover, MenuTrigger, Spinner, Text,
  makeStyles, mergeClasses, tokens,
} from '@fluentui/react-components';
import { Hamburger, NavDrawer, NavDrawerBody, NavItem } from '@fluentui/react-components';
import { SignOutRegular } from '@fluentui/react-icons';
import { Suspense, useEffect, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { dismissError, useReportedErrors } from '../api/reported-errors.ts';
import { useGraphQuery } from '../api/queries.ts';
import { useAccess, useAuth, useSession } from '../app-context.tsx';
import { ApiErrorBar } from '../components/ApiErrorBar.tsx';
import { VisuallyHidden } from '../components/VisuallyHidden.tsx';
import { pagesFor } from './page-access.ts';
import type { ConsolePage } from './pages.ts';

const useStyles = makeStyles({
  // minmax(0, 1fr): the frame is as wide as the window, whatever the page inside asks for.
  root: { display: 'grid', gridTemplateRows: 'auto 1fr', gridTemplateColumns: 'minmax(0, 1fr)', minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground2 },
  header: {
    display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, paddingInline: tokens.spacingHorizontalL, height: '48px',
    backgroundColor: tokens.colorBrandBackground, color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400, color: tokens.colorNeutralForegroundOnBrand },
  tenant: { color: tokens.colorNeutralForegroundOnBrand, opacity: 0.9 },
  spacer: { flexGrow: 1 },
  me: { color: tokens.colorNeutralForegroundOnBrand, ':hover': { color: tokens.colorNeutralForegroundOnBrand } },
  hamburger: { color: tokens.colorNeutralForegroundOnBrand, '@media (min-width: 1024px)': { display: 'none' } },
  body: { display: 'flex', minHeight: 0 },
  nav: { minWidth: '240px', height: 'auto' },
  main: { flexGrow: 1, minWidth: 0, padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXXL}`, outlineStyle: 'none' },
  errors: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginBottom: tokens.spacingVerticalM },
  skip: {
    position: 'absolute', left: '-10000px', top: 'auto', width: '1px', height: '1px', overflow: 'hidden',
    ':focus': { position: 'static', width: 'auto', height: 'auto', color: tokens.colorNeutralForegroundOnBrand },
  },
});

export function pagePath(page: ConsolePage): string {
  return `/${page.path}`;
}

export function AppShell() {
  const styles = useStyles();
  const access = useAccess();
  const session = useSession();
  const auth = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const errors = useReportedErrors();
  const wide = useMediaQuery('(min-width: 1024px)');
  const [navOpen, setNavOpen] = useState(wide);
  useEffect(() => setNavOpen(wide), [wide]);
  const organization = useGraphQuery<{ value: Array<{ displayName: string }> }>('/organization');
  const tenantName = organization.data?.value[0]?.displayName;
  const visible = pagesFor(access);
  const current = visible.find((p) => p.path && location.pathname.split('/')[1] === p.path) ?? (location.pathname === '/' ? visible[0] : undefined);
  // The pages this admin may open, fetched while the browser is idle: the nav then opens them at once.
  useEffect(() => {
    const timer = setTimeout(() => visible.forEach((p) => void p.preload?.().catch(() => {})), 1000);
    return () => clearTimeout(timer);
  }, [visible.length]); // eslint-disable-line react-hooks/exhaustive-deps
  const who = session?.claims.name ?? session?.claims.preferred_username ?? 'Administrator';

  return (
    <div className={styles.root}>
      <header className={styles.header}>
        <a className={styles.skip} href="#main">Skip to content</a>
        <Hamburger className={styles.hamburger} aria-expanded={navOpen} onClick={() => setNavOpen(!navOpen)} />
        <span className={styles.brand}>Limen admin center</span>
        {tenantName && <Text className={styles.tenant} aria-label={`Tenant ${tenantName}`}>· {tenantName}</Text>}
        <span className={styles.spacer} />
        <Menu>
          <MenuTrigger disableButtonEnhancement>
            {/* Named by its text (which includes what it shows, as WCAG 2.5.3 asks), not an aria-label. */}
            <Button appearance="transparent" className={styles.me}
              icon={<Avatar name={who} size={28} color="colorful" aria-hidden />}>
              <VisuallyHidden>Signed in as </VisuallyHidden>{who}
            </Button>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              <MenuGroup>
                <MenuGroupHeader>{session?.claims.preferred_username}</MenuGroupHeader>
                {access.roles.map((role) => <MenuItem key={role} disabled>{role}</MenuItem>)}
              </MenuGroup>
              <MenuDivider />
              <MenuItem icon={<SignOutRegular />} onClick={() => void auth.signOut()}>Sign out</MenuItem>
            </MenuList>
          </MenuPopover>
        </Menu>
      </header>
      <div className={styles.body}>
        <NavDrawer
          className={styles.nav}
          type={wide ? 'inline' : 'overlay'}
          open={navOpen}
          onOpenChange={(_, data) => setNavOpen(data.open)}
          selectedValue={current ? pagePath(current) : ''}
          aria-label="Admin center"
        >
          <NavDrawerBody>
            {visible.map((page) => {
              const Icon = page.icon;
              return (
                <NavItem
                  key={page.path}
                  value={pagePath(page)}
                  href={`/console${pagePath(page)}`}
                  icon={<Icon />}
                  onClick={(event) => {
                    if (event.ctrlKey || event.metaKey || event.shiftKey) return; // let the browser open a tab
                    event.preventDefault();
                    navigate(pagePath(page));
                    if (!wide) setNavOpen(false);
                  }}
                >
                  {page.title}
                </NavItem>
              );
            })}
          </NavDrawerBody>
        </NavDrawer>
        <main id="main" tabIndex={-1} className={mergeClasses(styles.main)}>
          {errors.length > 0 && (
            <div className={styles.errors}>
              {errors.map((e) => <ApiErrorBar key={e.id} error={e.error} onDismiss={() => dismissError(e.id)} />)}
            </div>
          )}
          <Suspense fallback={<Spinner label="Loading page…" />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}

function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const onChange = () => setMatches(list.matches);
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, [query]);
  return matches;
}
