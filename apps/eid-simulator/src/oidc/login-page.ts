import type { SithsUser } from './siths-account.js';

export const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * The sign-in page: plain HTML in Swedish, no JavaScript, one labelled radio group. Choosing a person and
 * pressing "Godkänn" plays the SITHS eID app approving; "Avbryt" returns access_denied to the relying party.
 */
export function loginPage(opts: { action: string; abortAction: string; clientId: string; users: SithsUser[]; error?: string }): string {
  const options = opts.users
    .map(
      (u, i) => `<div class="choice">
        <input type="radio" id="user-${i}" name="hsaId" value="${escape(u.hsaId)}" required${i === 0 ? ' checked' : ''}>
        <label for="user-${i}">${escape(`${u.givenName} ${u.surname}`)} <span class="meta">HSA-id ${escape(u.hsaId)}, personnummer ${escape(u.personalNumber)}</span>${
          u.description ? `<span class="meta">Enhet och roller i Insyn: ${escape(u.description)}</span>` : ''
        }</label>
      </div>`,
    )
    .join('\n');
  const body = opts.users.length
    ? `<form method="post" action="${escape(opts.action)}">
      <fieldset>
        <legend>Vem godkänner i SITHS eID-appen?</legend>
        ${options}
      </fieldset>
      <button type="submit">Godkänn</button>
    </form>`
    : '<p>Det finns ingen testperson med HSA-id. Lägg till en via kontroll-API:t.</p>';
  return `<!doctype html>
<html lang="sv">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Logga in med SITHS eID (simulator)</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }
    fieldset { border: 1px solid #767676; padding: 1rem; margin-bottom: 1rem; }
    .choice { margin: .5rem 0; }
    .meta { display: block; color: #4a4a4a; font-size: .9rem; margin-left: 1.6rem; }
    button { font-size: 1rem; padding: .5rem 1.25rem; margin-right: .5rem; }
    :focus-visible { outline: 3px solid #005fcc; outline-offset: 2px; }
    .error { border-left: 4px solid #b00020; padding-left: .75rem; }
    .note { color: #4a4a4a; font-size: .9rem; }
  </style>
</head>
<body>
  <main>
    <h1>Logga in med SITHS eID</h1>
    <p class="note">Simulator för Ineras IdP, endast för utveckling och test. Tjänsten <strong>${escape(opts.clientId)}</strong> begär inloggning.</p>
    ${opts.error ? `<p class="error" role="alert">${escape(opts.error)}</p>` : ''}
    ${body}
    <form method="post" action="${escape(opts.abortAction)}">
      <button type="submit">Avbryt</button>
    </form>
  </main>
</body>
</html>`;
}

/** oidc-provider's error page, in Swedish, with the OAuth error for the developer. */
export function errorPage(out: object): string {
  const details = Object.entries(out)
    .map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(String(v))}</dd>`)
    .join('');
  return `<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Inloggningen misslyckades (SITHS-simulator)</title></head>
<body><main><h1>Inloggningen kunde inte genomföras</h1><dl>${details}</dl></main></body>
</html>`;
}
