import { z } from 'zod';
import type { UserRow } from '../store/index.ts';
import { customSecurityAttributesSchema } from './custom-security-attributes.ts';
import { parseJson, toBool } from './json.ts';

/** Graph's `user` resource, the subset Limen stores (Graph v1.0 user resource type). */
export interface User {
  id: string;
  userPrincipalName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  accountEnabled: boolean;
  userType: 'Member' | 'Guest';
  jobTitle: string | null;
  department: string | null;
  employeeId: string | null;
  employeeHireDate: string | null;
  employeeLeaveDateTime: string | null;
  usageLocation: string | null;
  createdDateTime: string;
  signInSessionsValidFromDateTime: string;
  customSecurityAttributes: Record<string, unknown> | null;
}

// A UPN is alias@domain (Graph); Limen checks the shape, not the domain list.
const upn = z
  .string()
  .max(113)
  .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'must look like alias@domain');
const text = (max: number) => z.string().max(max).nullable();
const dateTime = z.iso.datetime({ offset: true });

const userWritable = {
  accountEnabled: z.boolean(),
  displayName: z.string().min(1).max(256),
  userPrincipalName: upn,
  mailNickname: z.string().max(64).optional(),
  givenName: text(64),
  surname: text(64),
  mail: z.email().max(254).nullable(),
  userType: z.enum(['Member', 'Guest']),
  jobTitle: text(128),
  department: text(64),
  employeeId: text(16),
  employeeHireDate: dateTime.nullable(),
  employeeLeaveDateTime: dateTime.nullable(),
  usageLocation: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code').nullable(),
  customSecurityAttributes: customSecurityAttributesSchema.nullable(),
  passwordProfile: z
    .strictObject({
      password: z.string().min(8).max(256),
      forceChangePasswordNextSignIn: z.boolean().optional(),
      forceChangePasswordNextSignInWithMfa: z.boolean().optional(),
    })
    .optional(),
};

/** POST /users body: Graph requires accountEnabled, displayName and userPrincipalName. */
export const userCreateSchema = z.strictObject({
  ...userWritable,
  givenName: userWritable.givenName.optional(),
  surname: userWritable.surname.optional(),
  mail: userWritable.mail.optional(),
  userType: userWritable.userType.default('Member'),
  jobTitle: userWritable.jobTitle.optional(),
  department: userWritable.department.optional(),
  employeeId: userWritable.employeeId.optional(),
  employeeHireDate: userWritable.employeeHireDate.optional(),
  employeeLeaveDateTime: userWritable.employeeLeaveDateTime.optional(),
  usageLocation: userWritable.usageLocation.optional(),
  customSecurityAttributes: userWritable.customSecurityAttributes.optional(),
});
export type UserCreate = z.infer<typeof userCreateSchema>;

/** PATCH /users/{id} body: any writable property. */
export const userUpdateSchema = z.strictObject(userWritable).partial();
export type UserUpdate = z.infer<typeof userUpdateSchema>;

export function toGraphUser(row: UserRow): User {
  return {
    id: row.id,
    userPrincipalName: row.user_principal_name,
    displayName: row.display_name,
    givenName: row.given_name,
    surname: row.surname,
    mail: row.mail,
    accountEnabled: toBool(row.account_enabled),
    userType: row.user_type === 'Guest' ? 'Guest' : 'Member',
    jobTitle: row.job_title,
    department: row.department,
    employeeId: row.employee_id,
    employeeHireDate: row.employee_hire_date,
    employeeLeaveDateTime: row.employee_leave_date_time,
    usageLocation: row.usage_location,
    createdDateTime: row.created_date_time,
    signInSessionsValidFromDateTime: row.sign_in_sessions_valid_from,
    customSecurityAttributes: parseJson(row.custom_security_attributes, null),
  };
}

/** Graph property -> column, for $filter/$orderby/$select on users. */
export const userColumns = {
  id: 'id',
  userPrincipalName: 'user_principal_name',
  displayName: 'display_name',
  givenName: 'given_name',
  surname: 'surname',
  mail: 'mail',
  accountEnabled: 'account_enabled',
  userType: 'user_type',
  jobTitle: 'job_title',
  department: 'department',
  employeeId: 'employee_id',
  employeeHireDate: 'employee_hire_date',
  employeeLeaveDateTime: 'employee_leave_date_time',
  usageLocation: 'usage_location',
  createdDateTime: 'created_date_time',
  signInSessionsValidFromDateTime: 'sign_in_sessions_valid_from',
} as const satisfies Partial<Record<keyof User, keyof UserRow>>;
