/**
 * Certificates (keyCredentials) for private_key_jwt: upload a public certificate, see its
 * thumbprint and validity (flagged when expired or expiring within 30 days), remove one. Graph
 * replaces the whole collection on PATCH and reads keys back as null, so the keys already there
 * are sent by keyId alone; the server keeps them and derives thumbprint and dates itself.
 */
import {
  Badge, Body1, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Field, Input,
  MessageBar, MessageBarBody, Subtitle2, Textarea,
} from '@fluentui/react-components';
import { ArrowUploadRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useAccess } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { ConfirmRemove } from '../../components/ConfirmRemove.tsx';
import { DateTime } from '../../components/Properties.tsx';
import { SimpleTable } from '../../components/SimpleTable.tsx';
import type { Application, KeyCredential } from './application.ts';
import { certificateFromFile, certificateFromText, expiryOf, type CertificateInput } from './certificate-file.ts';
import { usePaneStyles } from './pane-styles.ts';
import { usePatchApplication } from './use-patch-application.ts';

/** The keys an app has, as a PATCH keeps them: by keyId, without the key Graph never returns. */
const kept = (keys: KeyCredential[]) => keys.map((k) => ({ keyId: k.keyId, type: k.type, usage: k.usage, displayName: k.displayName }));

function Expiry({ credential }: { credential: KeyCredential }) {
  const state = expiryOf(credential.endDateTime);
  return (
    <span>
      <DateTime value={credential.endDateTime} />{' '}
      {state === 'expired' && <Badge appearance="tint" color="danger">Expired</Badge>}
      {state === 'soon' && <Badge appearance="tint" color="warning">Expires within 30 days</Badge>}
    </span>
  );
}

export function CertificatesSection({ app }: { app: Application }) {
  const styles = usePaneStyles();
  const mayWrite = useAccess().can('Application.ReadWrite.All');
  const keys = app.keyCredentials ?? [];
  return (
    <section className={styles.section} aria-label="Certificates">
      <Subtitle2 as="h2">Certificates</Subtitle2>
      <Body1>The app proves itself with a certificate's private key (private_key_jwt); Limen keeps only the public certificate.</Body1>
      {mayWrite && <div><UploadCertificate app={app} /></div>}
      <SimpleTable
        label="Certificates"
        query={{ isPending: false, error: null }}
        empty="No certificate."
        headers={['Description', 'Thumbprint', 'Start date', 'Expires', 'Certificate ID', ...(mayWrite ? [''] : [])]}
        rows={keys.map((k) => ({
          id: k.keyId,
          cells: [k.displayName ?? '', <code key="t" className={styles.mono}>{k.customKeyIdentifier ?? ''}</code>, <DateTime key="s" value={k.startDateTime} />,
            <Expiry key="e" credential={k} />, <code key="k">{k.keyId}</code>, ...(mayWrite ? [<RemoveCertificate key="r" app={app} credential={k} />] : [])],
        }))}
      />
    </section>
  );
}

function UploadCertificate({ app }: { app: Application }) {
  const styles = usePaneStyles();
  const save = usePatchApplication(app);
  const [open, setOpen] = useState(false);
  const [fromFile, setFromFile] = useState<CertificateInput | undefined>();
  const [pem, setPem] = useState('');
  const [description, setDescription] = useState('');
  const certificate = fromFile ?? (pem.trim() ? certificateFromText(pem) : undefined);
  const close = () => { setOpen(false); setFromFile(undefined); setPem(''); setDescription(''); save.reset(); };
  const upload = () => {
    if (!certificate || !('key' in certificate)) return;
    const added = { type: 'AsymmetricX509Cert', usage: 'Verify', key: certificate.key, ...(description.trim() ? { displayName: description.trim() } : {}) };
    save.mutate({ keyCredentials: [...kept(app.keyCredentials ?? []), added] }, { onSuccess: close });
  };
  return (
    <Dialog open={open} onOpenChange={(_, d) => { if (d.open) setOpen(true); else close(); }}>
      <DialogTrigger disableButtonEnhancement>
        <Button icon={<ArrowUploadRegular />}>Upload certificate</Button>
      </DialogTrigger>
      <DialogSurface aria-label="Upload certificate">
        <DialogBody>
          <DialogTitle>Upload a certificate for {app.displayName}</DialogTitle>
          <DialogContent className={styles.form}>
            {save.error && <ApiErrorBar error={save.error} />}
            <Field label="Certificate file" hint="A public certificate: .cer, .crt or .pem (DER or PEM).">
              {(fieldProps) => (
                <input {...fieldProps} type="file" accept=".cer,.crt,.pem"
                  onChange={(e) => { const file = e.target.files?.[0]; if (file) void certificateFromFile(file).then(setFromFile); else setFromFile(undefined); }} />
              )}
            </Field>
            <Field label="Or paste the certificate (PEM)">
              <Textarea value={pem} disabled={fromFile !== undefined} resize="vertical" textarea={{ spellCheck: false }}
                placeholder="-----BEGIN CERTIFICATE-----" onChange={(_, d) => setPem(d.value)} />
            </Field>
            {certificate && 'problem' in certificate && (
              <MessageBar intent="error"><MessageBarBody>{certificate.problem}</MessageBarBody></MessageBar>
            )}
            <Field label="Description" hint="Empty: the certificate's subject.">
              <Input value={description} maxLength={90} onChange={(_, d) => setDescription(d.value)} />
            </Field>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={save.isPending || !certificate || !('key' in certificate)} onClick={upload}>Add</Button>
            <Button onClick={close}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function RemoveCertificate({ app, credential }: { app: Application; credential: KeyCredential }) {
  const save = usePatchApplication(app);
  const label = credential.displayName ? `“${credential.displayName}”` : credential.customKeyIdentifier ?? credential.keyId;
  const remove = (close: () => void) => save.mutate(
    { keyCredentials: kept((app.keyCredentials ?? []).filter((k) => k.keyId !== credential.keyId)) },
    { onSuccess: close },
  );
  return (
    <ConfirmRemove label={`Remove certificate ${credential.customKeyIdentifier ?? credential.keyId}`} title={<>Remove the certificate {label}?</>} mutation={save} onConfirm={remove}>
      {app.displayName} can no longer get tokens with assertions signed by its key.
    </ConfirmRemove>
  );
}
