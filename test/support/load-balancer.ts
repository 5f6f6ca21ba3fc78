/**
 * A tiny HTTP load balancer for scale-out stories: one public URL (the issuer every Limen process
 * is configured with) in front of several processes; the test chooses which one serves next.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoadBalancer {
  url: string;
  port: number;
  /** The backend base URLs, and which one serves the next request. */
  backends: string[];
  target: number;
  close(): Promise<void>;
}

export async function startLoadBalancer(port = 0): Promise<LoadBalancer> {
  const lb: LoadBalancer = { url: '', port: 0, backends: [], target: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const backend = new URL(lb.backends[lb.target]!);
    const upstream = request(
      { host: backend.hostname, port: backend.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  lb.port = (server.address() as AddressInfo).port;
  lb.url = `http://127.0.0.1:${lb.port}`;
  lb.close = () =>
    new Promise((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
  return lb;
}
