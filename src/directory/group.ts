import { z } from 'zod';
import type { GroupRow } from '../store/index.ts';
import { parseJson, toBool } from './json.ts';

/** Graph's `group` resource: security groups with assigned membership. */
export interface Group {
  id: string;
  displayName: string;
  description: string | null;
  mailNickname: string | null;
  securityEnabled: boolean;
  mailEnabled: boolean;
  groupTypes: string[];
  createdDateTime: string;
}

const groupWritable = {
  displayName: z.string().min(1).max(256),
  description: z.string().max(1024).nullable(),
  mailNickname: z.string().max(64).regex(/^[\x21-\x7e]+$/, 'must be ASCII without spaces').nullable(),
  securityEnabled: z.boolean(),
  mailEnabled: z.boolean(),
  // Dynamic membership and Microsoft 365 groups are not supported yet; say so instead of ignoring.
  groupTypes: z.array(z.string()).max(0, 'only security groups with assigned membership are supported'),
};

export const groupCreateSchema = z.strictObject({
  ...groupWritable,
  description: groupWritable.description.optional(),
  mailNickname: groupWritable.mailNickname.optional(),
  securityEnabled: groupWritable.securityEnabled.default(true),
  mailEnabled: z.literal(false, 'mail-enabled groups are not supported').default(false),
  groupTypes: groupWritable.groupTypes.default([]),
  'members@odata.bind': z.array(z.string()).max(20).optional(),
  'owners@odata.bind': z.array(z.string()).max(20).optional(),
});
export type GroupCreate = z.infer<typeof groupCreateSchema>;

export const groupUpdateSchema = z
  .strictObject({ displayName: groupWritable.displayName, description: groupWritable.description, mailNickname: groupWritable.mailNickname })
  .partial();
export type GroupUpdate = z.infer<typeof groupUpdateSchema>;

export function toGraphGroup(row: GroupRow): Group {
  return {
    id: row.id,
    displayName: row.display_name,
    description: row.description,
    mailNickname: row.mail_nickname,
    securityEnabled: toBool(row.security_enabled),
    mailEnabled: toBool(row.mail_enabled),
    groupTypes: parseJson<string[]>(row.group_types, []),
    createdDateTime: row.created_date_time,
  };
}

export const groupColumns = {
  id: 'id',
  displayName: 'display_name',
  description: 'description',
  mailNickname: 'mail_nickname',
  securityEnabled: 'security_enabled',
  mailEnabled: 'mail_enabled',
  groupTypes: 'group_types',
  createdDateTime: 'created_date_time',
} as const satisfies Record<keyof Group, keyof GroupRow>;
