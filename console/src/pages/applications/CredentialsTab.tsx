/** Certificates & secrets: how the app proves itself when it asks for tokens. */
import type { Application } from './application.ts';
import { CertificatesSection } from './CertificatesSection.tsx';
import { SecretsSection } from './SecretsSection.tsx';

export function CredentialsTab({ app }: { app: Application }) {
  return (
    <>
      <CertificatesSection app={app} />
      <SecretsSection app={app} />
    </>
  );
}
