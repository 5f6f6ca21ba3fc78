import { bedrockConnector } from './bedrock-connector.ts';
import type { AgentRegistryConnection, BedrockCredential, VertexCredential } from './connection.ts';
import { ConnectorError, type AgentConnector } from './connector.ts';
import { vertexConnector } from './vertex-connector.ts';

/**
 * The connector for a connection, its credential read from the server's environment now (so a
 * rotated secret is picked up at the next sync without touching the connection). A variable
 * that is not set is a configuration error naming it, never an empty credential.
 */
export function connectorFor(connection: AgentRegistryConnection, env: NodeJS.ProcessEnv = process.env): AgentConnector {
  const read = (name: string) => {
    const value = env[name];
    if (!value) {
      throw new ConnectorError('configuration',
        `The environment variable ${name} that connection '${connection.displayName}' names is not set on this Limen server.`);
    }
    return value;
  };
  if (connection.platform === 'amazonBedrock') {
    const credential = connection.credential as BedrockCredential | null;
    return bedrockConnector({
      region: connection.region!,
      endpoint: connection.endpoint ?? undefined,
      credentials: credential
        ? {
          accessKeyId: read(credential.accessKeyIdVariable),
          secretAccessKey: read(credential.secretAccessKeyVariable),
          ...(credential.sessionTokenVariable ? { sessionToken: read(credential.sessionTokenVariable) } : {}),
        }
        : undefined,
    });
  }
  const credential = connection.credential as VertexCredential | null;
  if (!credential) throw new ConnectorError('configuration', `Connection '${connection.displayName}' names no access token variable.`);
  return vertexConnector({
    project: connection.project!,
    location: connection.location!,
    endpoint: connection.endpoint ?? undefined,
    accessToken: read(credential.accessTokenVariable),
  });
}
