/* Loaded in <head>, not deferred.

   1. The signed-in look. Pages are the same HTML for every reader (so they can be cached and
      shared); the strictly necessary cookie lp_signed_in (set on sign-in, deleted on
      sign-out: lordspress/core/signed_in.py) marks <html class="signed-in">, and the
      stylesheet then shows "Your account · Sign out" and hides the subscribe prompts. Done
      before the page is drawn, so nothing flashes. Without JavaScript, the pages made for a
      signed-in session carry the class from the server, and "Members' sign-in" leads to the
      account page.
   2. "Sign out" posts the sign-out form (with the CSRF cookie's token) where it can; else the
      link leads to the account page's sign-out button.
   3. Keeps the masthead's London date and time current while the page stays open. The server
      renders both, so the page reads correctly without JavaScript. */
(function () {
  "use strict";
  var SIGNED_IN_COOKIE = "lp_signed_in";
  var CSRF_COOKIE = "csrftoken";

  function cookie(name) {
    var parts = document.cookie ? document.cookie.split(";") : [];
    for (var i = 0; i < parts.length; i += 1) {
      var part = parts[i].replace(/^\s+/, "");
      if (part.indexOf(name + "=") === 0) {
        return part.slice(name.length + 1);
      }
    }
    return null;
  }

  document.documentElement.classList.toggle("signed-in", cookie(SIGNED_IN_COOKIE) === "1");

  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("[data-sign-out]") : null;
    var token = cookie(CSRF_COOKIE);
    if (!link || !token || event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    var form = document.createElement("form");
    form.method = "post";
    form.action = link.getAttribute("data-sign-out");
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "csrfmiddlewaretoken";
    input.value = decodeURIComponent(token);
    form.appendChild(input);
    document.body.appendChild(form);
    form.submit();
  });

  function startClock() {
    var dateEl = document.querySelector("[data-london-date]");
    var timeEl = document.querySelector("[data-london-time]");
    if (!dateEl || !timeEl || !window.Intl || !Intl.DateTimeFormat) {
      return;
    }
    var zone = "Europe/London";
    var dateFormat = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, weekday: "long", day: "numeric", month: "long", year: "numeric"
    });
    var timeFormat = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, hour: "numeric", minute: "2-digit", hour12: true
    });
    var dayFormat = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, day: "2-digit", month: "2-digit", year: "numeric"
    });

    function part(parts, type) {
      for (var i = 0; i < parts.length; i += 1) {
        if (parts[i].type === type) {
          return parts[i].value;
        }
      }
      return "";
    }

    function render() {
      var now = new Date();
      var d = dateFormat.formatToParts(now);
      // "Friday, 12 September, 2025", as the journal has always printed it.
      dateEl.textContent = part(d, "weekday") + ", " + part(d, "day") + " " + part(d, "month") + ", " + part(d, "year");
      var t = timeFormat.formatToParts(now);
      timeEl.textContent = part(t, "hour") + ":" + part(t, "minute") + " " + part(t, "dayPeriod").toUpperCase();
      // The server's machine-readable forms (lordspress.core.dates.machine_date): the London
      // calendar date, and the instant in UTC to the second.
      var day = dayFormat.formatToParts(now);
      dateEl.setAttribute("datetime", part(day, "year") + "-" + part(day, "month") + "-" + part(day, "day"));
      timeEl.setAttribute("datetime", now.toISOString().replace(/\.\d+Z$/, "+00:00"));
    }

    render();
    window.setInterval(render, 30000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startClock);
  } else {
    startClock();
  }
})();
