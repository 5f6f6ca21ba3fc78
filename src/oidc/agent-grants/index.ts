/**
 * Tokens for AI agents (docs/concepts/agent-tokens.md): the agent assertion a blueprint gets for
 * one of its agents (agent-assertion.ts), and the RFC 8693 token exchange in which the agent
 * turns it into a token of its own or a token on a person's behalf (token-exchange.ts). Wired
 * into the one provider by provider.ts through the three hooks below.
 */
import type Provider from 'oidc-provider';
import type { AccessToken, ClientCredentials, Client, KoaContextWithOIDC, ResourceServer, UnknownObject } from 'oidc-provider';
import type { Directory } from '../../directory/index.ts';
import type { Db } from '../../store/index.ts';
import { oidcDefaults } from '../defaults.ts';
import type { DirectoryCache } from '../directory-cache.ts';
import type { KeyRing } from '../key-ring.ts';
import type { Resources } from '../resources.ts';
import type { ResourceNames } from '../sign-in-events.ts';
import { createAgentAssertions } from './agent-assertion.ts';
import { exchangedClaims } from './exchanged-claims.ts';
import { createLimenJwtVerifier } from './limen-jwt.ts';
import { registerTokenExchange } from './token-exchange.ts';
import { isAgentAssertionResource } from './token-types.ts';

export interface AgentGrantsDeps {
  db: Db;
  directory: Directory;
  cache: DirectoryCache;
  resources: Resources;
  ring: KeyRing;
  tenantId: string;
  resourceNames: ResourceNames;
  /** @default oidcDefaults.maxActChainDepth */
  maxActChainDepth?: number;
}

interface ResourceIndicatorsFeature {
  getResourceServerInfo: (ctx: KoaContextWithOIDC, indicator: string, client: Client) => Promise<ResourceServer>;
}

export function createAgentGrants(deps: AgentGrantsDeps) {
  const assertions = createAgentAssertions(deps);

  return {
    /** oidc-provider's resourceIndicators feature, with `urn:limen:agent:…` served by step 1. */
    withAgentAssertions<T extends ResourceIndicatorsFeature>(feature: T): T {
      return {
        ...feature,
        getResourceServerInfo: (ctx: KoaContextWithOIDC, indicator: string, client: Client) =>
          (isAgentAssertionResource(indicator) ? assertions.resourceServerInfo(ctx, indicator) : feature.getResourceServerInfo(ctx, indicator, client)),
      };
    },

    /** extraTokenClaims for the tokens of both steps; undefined for every other token. */
    extraTokenClaims(ctx: KoaContextWithOIDC, token: AccessToken | ClientCredentials): UnknownObject | undefined {
      return exchangedClaims.get(token) ?? assertions.claims(ctx, token as ClientCredentials);
    },

    /** Registers step 2, the token exchange grant, on the provider. */
    register(provider: Provider, resourceServerInfo: (ctx: KoaContextWithOIDC, indicator: string, client: Client) => Promise<ResourceServer>): void {
      registerTokenExchange(provider, {
        ...deps,
        verify: createLimenJwtVerifier(deps.ring, provider.issuer),
        resourceServerInfo: (ctx, indicator) => resourceServerInfo(ctx, indicator, ctx.oidc.client!),
        maxActChainDepth: deps.maxActChainDepth ?? oidcDefaults.maxActChainDepth,
      });
    },
  };
}
