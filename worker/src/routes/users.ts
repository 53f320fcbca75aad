import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { parseMoney, toDecimal } from '../../../shared/money';
import { NewUserSchema, UserSchema } from '../../../shared/schemas/users';
import type { AppEnv } from '../env';
import { AppError, validationHook } from '../errors';
import { auditStatement, functionalCurrency } from '../queries/settings';
import { hashToken, newToken, tokenPrefix } from '../tokens';
import { errorResponses } from './common';

const createUser = createRoute({
  method: 'post',
  path: '/users',
  summary: 'Create a user (admin). The API token is in this reply only; it is stored as a hash.',
  description: 'collector: the collector name the user works under (customers.collector); when the organisation limits collectors to their portfolio (PUT /settings/portfolio), an analyst sees only the customers carrying it.',
  request: { body: { required: true, content: { 'application/json': { schema: NewUserSchema } } } },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: UserSchema.extend({ token: z.string() }) } } },
    ...errorResponses(401, 403, 409, 422),
  },
});

export const users = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(createUser, async (c) => {
  const input = c.req.valid('json');
  const db = c.env.DB;
  const currency = await functionalCurrency(db);
  const authority = parseMoney(String(input.authority), currency);
  if (!authority.ok) throw new AppError('validation_failed', 'the request is not valid', [{ path: 'json.authority', message: authority.message }]);

  const id = crypto.randomUUID();
  const token = newToken();
  const at = new Date().toISOString();
  const user = {
    id, name: input.name, role: input.role, authority: authority.value, collector: input.collector ?? null,
    ...(input.ssoSubject ? { ssoSubject: input.ssoSubject } : {}),
  };
  if (input.ssoSubject && (await db.prepare('SELECT 1 FROM users WHERE sso_subject = ?1').bind(input.ssoSubject).first())) {
    throw new AppError('conflict', `another user already has the sign-on identity ${input.ssoSubject}`);
  }
  await db.batch([
    db
      .prepare('INSERT INTO users (id, name, role, authority, created_at, sso_subject, collector) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)')
      .bind(id, user.name, user.role, user.authority, at, input.ssoSubject ?? null, user.collector),
    db
      .prepare('INSERT INTO api_tokens (id, user_id, prefix, hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)')
      .bind(crypto.randomUUID(), id, tokenPrefix(token), await hashToken(token), at),
    auditStatement(db, { at, userId: c.get('principal').userId, action: 'user.create', entity: 'user', entityId: id, after: user }),
  ]);
  return c.json({ id, name: user.name, role: user.role, authority: toDecimal(user.authority, currency), collector: user.collector, token }, 201);
});
