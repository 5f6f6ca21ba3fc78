import type { Migration, MigrationProvider } from 'kysely/migration';
import * as m0001 from './0001-initial.ts';
import * as m0002 from './0002-sign-in-lockout.ts';
import * as m0003 from './0003-temporary-access-pass.ts';
import * as m0004 from './0004-passkeys.ts';
import * as m0005 from './0005-oath-and-strengths.ts';
import * as m0006 from './0006-recovery-attempts.ts';
import * as m0007 from './0007-conditional-access.ts';
import * as m0008 from './0008-identity-protection.ts';
import * as m0009 from './0009-agent-identities.ts';
import * as m0010 from './0010-agent-registry.ts';
import * as m0011 from './0011-client-sign-in-activity.ts';
import * as m0012 from './0012-client-sign-in-kinds.ts';
import * as m0013 from './0013-user-sign-in-activity.ts';

/**
 * Versioned migrations, applied in name order at start. Never edit a shipped migration: add the
 * next one, so a database written by an older Limen upgrades in place.
 */
const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-sign-in-lockout': m0002,
  '0003-temporary-access-pass': m0003,
  '0004-passkeys': m0004,
  '0005-oath-and-strengths': m0005,
  '0006-recovery-attempts': m0006,
  '0007-conditional-access': m0007,
  '0008-identity-protection': m0008,
  '0009-agent-identities': m0009,
  '0010-agent-registry': m0010,
  '0011-client-sign-in-activity': m0011,
  '0012-client-sign-in-kinds': m0012,
  '0013-user-sign-in-activity': m0013,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
