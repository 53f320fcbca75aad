import { z } from 'zod';

export const ROLES = ['viewer', 'analyst', 'controller', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);

/** A collector name as customers carry it (the import allows up to 100 characters). */
export const CollectorName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'a collector name has no control characters');

export const NewUserSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    role: RoleSchema,
    /** Delegated authority in the functional currency, a decimal (e.g. 50000.00). */
    authority: z.union([z.number(), z.string()]).default(0),
    /** Single sign-on: the identity the SSO JWT names (its JWT_USER_CLAIM, e.g. the e-mail address); see SECURITY.md. */
    ssoSubject: z.string().trim().toLowerCase().min(3).max(200).optional(),
    /** The collector name the user's customers carry (customers.collector): limits an analyst to them when the organisation says so. */
    collector: CollectorName.optional(),
  })
  ;

export const UserSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: RoleSchema,
    authority: z.number(),
    collector: z.string().nullable(),
  })
  ;

export const MeSchema = UserSchema.extend({
  dataDate: z.string().nullable(),
  dataVersion: z.number(),
  currency: z.string(),
  portfolio: z
    .enum(['all', 'own', 'none'])
    .describe("The customers this user sees: all of them; own: only those whose collector is the user's; none: an analyst without a collector name while the organisation limits collectors to their portfolio"),
});
