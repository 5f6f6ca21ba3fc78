import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { decodeDocument, DocumentDecodeError } from '../../conditional-access/import/index.ts';
import { callApi, listAll } from '../api-client.ts';
import { CliError, exitCodes, printJson, printTable } from '../output.ts';
import { connect } from '../session.ts';

export const caHelp = `Usage: limen ca list [--json]
       limen ca export [--json]
       limen ca simulate FILE... [--days N] [--with-stored] [--json]
       limen ca whatif --user UPN|ID (--app APPID | --user-action registerSecurityInformation)
                 [--ip ADDRESS] [--country CC] [--platform P] [--client-app T] [--methods M,M] [--json]
       limen ca import FILE... [--locations FILE]... [--dry-run] [--keep-ids] [--allow-unresolved]
                 [--override-lockout-guard] [--json]
       limen ca emergency-access [list | add UPN|ID | remove UPN|ID] [--json]

Conditional Access policies, as Microsoft Graph exports them.
  list      the policies: state, name, id
  export    every policy as a Graph list ({"value": [...]}) on standard output
  import    policies from files exported from Entra or Limen: one policy or a list per file, in
            UTF-8 or UTF-16 (as PowerShell writes them); named locations with --locations (once per file).
            All or nothing: any problem is listed by file item and JSON path, and nothing is stored.
              --dry-run           check and report only
              --keep-ids          keep the files' ids (so policies still find imported locations)
              --allow-unresolved  import even when groups, users or locations named do not exist
                                  here (each is listed); without it they are refused
              --override-lockout-guard  import even though the enabled policies would lock
                                  out every Global Administrator or you (audited)
  emergency-access  the break-glass accounts the lockout guard protects: a policy change that
            would leave one unable to sign in is refused (Microsoft recommends two such accounts,
            excluded from every policy)
  simulate  replay draft policies (files as for import) against the real sign-ins of the last
            --days (default 7) as if they were on: who and what they would have blocked or
            challenged, by user, app, platform, client app and country; nothing is stored.
            --with-stored evaluates the tenant's policies too (the drafts replace them by id)
  whatif    which enabled and report-only policies would apply to a sign-in, why the others do not,
            and what the sign-in would get (allow, block with its code, or a prompt). A condition
            you do not give does not match, as in Entra's What If. --platform: android, iOS,
            windows, macOS, linux; --client-app: browser, mobileAppsAndDesktopClients;
            --methods: what the session already used (password, softwareOath, fido2,
            temporaryAccessPassOneTime…)`;

/** The items of every file: each holds one resource or a Graph list. */
async function readItems(files: readonly string[]): Promise<unknown[]> {
  const items: unknown[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = decodeDocument(await readFile(file));
    } catch (error) {
      if (error instanceof DocumentDecodeError) throw new CliError(`${file}: ${error.message}`, exitCodes.usage);
      throw new CliError(`${file}: ${(error as Error).message}`, exitCodes.usage);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new CliError(`${file}: not JSON: ${(error as Error).message}`, exitCodes.usage);
    }
    const list = (value as { value?: unknown } | null)?.value;
    items.push(...(Array.isArray(value) ? value : Array.isArray(list) ? list : [value]));
  }
  return items;
}

export async function conditionalAccess(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      locations: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean' }, 'keep-ids': { type: 'boolean' },
      'allow-unresolved': { type: 'boolean' }, 'override-lockout-guard': { type: 'boolean' }, json: { type: 'boolean' },
      user: { type: 'string' }, app: { type: 'string' }, 'user-action': { type: 'string' }, ip: { type: 'string' }, country: { type: 'string' },
      platform: { type: 'string' }, days: { type: 'string' }, 'with-stored': { type: 'boolean' }, 'client-app': { type: 'string' }, methods: { type: 'string' }, server: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  const [verb, ...files] = positionals;
  if (values.help || !verb) {
    process.stdout.write(`${caHelp}\n`);
    return values.help ? exitCodes.ok : exitCodes.usage;
  }
  const path = '/identity/conditionalAccess/policies';
  switch (verb) {
    case 'list': {
      const items = await listAll(await connect(values.server), `${path}?$top=999`, 999);
      if (values.json) printJson(items);
      else printTable(items, ['state', 'displayName', 'id']);
      return exitCodes.ok;
    }
    case 'export': {
      const items = await listAll(await connect(values.server), `${path}?$top=999`, 999);
      printJson({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies', value: items });
      return exitCodes.ok;
    }
    case 'import': {
      if (files.length === 0 && !values.locations?.length) throw new CliError('limen ca import needs at least one file.', exitCodes.usage);
      const body = {
        ...(files.length ? { policies: await readItems(files) } : {}),
        ...(values.locations?.length ? { namedLocations: await readItems(values.locations) } : {}),
        dryRun: values['dry-run'] ?? false,
        keepIds: values['keep-ids'] ?? false,
        allowUnresolvedReferences: values['allow-unresolved'] ?? false,
        overrideLockoutGuard: values['override-lockout-guard'] ?? false,
      };
      const report = await callApi<{
        dryRun: boolean; policies: Array<{ id: string; displayName: string; state: string }>; namedLocations: Array<{ id: string; displayName: string }>;
        problems: Array<{ item?: { index: number; displayName?: string }; path: string; message: string }>;
        unresolvedReferences: Array<{ item?: { displayName?: string }; path: string; message: string }>;
        warnings?: Array<{ item?: { displayName?: string }; message: string }>;
      }>(await connect(values.server), 'POST', '/identity/conditionalAccess/import', body);
      if (values.json) {
        printJson(report);
        return report.problems.length ? exitCodes.checkFailed : exitCodes.ok;
      }
      const verbWord = report.dryRun ? 'Would import' : 'Imported';
      process.stdout.write(`${verbWord} ${report.policies.length} policies and ${report.namedLocations.length} named locations.\n`);
      for (const p of report.policies) process.stdout.write(`  ${p.state.padEnd(34)} ${p.displayName}  (${p.id})\n`);
      for (const p of report.problems) process.stdout.write(`problem: ${p.item?.displayName ?? ''} ${p.path}: ${p.message}\n`);
      for (const w of report.warnings ?? []) process.stdout.write(`warning: ${w.message}\n`);
      if (report.unresolvedReferences.length) {
        process.stdout.write(`${report.unresolvedReferences.length} references name objects this tenant does not have:\n`);
        for (const r of report.unresolvedReferences.slice(0, 50)) process.stdout.write(`  ${r.item?.displayName ?? ''} ${r.path}: ${r.message}\n`);
      }
      return report.problems.length ? exitCodes.checkFailed : exitCodes.ok;
    }
    case 'simulate': {
      if (files.length === 0) throw new CliError('limen ca simulate needs at least one policy file.', exitCodes.usage);
      const days = values.days === undefined ? 7 : Number(values.days);
      if (!Number.isInteger(days) || days < 1 || days > 90) throw new CliError('--days must be a whole number from 1 to 90.', exitCodes.usage);
      process.stderr.write(`Replaying the last ${days} days of sign-ins…\n`);
      type Row = { key: string; name?: string; blocked: number; challenged: number; unaffected: number };
      const r = await callApi<{ signIns: number; skipped: number; blocked: number; challenged: number; unaffected: number; byUser: Row[]; byApplication: Row[]; byPlatform: Row[]; byCountry: Row[] }>(
        await connect(values.server), 'POST', '/identity/conditionalAccess/simulate',
        { draftPolicies: await readItems(files), days, withStoredPolicies: values['with-stored'] ?? false },
      );
      if (values.json) {
        printJson(r);
        return exitCodes.ok;
      }
      process.stdout.write(`${r.signIns} successful sign-ins replayed (${r.skipped} skipped): ${r.blocked} would have been blocked, ` +
        `${r.challenged} challenged, ${r.unaffected} unaffected.\n\nMost affected people:\n`);
      printTable(r.byUser.filter((u) => u.blocked + u.challenged > 0).map((u) => ({ ...u, who: u.name || u.key })), ['blocked', 'challenged', 'unaffected', 'who']);
      process.stdout.write('\nBy application:\n');
      printTable(r.byApplication.map((a) => ({ ...a, app: a.name || a.key })), ['blocked', 'challenged', 'unaffected', 'app']);
      return exitCodes.ok;
    }
    case 'whatif': {
      if (!values.user || (!values.app && !values['user-action'])) {
        throw new CliError('limen ca whatif needs --user and --app (or --user-action).', exitCodes.usage);
      }
      const body = {
        signInIdentity: { '@odata.type': '#microsoft.graph.userSignIn', userId: values.user },
        signInContext: values.app
          ? { '@odata.type': '#microsoft.graph.applicationContext', includeApplications: [values.app] }
          : { '@odata.type': '#microsoft.graph.userActionContext', userAction: values['user-action'] },
        signInConditions: {
          ...(values.ip ? { ipAddress: values.ip } : {}),
          ...(values.country ? { country: values.country } : {}),
          ...(values.platform ? { devicePlatform: values.platform } : {}),
          ...(values['client-app'] ? { clientAppType: values['client-app'] } : {}),
          ...(values.methods ? { authenticationMethods: values.methods.split(',').map((m) => m.trim()).filter(Boolean) } : {}),
        },
      };
      const r = await callApi<{
        value: Array<{ displayName: string; state: string; policyApplies: boolean; analysisReasons: string; result: string }>;
        decision: { action: string; errorCode?: number; requiredStrengths?: Array<{ displayName: string }> };
      }>(await connect(values.server), 'POST', '/identity/conditionalAccess/evaluate', body);
      if (values.json) {
        printJson(r);
        return exitCodes.ok;
      }
      printTable(r.value.map((p) => ({ ...p, applies: p.policyApplies ? 'yes' : `no (${p.analysisReasons})` })), ['applies', 'result', 'state', 'displayName']);
      const d = r.decision;
      const what = d.action === 'allow' ? 'allowed'
        : d.action === 'block' ? `blocked (AADSTS${d.errorCode})`
          : `asked to sign in again (AADSTS${d.errorCode})${d.requiredStrengths?.length ? ` with: ${d.requiredStrengths.map((x) => x.displayName).join(' and ')}` : ''}`;
      process.stdout.write(`\nThis sign-in would be ${what}. Report-only policies are never enforced.\n`);
      return exitCodes.ok;
    }
    case 'emergency-access': {
      const [action = 'list', who] = files;
      const conn = await connect(values.server);
      const accounts = '/identity/conditionalAccess/emergencyAccessAccounts';
      if (action === 'list') {
        const items = await listAll(conn, accounts, 100);
        if (values.json) printJson(items);
        else if (items.length === 0) process.stdout.write('No emergency access accounts: the lockout guard protects the Global Administrators and you.\n');
        else printTable(items, ['userPrincipalName', 'displayName', 'id']);
        return exitCodes.ok;
      }
      if ((action !== 'add' && action !== 'remove') || !who) throw new CliError(`limen ca emergency-access add|remove needs a user.\n${caHelp}`, exitCodes.usage);
      const user = await callApi<{ id: string; userPrincipalName: string }>(conn, 'GET', `/users/${encodeURIComponent(who)}`);
      if (action === 'add') await callApi(conn, 'POST', `${accounts}/$ref`, { '@odata.id': `${conn.server}/v1.0/users/${user.id}` });
      else await callApi(conn, 'DELETE', `${accounts}/${user.id}/$ref`);
      if (values.json) printJson({ id: user.id, userPrincipalName: user.userPrincipalName, emergencyAccess: action === 'add' });
      else process.stdout.write(`${user.userPrincipalName} ${action === 'add' ? 'is now' : 'is no longer'} an emergency access account.\n`);
      return exitCodes.ok;
    }
    default:
      throw new CliError(`Unknown action '${verb}'.\n${caHelp}`, exitCodes.usage);
  }
}
