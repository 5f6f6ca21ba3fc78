import type Router from '@koa/router';
import type { Context } from 'koa';
import { errors } from 'oidc-provider';
import { createDirectory, type PermissionScope } from '../../directory/index.ts';
import { recordAudit } from '../../logs/index.ts';
import { completeGrant } from '../consent.ts';
import { sendPage } from '../pages/html.ts';
import { consentPage } from '../pages/sign-in-pages.ts';
import type { Resource } from '../resources.ts';
import type { InteractionDeps } from './index.ts';
import { field, finishInteraction, loadInteraction, type LoadedInteraction } from './interaction-context.ts';
import { recordInteractive } from './record-interactive.ts';

interface MissingConsent {
  resource: Resource;
  scopes: PermissionScope[];
}

/**
 * What the directory lacks for this interaction's consent prompt. oidc-provider asks for
 * consent whenever its Grant lacks a scope (and always for native clients); when the directory
 * already has consent, the interaction completes without showing anything.
 */
async function missingConsent(deps: InteractionDeps, interaction: LoadedInteraction): Promise<MissingConsent[]> {
  const { details, clientId, clientSpId } = interaction;
  const accountId = details.session?.accountId;
  if (!accountId || !clientSpId) throw new errors.SessionNotFound('the sign-in session or the application is gone');
  const requested = (details.prompt.details.missingResourceScopes ?? {}) as Record<string, string[]>;
  const out: MissingConsent[] = [];
  for (const [indicator, scopes] of Object.entries(requested)) {
    const resource = await deps.resources.find(indicator);
    if (!resource) throw new errors.InvalidTarget(`AADSTS500011: The resource principal named ${indicator} was not found in the tenant.`);
    const missing = await deps.consent.missingScopes(clientId, clientSpId, accountId, resource, scopes);
    if (missing.length) out.push({ resource, scopes: missing });
  }
  return out;
}

export async function showConsent(ctx: Context, deps: InteractionDeps, interaction: LoadedInteraction): Promise<void> {
  const missing = await missingConsent(deps, interaction);
  // A self-registered app always shows the page (consent.ts loadExistingGrant says why).
  if (missing.length === 0 && !interaction.selfRegistered) {
    const grantId = await completeGrant(deps.provider, interaction.details);
    return finishInteraction(ctx, deps.provider, { consent: { grantId } });
  }
  // Admin-only permissions cannot be consented by a user (Entra: "Need admin approval").
  if (missing.some((m) => m.scopes.some((s) => s.type === 'Admin'))) {
    await recordDenied(ctx, deps, interaction);
    return finishInteraction(ctx, deps.provider, {
      error: 'consent_required',
      error_description: 'AADSTS65001: The application needs permissions only an administrator can grant. Ask an administrator to grant consent for this application.',
    });
  }
  const [first] = missing;
  sendPage(ctx, consentPage({
    uid: interaction.details.uid,
    appName: interaction.appName,
    resourceName: first?.resource.app.displayName,
    scopes: missing.flatMap((m) => m.scopes),
    selfRegistered: interaction.selfRegistered,
  }));
}

export function consentRoutes(router: Router, deps: InteractionDeps): void {
  router.post('/:uid/consent', async (ctx) => {
    const interaction = await loadInteraction(ctx, deps);
    if (interaction.details.prompt.name !== 'consent') throw new errors.InvalidRequest('no consent is being asked for');
    if (field(ctx, 'decision') !== 'accept') {
      await recordDenied(ctx, deps, interaction);
      return finishInteraction(ctx, deps.provider, {
        error: 'access_denied',
        error_description: 'AADSTS65004: The user declined to consent to access the app.',
      });
    }
    const missing = await missingConsent(deps, interaction);
    if (missing.some((m) => m.scopes.some((s) => s.type === 'Admin'))) {
      throw new errors.AccessDenied('AADSTS65001: these permissions need an administrator’s consent');
    }
    // Graph oAuth2PermissionGrant, consentType Principal: this user's own consent, audited in
    // the same transaction as Entra's "Consent to application".
    const accountId = interaction.details.session!.accountId;
    // Nothing to write when only sign-in was asked (a self-registered app): the grant holds it.
    if (missing.length) await deps.db.transaction().execute(async (trx) => {
      const directory = createDirectory(trx);
      const user = await directory.users.get(accountId);
      for (const { resource, scopes } of missing) {
        const key = { clientId: interaction.clientSpId!, consentType: 'Principal' as const, principalId: accountId, resourceId: resource.sp.id };
        const values = scopes.map((s) => s.value);
        // One grant per user, app and API, as Graph keeps it: new consent extends the earlier one.
        const earlier = await directory.assignments.findPermissionGrant(key);
        if (earlier) await directory.assignments.setPermissionGrantScope(earlier.id, [...new Set([...earlier.scope.split(' '), ...values])].join(' '));
        else await directory.assignments.grantPermissions({ ...key, scope: values.join(' ') });
      }
      await recordAudit(trx, {
        category: 'ApplicationManagement',
        activityDisplayName: 'Consent to application',
        operationType: 'Assign',
        initiatedBy: user
          ? { user: { id: user.id, userPrincipalName: user.userPrincipalName, displayName: user.displayName } }
          : {},
        targetResources: [{
          id: interaction.clientSpId!,
          displayName: interaction.appName,
          type: 'ServicePrincipal',
          modifiedProperties: [{
            displayName: 'ConsentAction.Permissions',
            oldValue: null,
            newValue: JSON.stringify(missing.flatMap((m) => m.scopes.map((s) => s.value))),
          }],
        }],
      });
    });
    const grantId = await completeGrant(deps.provider, interaction.details);
    await finishInteraction(ctx, deps.provider, { consent: { grantId } });
  });
}

async function recordDenied(ctx: Context, deps: InteractionDeps, interaction: LoadedInteraction): Promise<void> {
  const user = await deps.directory.users.get(interaction.details.session?.accountId ?? '');
  recordInteractive(ctx, deps, interaction, 'consentRequired', user, user?.userPrincipalName ?? '');
}
