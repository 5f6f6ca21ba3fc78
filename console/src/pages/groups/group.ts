/** Graph's group, and the directory objects its member and owner lists hold. */
export interface Group {
  id: string;
  displayName: string;
  description: string | null;
  mailNickname?: string | null;
  mail?: string | null;
  securityEnabled: boolean;
  mailEnabled: boolean;
  groupTypes: string[];
  createdDateTime: string | null;
}

export interface DirectoryObject {
  '@odata.type'?: string;
  id: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
  appId?: string | null;
  description?: string | null;
}

/** "Security", "Microsoft 365" or "Distribution", as Entra's Groups list says. */
export function groupKind(g: Pick<Group, 'groupTypes' | 'securityEnabled' | 'mailEnabled'>): string {
  if ((g.groupTypes ?? []).includes('Unified')) return 'Microsoft 365';
  if (g.securityEnabled) return g.mailEnabled ? 'Mail-enabled security' : 'Security';
  return 'Distribution';
}

/** The kind of a member or owner, from its `@odata.type`. */
export function objectKind(o: DirectoryObject): string {
  switch (o['@odata.type']) {
    case '#microsoft.graph.user': return 'User';
    case '#microsoft.graph.group': return 'Group';
    case '#microsoft.graph.servicePrincipal': return 'Service principal';
    default: return o['@odata.type']?.replace('#microsoft.graph.', '') ?? 'Object';
  }
}
