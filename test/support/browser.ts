/**
 * A real browser for end-to-end tests: Debian's Chromium driven by playwright-core, with Chrome
 * DevTools Protocol virtual authenticators standing in for security keys and phones. On CI a
 * missing Chromium fails the run (scripts/test-all.sh installs it); elsewhere the tests that need
 * it are skipped with a warning.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';

export const chromiumPath = process.env.LIMEN_TEST_CHROMIUM ?? '/usr/bin/chromium';

/** Whether browser tests can run here; throws on CI when they cannot. */
export function browserAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.CI === 'true') throw new Error(`Chromium is not installed at ${chromiumPath}; browser tests must not be skipped on CI`);
  process.stderr.write(`warning: no Chromium at ${chromiumPath}; browser tests are skipped (use scripts/test-all.sh)\n`);
  return false;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** What kind of passkey a virtual authenticator makes. */
export type AuthenticatorKind = 'securityKey' | 'platform' | 'synced';

/** A virtual credential, private key included (CDP WebAuthn.Credential). */
export interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
  backupEligibility?: boolean;
  backupState?: boolean;
}

export interface VirtualAuthenticator {
  id: string;
  cdp: CDPSession;
  /** The credentials it holds (WebAuthn.getCredentials). */
  credentials(): Promise<VirtualCredential[]>;
  /** Puts a credential on it, as if the same passkey were on this device too. */
  addCredential(credential: VirtualCredential): Promise<void>;
  remove(): Promise<void>;
}

/**
 * Adds a CTAP2 authenticator with resident keys and user verification: a USB security key,
 * a platform authenticator, or a synced passkey provider (backup eligible and backed up).
 */
export async function addAuthenticator(page: Page, kind: AuthenticatorKind): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const synced = kind === 'synced';
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      ctap2Version: 'ctap2_1',
      transport: kind === 'securityKey' ? 'usb' : 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
      ...(synced ? { defaultBackupEligibility: true, defaultBackupState: true } : {}),
    },
  });
  return {
    id: authenticatorId,
    cdp,
    async credentials() {
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      return credentials as VirtualCredential[];
    },
    async addCredential(credential) {
      await cdp.send('WebAuthn.addCredential', { authenticatorId, credential });
    },
    async remove() {
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    },
  };
}

export type { Browser, BrowserContext, Page };
