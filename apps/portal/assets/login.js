// The sign-in waiting page, with JavaScript: asks the portal for the sign-in's status every second, shows
// the new QR code and status text, and goes on when the sign-in is done or has ended. Without JavaScript
// the page reloads itself every other second (a <noscript> refresh) and works the same, more slowly.
(function () {
  'use strict';
  var box = document.getElementById('login-wait');
  if (!box) return;
  var url = box.getAttribute('data-status-url');
  var message = document.getElementById('login-message');
  var qr = document.getElementById('login-qr');
  function poll() {
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (res) {
        return res.json();
      })
      .then(function (s) {
        if (s.redirect) {
          window.location.assign(s.redirect);
          return;
        }
        if (message && s.message && message.textContent !== s.message) message.textContent = s.message;
        if (qr && s.qrSvg) qr.innerHTML = s.qrSvg;
        setTimeout(poll, Math.max(1000, Math.min(s.pollAfterMs || 1000, 2000)));
      })
      .catch(function () {
        setTimeout(poll, 2000);
      });
  }
  setTimeout(poll, 1000);
})();
