/**
 * Where an MCP client publishes its Client ID Metadata Document: a local https server with a
 * certificate made for the test (SAN localhost), trusted by this process only. Limen reaches it
 * on loopback because the test sets LIMEN_CLIENT_METADATA_PRIVATE_NETWORK.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';

export interface DocumentServer {
  origin: string;
  /** Serves `body` (JSON) at `path` with `headers`; unknown paths are 404. */
  serve(path: string, body: unknown, headers?: Record<string, string>): string;
  /** Answers `path` with a redirect to `location`. */
  redirect(path: string, location: string): string;
  /** Never answers `path` (until the server closes). */
  stall(path: string): string;
  /** How many times each path was fetched. */
  fetches: Map<string, number>;
  close(): Promise<void>;
}

export async function startDocumentServer(): Promise<DocumentServer> {
  const { key, cert } = localhostCertificate();
  // Node's TLS clients in this process (Limen's fetch among them) trust the test certificate.
  setDefaultCACertificates([...getCACertificates('default'), cert]);
  const routes = new Map<string, { status: number; headers: Record<string, string>; body: string }>();
  const fetches = new Map<string, number>();
  const server = createServer({ key, cert }, (req, res) => {
    const path = new URL(req.url ?? '/', 'https://localhost').pathname;
    fetches.set(path, (fetches.get(path) ?? 0) + 1);
    const route = routes.get(path);
    if (route?.status === 0) return; // stalled
    if (!route) return void res.writeHead(404).end();
    res.writeHead(route.status, route.headers).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    fetches,
    serve(path, body, headers = {}) {
      routes.set(path, { status: 200, headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
      return `${origin}${path}`;
    },
    redirect(path, location) {
      routes.set(path, { status: 302, headers: { location }, body: '' });
      return `${origin}${path}`;
    },
    stall(path) {
      routes.set(path, { status: 0, headers: {}, body: '' });
      return `${origin}${path}`;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A P-256 key and self-signed certificate for localhost and 127.0.0.1, made with the openssl CLI. */
function localhostCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'limen-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', key, '-out', cert,
    ], { stdio: 'ignore' });
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
