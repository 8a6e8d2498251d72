import type { PendingOrderView } from './simulated-providers.js';
import type { TestUser } from './test-users.js';

export interface PhonePageModel {
  orders: PendingOrderView[];
  users: TestUser[];
  selected: TestUser;
  autoRefresh: boolean;
  message?: { ok: boolean; text: string };
}

const PROVIDER_NAMES: Record<PendingOrderView['provider'], string> = { bankid: 'BankID', freja: 'Freja eID' };

export function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Query string that keeps the chosen person and the refresh setting across redirects. */
export function pageQuery(user: string, autoRefresh: boolean, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ user, ...(autoRefresh ? {} : { auto: '0' }), ...extra });
  return `/?${q.toString()}`;
}

function displayName(user: TestUser): string {
  return `${user.givenName} ${user.surname}`;
}

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
}

function orderItem(order: PendingOrderView, model: PhonePageModel, index: number): string {
  const actingAs = (order.personalNumber && model.users.find((u) => u.personalNumber === order.personalNumber)) || model.selected;
  const heading = `${PROVIDER_NAMES[order.provider]}: ${escapeHtml(order.kind)}`;
  const keep =
    hidden('provider', order.provider) +
    hidden('ref', order.ref) +
    hidden('user', model.selected.personalNumber) +
    hidden('auto', model.autoRefresh ? '1' : '0');
  return `<li>
  <article aria-labelledby="order-${index}">
    <h3 id="order-${index}">${heading}</h3>
    <dl>
      <dt>Status</dt><dd><code lang="en">${escapeHtml(order.status)}</code></dd>
      <dt>Startad</dt><dd><time datetime="${escapeHtml(order.startedAt)}">${escapeHtml(order.startedAt.replace('T', ' ').slice(0, 19))}</time></dd>
      ${order.personalNumber ? `<dt>Gäller personnummer</dt><dd>${escapeHtml(order.personalNumber)}</dd>` : ''}
      ${order.userVisibleText ? `<dt>Text från tjänsten</dt><dd class="text">${escapeHtml(order.userVisibleText)}</dd>` : ''}
    </dl>
    <div class="actions">
      <form method="post" action="/phone/approve">${keep}${hidden('personalNumber', actingAs.personalNumber)}<button type="submit">Godkänn som ${escapeHtml(displayName(actingAs))}</button></form>
      <form method="post" action="/phone/decline">${keep}<button type="submit" class="secondary">Avbryt</button></form>
    </div>
  </article>
</li>`;
}

/** The phone page: server-rendered, works without JavaScript, refreshes itself every 2 s unless paused. */
export function renderPhonePage(model: PhonePageModel): string {
  const self = pageQuery(model.selected.personalNumber, model.autoRefresh);
  const options = model.users
    .map(
      (u) =>
        `<option value="${escapeHtml(u.personalNumber)}"${u.personalNumber === model.selected.personalNumber ? ' selected' : ''}>${escapeHtml(displayName(u))} (${escapeHtml(u.personalNumber)})</option>`,
    )
    .join('');
  const orders = model.orders.length
    ? `<ul class="orders">${model.orders.map((o, i) => orderItem(o, model, i)).join('\n')}</ul>`
    : '<p>Inga väntande order just nu.</p>';
  const message = model.message
    ? `<p role="status" class="${model.message.ok ? 'ok' : 'error'}">${escapeHtml(model.message.text)}</p>`
    : '<p role="status" class="empty"></p>';
  return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${model.autoRefresh ? `<meta http-equiv="refresh" content="2; url=${escapeHtml(self)}">` : ''}
<title>Testtelefon – Insyns e-legitimationssimulator</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 0 auto; padding: 1rem; line-height: 1.5; color: #1b1b1b; }
  h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; } h3 { font-size: 1.05rem; margin: 0 0 .5rem; }
  .orders { list-style: none; padding: 0; } .orders > li { border: 1px solid #767676; border-radius: .5rem; padding: .75rem; margin-bottom: .75rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0 0 .75rem; } dd { margin: 0; } .text { white-space: pre-wrap; }
  .actions { display: flex; gap: .5rem; flex-wrap: wrap; } form { margin: 0; }
  button { font: inherit; padding: .4rem .9rem; border-radius: .3rem; border: 2px solid #0b4f8a; background: #0b4f8a; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #0b4f8a; }
  button:focus-visible, input:focus-visible, select:focus-visible, a:focus-visible { outline: 3px solid #c75b00; outline-offset: 2px; }
  label { display: block; font-weight: 600; margin-bottom: .25rem; } input[type=text], select { font: inherit; padding: .3rem; width: 100%; box-sizing: border-box; }
  .ok { color: #14632b; font-weight: 600; } .error { color: #a1160a; font-weight: 600; } .empty { margin: 0; }
</style>
</head>
<body>
<main>
<h1>Testtelefon</h1>
<p>Sidan spelar BankID- och Freja-appen i utveckling och test. Ingen riktig legitimering sker.</p>
${message}
<section aria-labelledby="who">
  <h2 id="who">Vem använder telefonen?</h2>
  <form method="get" action="/">
    <label for="user">Testperson</label>
    <select id="user" name="user">${options}</select>
    ${model.autoRefresh ? '' : hidden('auto', '0')}
    <p><button type="submit">Välj testperson</button></p>
  </form>
  <p>${
    model.autoRefresh
      ? `Sidan uppdateras varannan sekund. <a href="${escapeHtml(pageQuery(model.selected.personalNumber, false))}">Pausa uppdateringen</a>`
      : `Uppdateringen är pausad. <a href="${escapeHtml(pageQuery(model.selected.personalNumber, true))}">Uppdatera automatiskt igen</a>`
  }</p>
</section>
<section aria-labelledby="pending">
  <h2 id="pending">Väntande order</h2>
  ${orders}
</section>
<section aria-labelledby="scan">
  <h2 id="scan">Skanna QR-kod</h2>
  <form method="post" action="/phone/scan">
    <label for="qr">QR-kodens innehåll</label>
    <input id="qr" name="qr" type="text" required autocomplete="off" spellcheck="false" aria-describedby="qr-help">
    ${hidden('user', model.selected.personalNumber)}${hidden('auto', model.autoRefresh ? '1' : '0')}
    <p id="qr-help">Klistra in texten i QR-koden, till exempel <code lang="en">bankid.…</code>. En BankID-kod gäller bara i ett par sekunder, så pausa uppdateringen först. Ordern plockas upp som vald testperson.</p>
    <p><button type="submit">Skanna</button></p>
  </form>
</section>
</main>
</body>
</html>
`;
}
