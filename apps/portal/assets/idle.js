// The idle timeout, as the person meets it: two minutes before the portal session idles out, a warning
// (role=alertdialog) shows and takes the focus, so a screen reader reads its title and text; "Stay signed
// in" keeps the session alive (any request to the portal does) and gives the focus back; Escape does the
// same. When the time is up the page signs out (the identity session ends too) and the sign-in page says
// why. A computer that slept past the timeout finds the session gone already and just goes there.
(function () {
  'use strict';
  var box = document.getElementById('idle-warning');
  if (!box) return;
  var stay = document.getElementById('idle-stay');
  var signOut = document.getElementById('idle-sign-out');
  var minutes = Number(box.getAttribute('data-idle-minutes')) || 20;
  var idleMs = minutes * 60000;
  var warnAfter = Math.max(minutes - 2, 1) * 60000;
  // Signed out a little before the server would forget the session, so the form's CSRF token still holds.
  var signOutAfter = idleMs - 15000;
  var lastActive = Date.now();
  var timer;
  var returnFocus = null;

  function check() {
    var idle = Date.now() - lastActive;
    if (idle >= idleMs) {
      window.location.assign('/logga-in?inaktiv=1');
      return;
    }
    if (idle >= signOutAfter) {
      if (signOut) signOut.submit();
      else window.location.assign('/logga-in?inaktiv=1');
      return;
    }
    if (idle >= warnAfter && box.hidden) show();
    timer = setTimeout(check, Math.min(1000, Math.max(50, (idle >= warnAfter ? signOutAfter : warnAfter) - idle)));
  }

  function show() {
    returnFocus = document.activeElement;
    box.hidden = false;
    if (stay) stay.focus();
  }

  function hide() {
    box.hidden = true;
    if (returnFocus && typeof returnFocus.focus === 'function' && document.contains(returnFocus)) returnFocus.focus();
    returnFocus = null;
  }

  function keepAlive() {
    fetch('/inloggningar/forlang', { credentials: 'same-origin', redirect: 'manual' })
      .catch(function () {
        return undefined;
      })
      .then(function () {
        lastActive = Date.now();
        hide();
        clearTimeout(timer);
        timer = setTimeout(check, 1000);
      });
  }

  if (stay) stay.addEventListener('click', keepAlive);
  box.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') keepAlive();
  });
  timer = setTimeout(check, 1000);
})();
