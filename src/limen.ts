// Temporary: replaced by the composition root once oidc/ and api/ land.
import type { Server } from 'node:http';
import type { BootstrapUserResult } from './admin/bootstrap-admin.ts';
import type { LimenConfig } from './config/index.ts';
import type { Tenant } from './directory/index.ts';
import type { Store } from './store/index.ts';

/** A running Limen: one HTTP server in front of the protocol endpoints, sign-in pages and API. */
export interface Limen {
  readonly config: LimenConfig;
  readonly store: Store;
  readonly tenant: Tenant;
  /** The base URL it actually listens on (the port is known once listening; tests use port 0). */
  readonly url: string;
  readonly server: Server;
  /** Set on the very first start: the first administrator's one-time credential. */
  readonly firstAdmin: BootstrapUserResult | undefined;
  /** Stops accepting requests, flushes the sign-in log and closes the database. */
  close(): Promise<void>;
}


export async function startLimen(_config: LimenConfig): Promise<Limen> {
  throw new Error('not wired yet');
}
