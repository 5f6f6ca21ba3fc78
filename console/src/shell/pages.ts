/**
 * The admin center's pages, in nav order: the one list the nav, the router and the role checks
 * read. To add a page, write it under pages/<name>/ as a default-exported component and give its
 * entry `...built(() => import('../pages/<name>/<Name>Page.tsx'))`: each page is its own chunk,
 * fetched when the browser is idle after sign-in (or when first opened). Until then the entry
 * shows a "coming" page built from `summary` and `plans`.
 */
import {
  AppsListRegular, BotRegular, DocumentSearchRegular, HistoryRegular, HomeRegular, KeyMultipleRegular, PeopleRegular,
  PeopleTeamRegular, ShieldLockRegular, type FluentIcon,
} from '@fluentui/react-icons';
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Permission } from '../auth/permissions.ts';

export interface ConsolePage {
  /** URL segment under /console/ ('' for the overview). */
  path: string;
  /** Extra route segments the page reads with useParams (a selected item), e.g. ':userId?'. */
  params?: string;
  title: string;
  icon: FluentIcon;
  /** One sentence: what the page is for (under the title, and on the "coming" page). */
  summary: string;
  /** What the page will let an admin do, listed on the "coming" page until it is built. */
  plans?: string[];
  /** Any one of these opens the page (the API's own permission names); empty: every admin. */
  requires: readonly Permission[];
  /** The page, code-split. Undefined: not built yet. */
  component?: LazyExoticComponent<ComponentType>;
  /** Fetches the page's chunk ahead of time. */
  preload?: () => Promise<unknown>;
}

/** A built page: its lazy component and the loader that fetches its chunk. */
function built(load: () => Promise<{ default: ComponentType }>): Pick<ConsolePage, 'component' | 'preload'> {
  return { component: lazy(load), preload: load };
}

export const pages: readonly ConsolePage[] = [
  {
    path: '',
    title: 'Overview',
    icon: HomeRegular,
    summary: 'Your tenant at a glance: people, groups, applications and how sign-ins are going.',
    requires: [],
    ...built(() => import('../pages/overview/OverviewPage.tsx')),
  },
  {
    path: 'users',
    params: ':userId?',
    title: 'Users',
    icon: PeopleRegular,
    summary: 'Find people, see their groups, roles and sign-in methods, give them a Temporary Access Pass, revoke their sessions or disable them.',
    requires: ['User.Read.All'],
    ...built(() => import('../pages/users/UsersPage.tsx')),
  },
  {
    path: 'groups',
    params: ':groupId?',
    title: 'Groups',
    icon: PeopleTeamRegular,
    summary: 'Security groups with their members, owners and nested groups.',
    requires: ['Group.Read.All'],
    ...built(() => import('../pages/groups/GroupsPage.tsx')),
  },
  {
    path: 'applications',
    params: ':applicationId?',
    title: 'Applications',
    icon: AppsListRegular,
    summary: 'App registrations and the service principals that sign in for them.',
    requires: ['Application.Read.All'],
    ...built(() => import('../pages/applications/ApplicationsPage.tsx')),
  },
  {
    path: 'agents',
    params: ':agentId?',
    title: 'Agents',
    icon: BotRegular,
    summary: 'AI agents: the registry of every platform, agent identities with their sponsors and permissions, and blueprints.',
    requires: ['AgentInstance.Read.All', 'AgentIdentity.ReadWrite.All', 'AgentIdentityBlueprint.ReadWrite.All', 'Application.Read.All'],
    ...built(() => import('../pages/agents/AgentsPage.tsx')),
  },
  {
    path: 'authentication-methods',
    params: ':methodId?',
    title: 'Authentication methods',
    icon: KeyMultipleRegular,
    summary: 'Which sign-in methods people may use: passkeys, authenticator apps, Temporary Access Pass and passwords.',
    requires: ['Policy.Read.All', 'Policy.ReadWrite.AuthenticationMethod'],
    ...built(() => import('../pages/authentication-methods/AuthenticationMethodsPage.tsx')),
  },
  {
    path: 'conditional-access',
    title: 'Conditional Access',
    icon: ShieldLockRegular,
    summary: 'Policies that decide, at every sign-in, whether to allow, block or ask for more.',
    params: ':policyId?',
    requires: ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'],
    ...built(() => import('../pages/conditional-access/ConditionalAccessPage.tsx')),
  },
  {
    path: 'sign-ins',
    params: ':signInId?',
    title: 'Sign-in logs',
    icon: HistoryRegular,
    summary: 'Every sign-in by people, apps and agents, with the methods used and what Conditional Access decided.',
    requires: ['AuditLog.Read.All'],
    ...built(() => import('../pages/sign-ins/SignInsPage.tsx')),
  },
  {
    path: 'audit-logs',
    params: ':auditId?',
    title: 'Audit logs',
    icon: DocumentSearchRegular,
    summary: 'Every change to the directory and its policies: who, when, and the old and new values.',
    requires: ['AuditLog.Read.All'],
    ...built(() => import('../pages/audit-logs/AuditLogsPage.tsx')),
  },
];
