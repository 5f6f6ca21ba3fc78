/**
 * Agents: what Limen knows about AI agents beyond their directory objects (directory/ holds
 * blueprints and agent identities): the over-privilege rules, the registry of every agent seen
 * on a platform, and the platform connectors that fill it.
 */
export { highPrivilegePermissions, isHighPrivilege } from './high-privilege.ts';
