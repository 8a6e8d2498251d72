// A gallring run's page while the run works, with JavaScript: reads the page again every other second and
// puts its new progress in place (a polite live region, changed only when the text changes), until the run
// has finished. Without JavaScript the page reloads itself every five seconds (a <noscript> refresh).
(function () {
  'use strict';
  var box = document.getElementById('run-progress');
  if (!box || !box.getAttribute('data-refresh-ms')) return;
  var every = Math.max(1000, Number(box.getAttribute('data-refresh-ms')) || 2000);
  function poll() {
    fetch(window.location.pathname, { headers: { accept: 'text/html' }, credentials: 'same-origin' })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('run-progress');
        if (!fresh) return;
        if (fresh.innerHTML !== box.innerHTML) box.innerHTML = fresh.innerHTML;
        if (fresh.getAttribute('data-refresh-ms')) setTimeout(poll, every);
        else box.removeAttribute('data-refresh-ms');
      })
      .catch(function () {
        setTimeout(poll, every * 2);
      });
  }
  setTimeout(poll, every);
})();
