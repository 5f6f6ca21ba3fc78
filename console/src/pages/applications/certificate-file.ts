/**
 * A certificate as an admin has it (a .cer/.crt file, DER or PEM, or pasted PEM) turned into the
 * base64 DER Graph's keyCredential.key takes. Only the public certificate is uploaded: text
 * holding a private key is refused here, before it leaves the browser.
 */
export type CertificateInput = { key: string } | { problem: string };

const pemBlock = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/;
const base64Only = /^[A-Za-z0-9+/=\s]+$/;

export function certificateFromText(text: string): CertificateInput {
  if (/PRIVATE KEY-----/.test(text)) {
    return { problem: 'This holds a private key. Upload only the public certificate (.cer, .crt or .pem without the key).' };
  }
  const block = pemBlock.exec(text);
  const body = block ? block[1]! : text.trim();
  if (!body || !base64Only.test(body) || /-----BEGIN/.test(body)) {
    return { problem: 'This is not a certificate: expected PEM text starting with -----BEGIN CERTIFICATE-----, or a DER file.' };
  }
  return { key: body.replace(/\s+/g, '') };
}

export async function certificateFromFile(file: Blob): Promise<CertificateInput> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // A DER certificate starts with an ASN.1 SEQUENCE (0x30); anything else is read as text.
  if (bytes[0] === 0x30) {
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return { key: btoa(binary) };
  }
  return certificateFromText(text);
}

/** Whether a credential has expired or will within 30 days (it then needs a successor). */
export function expiryOf(endDateTime: string, now = Date.now()): 'expired' | 'soon' | 'valid' {
  const end = Date.parse(endDateTime);
  if (end <= now) return 'expired';
  return end - now <= 30 * 86_400_000 ? 'soon' : 'valid';
}
