import { z } from 'zod';

/**
 * Graph's customSecurityAttributeValue: attribute sets, each an object of attribute values
 * (`{ "Engineering": { "@odata.type": "#microsoft.graph.customSecurityAttributeValue",
 * "Project": "Baker" } }`), as on users and service principals
 * (https://learn.microsoft.com/graph/api/resources/customsecurityattributevalue).
 */
export const customSecurityAttributesSchema = z.record(z.string(), z.record(z.string(), z.unknown()));
export type CustomSecurityAttributes = z.infer<typeof customSecurityAttributesSchema>;
