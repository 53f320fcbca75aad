export type ServerUrlResult = { ok: true; url: string } | { ok: false; message: string };

/**
 * Accepts what a person types as the server's address and answers the base URL the API client
 * prefixes to `/api/v1/...`: scheme and host, any path prefix, no trailing slash.
 */
export function normalizeServerUrl(input: string): ServerUrlResult {
  const text = input.trim();
  const hint = 'Enter the server address, such as https://ar.example.com';
  if (text === '') return { ok: false, message: hint };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: hint };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: hint };
  if (url.username || url.password) return { ok: false, message: 'Leave the user name and password out of the server address.' };
  if (url.search || url.hash) return { ok: false, message: 'Leave the query and fragment out of the server address.' };
  return { ok: true, url: url.origin + url.pathname.replace(/\/+$/, '') };
}
