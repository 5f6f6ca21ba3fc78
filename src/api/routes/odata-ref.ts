import { z } from 'zod';
import { ApiError } from '../api-error.ts';

/**
 * The body of Graph's `$ref` writes,
 * `{ "@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}" }`
 * (https://learn.microsoft.com/graph/api/group-post-members). Only the path counts, so scripts
 * written against graph.microsoft.com work unchanged.
 */
export const refBody = z.strictObject({ '@odata.id': z.string().min(1).max(2048) });

const refPattern =
  /(?:^|\/)(users|groups|servicePrincipals|directoryObjects)\/([0-9a-f-]{36})\/?$/i;

/** The object id an `@odata.id` names, or a 400 naming the property. */
export function idFromRef(odataId: string): string {
  const match = refPattern.exec(odataId.split(/[?#]/)[0] ?? '');
  if (!match) {
    throw new ApiError(
      'Request_BadRequest',
      "Invalid value for property '@odata.id': expected a URL ending in " +
        "'/directoryObjects/{id}', '/users/{id}', '/groups/{id}' or '/servicePrincipals/{id}'.",
      {
        details: [
          { code: 'InvalidValue', message: 'Not an object reference.', target: '@odata.id' },
        ],
      },
    );
  }
  return match[2]!.toLowerCase();
}

/**
 * `(appId='…')`: Graph's alternate key for applications and service principals
 * (https://learn.microsoft.com/graph/api/serviceprincipal-get). The router decodes the segment,
 * so quotes sent percent-encoded arrive as quotes.
 */
export const appIdKey = z.object({
  appId: z
    .string()
    .regex(/^'[^']{1,100}'$/, "expected a quoted value: (appId='…')")
    .transform((quoted) => quoted.slice(1, -1)),
});
