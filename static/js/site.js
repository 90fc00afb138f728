/* Keeps the masthead's London date and time current while the page stays open.
   The server renders both, so the page reads correctly without JavaScript. */
(function () {
  "use strict";
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
})();
