import { z } from 'zod';
import { graphErrorStatus } from './api-error.ts';
import type { AnyRouteSpec } from './define-route.ts';
import {
  DirectoryRole,
  permissionDescriptions,
  permissionsGranting,
  rolesGranting,
  type Permission,
} from './permissions.ts';
import type { RouteRecord } from './route-registry.ts';

export interface OpenApiOptions {
  publicUrl: string;
  version: string;
  authorizationUrl: string;
  tokenUrl: string;
}

type JsonObject = Record<string, unknown>;

const roleNames = new Map<string, string>(
  Object.entries(DirectoryRole).map(([name, id]) => [id, name]),
);

/**
 * An OpenAPI 3.1 document built from the recorded routes: schemas from zod
 * (`z.toJSONSchema`, JSON Schema 2020-12 as OpenAPI 3.1 uses), security from each route's
 * permissions. Clients get tokens from Limen's own authorization server.
 */
export function buildOpenApiDocument(
  routes: readonly RouteRecord[],
  options: OpenApiOptions,
): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    // Router paths escape literal parentheses (`/applications\(appId=…\)`); OpenAPI shows them plain.
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\\([()])/g, '$1');
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route, path) };
  }
  const scopes = { ...permissionDescriptions };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Limen',
      version: options.version,
      description:
        'Identity and access management API with Microsoft Graph v1.0 paths, names and JSON.',
    },
    servers: [{ url: options.publicUrl }],
    paths,
    components: {
      schemas: { ODataError: odataErrorSchema },
      responses: {
        Error: {
          description: 'Graph error',
          content: jsonContent({ $ref: '#/components/schemas/ODataError' }),
        },
      },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        oauth2: {
          type: 'oauth2',
          flows: {
            clientCredentials: { tokenUrl: options.tokenUrl, scopes },
            authorizationCode: {
              authorizationUrl: options.authorizationUrl,
              tokenUrl: options.tokenUrl,
              scopes,
            },
          },
        },
      },
    },
  };
}

function operation(route: RouteRecord, path: string): JsonObject {
  const { spec } = route;
  const responses: Record<string, JsonObject> = {};
  for (const status of new Set([...spec.status, 400, 401, 403, ...(spec.body ? [413, 415] : [])])) {
    responses[String(status)] =
      status < 300 ? successResponse(spec, status) : { $ref: '#/components/responses/Error' };
  }
  // A self-service (`/me`) route lets every app in only to answer it 400 and needs no role:
  // what opens it is the delegated scopes alone, so that is what the document says.
  const selfService = spec.auth.selfService === true;
  const appRoles = selfService ? [] : (spec.auth.appRoles ?? []);
  const permissions = [...new Set([...appRoles, ...(spec.auth.delegatedScopes ?? [])])];
  return {
    operationId: operationId(route.method, path),
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.tags ? { tags: spec.tags } : {}),
    parameters: [
      ...parameters(spec.params, 'path'),
      ...parameters(spec.query, 'query'),
      ...(spec.listQuery ? odataParameters : []),
    ],
    ...(spec.body
      ? { requestBody: { required: true, content: jsonContent(jsonSchema(spec.body, 'input')) } }
      : {}),
    responses,
    security: [{ bearer: [] }, { oauth2: permissions }],
    'x-limen-permissions': {
      application: granting(appRoles),
      delegated: granting(spec.auth.delegatedScopes),
      directoryRoles: selfService ? [] : [
        ...new Set([...(spec.auth.directoryRoles ?? []), ...rolesGranting(permissions)]),
      ].map((id) => roleNames.get(id) ?? id),
    },
  };
}

/** The permissions Graph's docs would list: the route's and every one that implies them. */
function granting(permissions: readonly Permission[] | undefined): string[] {
  return [...new Set((permissions ?? []).flatMap(permissionsGranting))];
}

function successResponse(spec: AnyRouteSpec, status: number): JsonObject {
  if (status === 204 || !spec.response) return { description: 'Success' };
  return { description: 'Success', content: jsonContent(jsonSchema(spec.response, 'output')) };
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonObject[] {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as {
    properties?: Record<string, JsonObject>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
  }) as JsonObject;
  return json;
}

function jsonContent(schema: JsonObject): JsonObject {
  return { 'application/json': { schema } };
}

function operationId(method: string, path: string): string {
  const words = path
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .filter((w) => w !== 'v1');
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** Graph's own descriptions of the OData query parameters. */
const odataParameters: JsonObject[] = (
  [
    ['$filter', { type: 'string' }, 'Filter items by property values'],
    ['$orderby', { type: 'string' }, 'Order items by property values'],
    ['$select', { type: 'string' }, 'Select properties to be returned'],
    ['$top', { type: 'integer', minimum: 1 }, 'Show only the first n items'],
    ['$skip', { type: 'integer', minimum: 0 }, 'Skip the first n items'],
    ['$skiptoken', { type: 'string' }, 'Continue from an @odata.nextLink'],
    ['$count', { type: 'boolean' }, 'Include count of items'],
  ] as const
).map(([name, schema, description]) => ({
  name,
  in: 'query',
  required: false,
  schema,
  description,
}));

const odataErrorSchema: JsonObject = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(graphErrorStatus) },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              code: { type: 'string' },
              message: { type: 'string' },
              target: { type: 'string' },
            },
          },
        },
        innerError: {
          type: 'object',
          properties: {
            date: { type: 'string' },
            'request-id': { type: 'string', format: 'uuid' },
            'client-request-id': { type: 'string' },
          },
        },
      },
    },
  },
};
