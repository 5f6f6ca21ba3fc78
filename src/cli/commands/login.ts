import { parseArgs } from 'node:util';
import * as oidc from 'openid-client';
import { cliClient } from '../../directory/index.ts';
import { CliError, exitCodes, printJson } from '../output.ts';
import { cliScope, clearSession, discover, saveSession } from '../session.ts';

/**
 * `limen login`: the device authorization grant (RFC 8628), so the CLI never sees a password and
 * works over SSH: it prints a code, the user approves it in any browser.
 */
export async function login(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { server: { type: 'string' }, json: { type: 'boolean' }, logout: { type: 'boolean' } },
  });
  if (values.logout) {
    await clearSession();
    process.stdout.write('Signed out: the saved session was removed.\n');
    return exitCodes.ok;
  }
  const server = (values.server ?? process.env.LIMEN_SERVER ?? process.env.LIMEN_PUBLIC_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
  const config = await discover(server, cliClient.appId);
  const device = await oidc.initiateDeviceAuthorization(config, { scope: cliScope });
  const prompt = `To sign in, open ${device.verification_uri} and enter the code ${device.user_code}` +
    ` (or open ${device.verification_uri_complete ?? device.verification_uri}). The code expires in ${Math.round(device.expires_in / 60)} minutes.\n`;
  if (values.json) printJson({ verificationUri: device.verification_uri, userCode: device.user_code, expiresIn: device.expires_in });
  else process.stderr.write(prompt);
  const tokens = await oidc.pollDeviceAuthorizationGrant(config, device).catch((e: Error) => {
    throw new CliError(`Sign-in did not complete: ${e.message}`, exitCodes.denied);
  });
  if (!tokens.refresh_token) throw new CliError('The server issued no refresh token; cannot keep a session.');
  const claims = tokens.claims();
  const upn = typeof claims?.preferred_username === 'string' ? claims.preferred_username : undefined;
  const file = await saveSession({ server, refreshToken: tokens.refresh_token, userPrincipalName: upn });
  if (values.json) printJson({ signedIn: true, userPrincipalName: upn ?? null, sessionFile: file });
  else process.stdout.write(`Signed in${upn ? ` as ${upn}` : ''}. Session saved in ${file}\n`);
  return exitCodes.ok;
}
