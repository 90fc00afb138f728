/* Cookie consent, first part: runs in <head>, before the page is painted.

   Reads the visitor's consent cookie (written only by the server) and, when it holds a valid
   choice for the current policy version, hides the banner before it is ever seen. A Global
   Privacy Control signal counts as a refusal, so it hides the banner too (consent.js records
   it). With a Google tag, it sets all of Google's consent signals to denied before any Google
   code could run. No cookie is written here. */
(function () {
  "use strict";
  var node = document.getElementById("consent-config");
  if (!node) {
    return;
  }
  var config;
  try {
    config = JSON.parse(node.textContent);
  } catch (error) {
    return;
  }

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i += 1) {
      var eq = parts[i].indexOf("=");
      if (eq > 0 && parts[i].slice(0, eq) === name) {
        return parts[i].slice(eq + 1);
      }
    }
    return null;
  }

  /* "1.<consent id>.<policy version>.<unix time>.<categories>.<services>:<signature>" */
  function parse(raw) {
    var state = {
      valid: false, status: "none", id: null, version: 0, decidedAt: 0,
      categories: [], services: []
    };
    if (!raw) {
      return state;
    }
    if (raw.charAt(0) === "\"") {
      raw = raw.slice(1, -1);
    }
    var colon = raw.lastIndexOf(":");
    var fields = (colon > 0 ? raw.slice(0, colon) : raw).split(".");
    if (fields.length !== 6 || fields[0] !== "1" || !/^[0-9a-f]{32}$/.test(fields[1])) {
      return state;
    }
    state.id = fields[1];
    state.version = parseInt(fields[2], 10);
    state.decidedAt = parseInt(fields[3], 10) * 1000;
    state.categories = fields[4] ? fields[4].split("+") : [];
    state.services = fields[5] ? fields[5].split("+") : [];
    if (state.version !== config.version) {
      state.status = "outdated";
    } else if (state.decidedAt + config.lifetimeDays * 86400000 <= Date.now()) {
      state.status = "expired";
    } else {
      state.status = "valid";
    }
    state.valid = state.status === "valid";
    return state;
  }

  function allows(state, category, service) {
    if (category === "necessary") {
      return true;
    }
    if (!state.valid) {
      return false;
    }
    if (service) {
      return state.services.indexOf(service) !== -1;
    }
    return state.categories.indexOf(category) !== -1;
  }

  function googleSignals(state) {
    var signals = {};
    var map = config.google ? config.google.signals : {};
    for (var name in map) {
      if (Object.prototype.hasOwnProperty.call(map, name)) {
        signals[name] = map[name] && allows(state, map[name]) ? "granted" : "denied";
      }
    }
    return signals;
  }

  var gpc = navigator.globalPrivacyControl === true;
  var state = parse(readCookie(config.cookie));
  if (state.valid || gpc) {
    document.documentElement.classList.add("consent-decided");
  }

  if (config.google) {
    window.dataLayer = window.dataLayer || [];
    window.gtag = window.gtag || function () {
      window.dataLayer.push(arguments);
    };
    var defaults = googleSignals({ valid: false });
    defaults.wait_for_update = 500;
    window.gtag("consent", "default", defaults);
    if (state.valid) {
      window.gtag("consent", "update", googleSignals(state));
    }
    window.gtag("js", new Date());
    window.gtag("config", config.google.id);
  }

  window.lpConsentEarly = {
    config: config,
    gpc: gpc,
    readCookie: readCookie,
    parse: parse,
    allows: allows,
    googleSignals: googleSignals
  };
})();
