import { createDirectory, userCreateSchema } from '../directory/index.ts';
import { recordAudit } from '../logs/index.ts';
import { addDemoPasskey, demoPasskeyFor } from './demo-passkeys.ts';
import type { Db } from '../store/index.ts';

/**
 * A small nonprofit for newcomers to explore (`limen start --demo`): "Riverside Food Bank", about
 * fifty staff and volunteers in departments and nested groups, and a few applications. People
 * have no passwords, and the passkeys some hold cannot sign in (demo-passkeys.ts): they exist to
 * browse, filter and assign, not to sign in as.
 * Deterministic, so screenshots and docs match what a newcomer sees.
 */
export const demoDomain = 'riverside-foodbank.org';

const firstNames = ['Amara', 'Ben', 'Chloe', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Imani', 'Jonas',
  'Kofi', 'Lena', 'Mateo', 'Nadia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tara', 'Uma', 'Victor',
  'Wen', 'Ximena', 'Yusuf', 'Zoe'];
const surnames = ['Okafor', 'Lindqvist', 'Moreau', 'Petrov', 'Garcia', 'Haddad', 'Kim', 'Tanaka', 'Mensah',
  'Novak', 'Silva', 'Walsh', 'Nguyen', 'Rossi', 'Cohen', 'Das', 'Byrne', 'Costa', 'Yilmaz', 'Adeyemi'];

const departments = [
  { name: 'Operations', titles: ['Warehouse Lead', 'Driver', 'Logistics Coordinator'], staff: 12 },
  { name: 'Programs', titles: ['Program Manager', 'Case Worker', 'Nutrition Educator'], staff: 10 },
  { name: 'Development', titles: ['Fundraising Manager', 'Grant Writer'], staff: 5 },
  { name: 'Finance', titles: ['Finance Director', 'Bookkeeper'], staff: 3 },
  { name: 'IT', titles: ['IT Administrator'], staff: 2 },
];
const volunteers = 20;

export async function seedDemoTenant(db: Db): Promise<{ users: number; groups: number; applications: number; passkeys: number }> {
  return db.transaction().execute(async (trx) => {
    const dir = createDirectory(trx);
    let n = 0;
    const person = () => {
      const given = firstNames[n % firstNames.length]!;
      const family = surnames[(n * 7) % surnames.length]!;
      n++;
      return { given, family, upn: `${given}.${family}${n > firstNames.length ? n : ''}@${demoDomain}`.toLowerCase() };
    };
    const allStaff = await dir.groups.create({ displayName: 'All Staff', description: 'Every employee', securityEnabled: true, mailEnabled: false, groupTypes: [] });
    const volunteerGroup = await dir.groups.create({ displayName: 'Volunteers', description: 'Volunteers with access to the shift planner', securityEnabled: true, mailEnabled: false, groupTypes: [] });
    let users = 0;
    let passkeys = 0;
    let groups = 2;
    for (const d of departments) {
      const group = await dir.groups.create({ displayName: d.name, description: `${d.name} department`, securityEnabled: true, mailEnabled: false, groupTypes: [] });
      groups++;
      await dir.groups.addMember(allStaff.id, group.id);
      let manager: string | undefined;
      for (let i = 0; i < d.staff; i++) {
        const p = person();
        const u = await dir.users.create(userCreateSchema.parse({
          accountEnabled: true,
          displayName: `${p.given} ${p.family}`,
          givenName: p.given,
          surname: p.family,
          userPrincipalName: p.upn,
          mail: p.upn,
          jobTitle: d.titles[i % d.titles.length],
          department: d.name,
          employeeId: String(1000 + users),
          employeeHireDate: new Date(Date.UTC(2018 + (users % 7), users % 12, 1 + (users % 27))).toISOString(),
          usageLocation: 'US',
        }));
        const passkey = demoPasskeyFor(d.name, i);
        if (passkey) {
          await addDemoPasskey(trx, u.id, passkey, new Date(Date.UTC(2026, 8, 1 + users)).toISOString());
          passkeys++;
        }
        users++;
        await dir.groups.addMember(group.id, u.id);
        if (manager) await dir.users.setManager(u.id, manager);
        else manager = u.id;
      }
    }
    for (let i = 0; i < volunteers; i++) {
      const p = person();
      const u = await dir.users.create(userCreateSchema.parse({
        accountEnabled: i % 9 !== 8, // a few volunteers have left and are disabled
        displayName: `${p.given} ${p.family}`,
        givenName: p.given,
        surname: p.family,
        userPrincipalName: p.upn,
        userType: i % 5 === 4 ? 'Guest' : 'Member',
        jobTitle: 'Volunteer',
        department: 'Volunteers',
      }));
      users++;
      await dir.groups.addMember(volunteerGroup.id, u.id);
    }
    const apps = [
      { displayName: 'Shift Planner', web: { redirectUris: ['https://shifts.riverside-foodbank.org/auth/callback'] } },
      { displayName: 'Donor CRM', web: { redirectUris: ['https://crm.riverside-foodbank.org/oidc/callback'] } },
      { displayName: 'Inventory Sync', description: 'Nightly job that syncs pantry stock' },
    ];
    for (const a of apps) {
      const app = await dir.applications.create({ signInAudience: 'AzureADMyOrg', ...a });
      await dir.servicePrincipals.create({ appId: app.appId, accountEnabled: true, appRoleAssignmentRequired: false, tags: [] });
    }
    await recordAudit(trx, {
      category: 'DirectoryManagement',
      activityDisplayName: 'Seed demo tenant',
      operationType: 'Add',
      initiatedBy: {},
      targetResources: [],
      additionalDetails: [{ key: 'users', value: String(users) }, { key: 'groups', value: String(groups) }, { key: 'passkeys', value: String(passkeys) }],
    });
    return { users, groups, applications: apps.length, passkeys };
  });
}
