import type { Request } from 'express';
import { ApiClient } from '../../backends/api.client.js';
import { BackendError, BackendUnavailable } from '../../backends/backend-error.js';
import type { BrowserSession } from '../../session/browser-sessions.js';

/**
 * The municipality's units by id → name, from the messages service's unit register (which any official
 * may read): gallring's rules and holds name units by id. Empty when messages cannot answer, so the page
 * still shows, with the ids.
 */
export async function unitNames(api: ApiClient, req: Request, session: BrowserSession): Promise<Map<string, string>> {
  try {
    const { json } = await api.as<{ unit: string; name: string }[]>(req, session, 'messages', 'GET', '/v1/units');
    return new Map((Array.isArray(json) ? json : []).map((u) => [u.unit, u.name]));
  } catch (err) {
    if (err instanceof BackendError || err instanceof BackendUnavailable) return new Map();
    throw err;
  }
}
