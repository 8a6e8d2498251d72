import { BackendError } from '../../backends/backend-error.js';
import { type Lang, translate } from '../../web/i18n.js';
import { refusalText } from '../signed-in.js';

/**
 * A backend's refusal of a form, as text beside it; a 403 means the sign-in's assurance level is too low
 * for the change (consents, requests and the access log need LoA 3), said in plain words.
 */
export function rightsRefusal(err: unknown, lang: Lang): string | undefined {
  if (err instanceof BackendError && err.status === 403) return translate(lang, 'rights.loa3');
  return refusalText(err);
}
