import { z } from 'zod';

export const ROLES = ['viewer', 'analyst', 'controller', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);

export const NewUserSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    role: RoleSchema,
    /** Delegated authority in the functional currency, a decimal (e.g. 50000.00). */
    authority: z.union([z.number(), z.string()]).default(0),
    /** Single sign-on: the identity the SSO JWT names (its JWT_USER_CLAIM, e.g. the e-mail address); see SECURITY.md. */
    ssoSubject: z.string().trim().toLowerCase().min(3).max(200).optional(),
  })
  ;

export const UserSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: RoleSchema,
    authority: z.number(),
  })
  ;

export const MeSchema = UserSchema.extend({ dataDate: z.string().nullable(), dataVersion: z.number(), currency: z.string() });
