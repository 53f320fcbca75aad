import { env, SELF } from 'cloudflare:test';

export const ADMIN = 'test-admin-token';

export async function call(method: string, path: string, opts: { token?: string | null; body?: string | object; type?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? ADMIN : opts.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (typeof opts.body === 'string') {
    body = opts.body;
    headers['Content-Type'] = opts.type ?? 'text/csv';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] = opts.type ?? 'application/json';
  }
  const res = await SELF.fetch(`http://ar.test/api/v1${path}`, { method, headers, body });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

export function csv(header: string, rows: string[]): string {
  return [header, ...rows].join('\n') + '\n';
}

export const CUSTOMER_HEADER = 'customer_id,name,vertical,region,collector,currency,credit_limit,payment_terms_days';
export const LEDGER_HEADER = 'doc_type,doc_no,customer_id,doc_date,due_date,amount,currency,fx_rate,applies_to,reference';

/** Every row of the tables an import writes, to prove a failed import changed nothing. */
export async function snapshot(): Promise<string> {
  const tables = ['customers', 'documents', 'allocations', 'settings', 'audit_log'];
  const parts = await Promise.all(
    tables.map(async (t) => JSON.stringify((await env.DB.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()).results)),
  );
  return parts.join('\n');
}

export async function newUser(role: string, authority = 0): Promise<string> {
  const res = await call('POST', '/users', { body: { name: `Test ${role}`, role, authority } });
  if (res.status !== 201) throw new Error(`user: ${JSON.stringify(res.json)}`);
  return res.json.token as string;
}
