/* Cookie consent, second part (deferred).

   - Sends the banner's and the dialog's choices to the server without leaving the page (the
     forms also work without JavaScript); the server records the choice and writes the cookie.
   - "Customise" and the footer's "Cookie settings" open the dialog: role="dialog", focus
     kept inside, Esc closes it and focus returns to where it was.
   - Runs the scripts and loads the embeds the visitor allowed; they are in the page inert.
   - Deletes declared cookies and storage keys the visitor has not allowed, and reloads the
     page after a withdrawal so that code already running stops.
   - Records a Global Privacy Control signal as a refusal when no choice has been made.
   - Keeps Google's consent signals up to date when a Google tag is configured. */
(function () {
  "use strict";
  var early = window.lpConsentEarly;
  if (!early || !window.fetch || !window.FormData) {
    return;
  }
  var config = early.config;
  var root = document.documentElement;
  var dialog = document.querySelector("[data-consent-dialog]");
  var banner = document.querySelector("[data-consent-banner]");
  var statusNode = document.querySelector("[data-consent-status]");
  var state = early.parse(early.readCookie(config.cookie));
  var opener = null;

  function allows(category, service) {
    return early.allows(state, category, service);
  }

  function announce(text) {
    if (statusNode) {
      statusNode.textContent = "";
      window.setTimeout(function () {
        statusNode.textContent = text;
      }, 50);
    }
  }

  /* --- Gated scripts and embeds ------------------------------------------------------- */

  function activate() {
    var scripts = document.querySelectorAll(
      "script[type='text/plain'][data-consent]:not([data-consent-done])"
    );
    Array.prototype.forEach.call(scripts, function (inert) {
      if (!allows(inert.getAttribute("data-consent"), inert.getAttribute("data-service"))) {
        return;
      }
      var live = document.createElement("script");
      live.src = inert.getAttribute("data-src");
      live.async = true;
      inert.setAttribute("data-consent-done", "");
      inert.parentNode.insertBefore(live, inert.nextSibling);
    });
    var embeds = document.querySelectorAll("[data-consent-embed]:not([data-consent-done])");
    Array.prototype.forEach.call(embeds, function (embed) {
      var allowButton = embed.querySelector("[data-consent-allow]");
      if (allowButton) {
        allowButton.hidden = false;
      }
      if (!allows(embed.getAttribute("data-consent"), embed.getAttribute("data-service"))) {
        return;
      }
      var template = embed.querySelector("template");
      var placeholder = embed.querySelector(".consent-embed__placeholder");
      if (template) {
        embed.appendChild(template.content.cloneNode(true));
      }
      if (placeholder) {
        placeholder.hidden = true;
      }
      embed.setAttribute("data-consent-done", "");
    });
  }

  function somethingRunsThatIsNoLongerAllowed() {
    var done = document.querySelectorAll("[data-consent-done]");
    for (var i = 0; i < done.length; i += 1) {
      if (!allows(done[i].getAttribute("data-consent"), done[i].getAttribute("data-service"))) {
        return true;
      }
    }
    return false;
  }

  /* --- Deleting what is not allowed ------------------------------------------------- */

  /* The registry's name or pattern against a name the browser holds: "*" is any run of
     characters, nothing else is special; the same algorithm as name_matches in
     consent/cookie_names.py, so the server and this script agree on every name. */
  function matches(declared, name) {
    var segments = declared.split("*");
    if (segments.length === 1) {
      return declared === name;
    }
    var first = segments[0];
    var last = segments[segments.length - 1];
    if (name.length < first.length + last.length ||
        name.slice(0, first.length) !== first ||
        name.slice(name.length - last.length) !== last) {
      return false;
    }
    var position = first.length;
    var end = name.length - last.length;
    for (var i = 1; i < segments.length - 1; i += 1) {
      var found = name.slice(0, end).indexOf(segments[i], position);
      if (found === -1) {
        return false;
      }
      position = found + segments[i].length;
    }
    return true;
  }

  /* Cookies never deleted on consent grounds, whatever an entry's pattern matches: the
     site's own (session, CSRF token, this consent cookie…) and those declared strictly
     necessary. The server sends the list (PublishedRegistry.may_expire). */
  function mayExpire(name) {
    return !(config.keep || []).some(function (kept) {
      return matches(kept, name);
    });
  }

  function domainVariants(declared) {
    var host = window.location.hostname;
    var variants = [""];
    if (host.indexOf(".") !== -1 && !/^[0-9.]+$/.test(host) && host.indexOf(":") === -1) {
      var labels = host.split(".");
      for (var i = 0; i < labels.length - 1; i += 1) {
        variants.push(labels.slice(i).join("."));
      }
    }
    if (declared) {
      variants.push(declared.replace(/^\./, ""));
    }
    return variants;
  }

  function cookieNames() {
    return (document.cookie ? document.cookie.split("; ") : []).map(function (part) {
      return part.split("=")[0];
    });
  }

  function storageKeys(storage) {
    var keys = [];
    for (var i = 0; i < storage.length; i += 1) {
      keys.push(storage.key(i));
    }
    return keys;
  }

  /* Cookies are deleted here as well as by the server: a browser stores names a server may
     not send (_ga_(x), a name with an accent or a space; a sibling subdomain can plant them), and
     only this script can delete those. The path and domain come from the server, which passes
     on only values a Set-Cookie may carry (consent/registry.py). */
  function clearRefused() {
    var secure = window.location.protocol === "https:" ? "; Secure" : "";
    config.clear.forEach(function (entry) {
      if (allows(entry.category, entry.service)) {
        return;
      }
      if (entry.kind === "cookie") {
        var paths = entry.path && entry.path !== "/" ? ["/", entry.path] : ["/"];
        cookieNames().filter(function (name) {
          return matches(entry.name, name) && mayExpire(name);
        }).forEach(function (name) {
          domainVariants(entry.domain).forEach(function (domain) {
            paths.forEach(function (path) {
              document.cookie = name + "=; Max-Age=0; Path=" + path +
                (domain ? "; Domain=" + domain : "") + "; SameSite=Lax" + secure;
            });
          });
        });
        return;
      }
      var storage = null;
      try {
        storage = entry.kind === "local_storage" ? window.localStorage
          : entry.kind === "session_storage" ? window.sessionStorage : null;
      } catch (error) {
        storage = null;
      }
      if (storage) {
        storageKeys(storage).filter(function (key) {
          return matches(entry.name, key);
        }).forEach(function (key) {
          storage.removeItem(key);
        });
      }
    });
  }

  function updateGoogle() {
    if (config.google && typeof window.gtag === "function") {
      window.gtag("consent", "update", early.googleSignals(state));
    }
  }

  /* --- The banner and the dialog -------------------------------------------------- */

  function showBanner(show) {
    root.classList.toggle("consent-decided", !show);
  }

  function fillForm(form) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-consent-category]"), function (box) {
      box.checked = allows(box.getAttribute("data-consent-category"));
    });
    Array.prototype.forEach.call(form.querySelectorAll("[data-consent-service]"), function (box) {
      box.checked = allows(box.getAttribute("data-category"), box.getAttribute("data-consent-service"));
    });
  }

  function focusables() {
    var nodes = dialog.querySelectorAll(
      "a[href], button:not([disabled]), input:not([disabled]), summary, [tabindex]:not([tabindex='-1'])"
    );
    return Array.prototype.filter.call(nodes, function (node) {
      return node.getClientRects().length > 0;
    });
  }

  function setBackgroundInert(on) {
    Array.prototype.forEach.call(document.body.children, function (child) {
      if (child === dialog || child.tagName === "SCRIPT") {
        return;
      }
      if (on) {
        child.setAttribute("inert", "");
      } else {
        child.removeAttribute("inert");
      }
    });
  }

  function openDialog(trigger) {
    if (!dialog) {
      return false;
    }
    opener = trigger || document.activeElement;
    var form = dialog.querySelector("form");
    if (form) {
      fillForm(form);
    }
    var idNode = dialog.querySelector("[data-consent-id]");
    if (idNode) {
      idNode.textContent = state.id || "none yet";
    }
    dialog.hidden = false;
    root.classList.add("consent-dialog-open");
    setBackgroundInert(true);
    dialog.querySelector("#consent-dialog-title").focus();
    return true;
  }

  function closeDialog() {
    if (!dialog || dialog.hidden) {
      return;
    }
    dialog.hidden = true;
    root.classList.remove("consent-dialog-open");
    setBackgroundInert(false);
    var target = opener;
    opener = null;
    if (!target || !document.contains(target) || target.getClientRects().length === 0) {
      target = document.getElementById("main");
    }
    if (target) {
      target.focus();
    }
  }

  if (dialog) {
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        closeDialog();
        return;
      }
      if (event.key !== "Tab") {
        return;
      }
      var items = focusables();
      if (!items.length) {
        return;
      }
      var first = items[0];
      var last = items[items.length - 1];
      var active = document.activeElement;
      if (event.shiftKey && (active === first || !dialog.contains(active) || active.id === "consent-dialog-title")) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first.focus();
      }
    });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog || event.target.closest("[data-consent-close]")) {
        closeDialog();
      }
    });
  }

  var lastSubmitter = null;

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-consent-form] button[type='submit']");
    if (button) {
      lastSubmitter = button; /* for browsers without SubmitEvent.submitter */
    }
    var link = event.target.closest("[data-consent-open]");
    if (link && openDialog(link)) {
      event.preventDefault();
    }
    var allow = event.target.closest("[data-consent-allow]");
    if (allow) {
      allowEmbed(allow.closest("[data-consent-embed]"));
    }
  });

  /* A category switch sets its services; a service switched on switches its category on,
     and the last one switched off switches it off (as the server reads the form). */
  document.addEventListener("change", function (event) {
    var box = event.target;
    var form = box.form;
    if (!form || !form.classList.contains("consent-form")) {
      return;
    }
    if (box.hasAttribute("data-consent-category")) {
      var key = box.getAttribute("data-consent-category");
      Array.prototype.forEach.call(
        form.querySelectorAll("[data-consent-service][data-category='" + key + "']"),
        function (service) {
          service.checked = box.checked;
        }
      );
    } else if (box.hasAttribute("data-consent-service")) {
      var category = form.querySelector(
        "[data-consent-category='" + box.getAttribute("data-category") + "']"
      );
      var siblings = form.querySelectorAll(
        "[data-consent-service][data-category='" + box.getAttribute("data-category") + "']"
      );
      var any = Array.prototype.some.call(siblings, function (service) {
        return service.checked;
      });
      if (category) {
        category.checked = any;
      }
    }
  });

  /* --- Saving a choice ------------------------------------------------------------- */

  function send(data) {
    return window.fetch(config.save, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("consent not saved: " + response.status);
      }
      return response.json();
    });
  }

  function stateFromAnswer(answer) {
    var fromCookie = early.parse(early.readCookie(config.cookie));
    if (fromCookie.valid || !answer || !answer.consentId) {
      return fromCookie;
    }
    /* The browser refused to store the cookie: honour the choice for this page at least. */
    return {
      valid: !!answer.valid, status: answer.valid ? "valid" : "none", id: answer.consentId,
      version: answer.version, decidedAt: Date.now(), categories: answer.categories,
      services: answer.services
    };
  }

  function applyAnswer(answer, quiet) {
    state = stateFromAnswer(answer);
    var bannerHadFocus = banner && banner.contains(document.activeElement);
    showBanner(!state.valid);
    closeDialog();
    if (bannerHadFocus) {
      var main = document.getElementById("main");
      if (main) {
        main.focus();
      }
    }
    updateGoogle();
    clearRefused();
    if (somethingRunsThatIsNoLongerAllowed()) {
      window.location.reload();
      return;
    }
    activate();
    if (!quiet) {
      announce("Your cookie choices are saved.");
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-consent-form") || form.hasAttribute("data-native")) {
      return;
    }
    event.preventDefault();
    var submitter = event.submitter ||
      (lastSubmitter && lastSubmitter.form === form ? lastSubmitter : null);
    var data = new FormData(form);
    if (submitter && submitter.name) {
      data.append(submitter.name, submitter.value);
    }
    send(data).then(function (answer) {
      applyAnswer(answer, false);
    }, function () {
      /* Let the browser send the form itself; the server answers with a page. */
      form.setAttribute("data-native", "");
      if (form.requestSubmit) {
        form.requestSubmit(submitter || undefined);
      } else {
        form.submit();
      }
    });
  });

  function allowEmbed(embed) {
    if (!embed) {
      return;
    }
    var data = new FormData();
    data.append("action", "custom");
    data.append("surface", "embed");
    data.append("version", String(config.version));
    var category = embed.getAttribute("data-consent");
    var service = embed.getAttribute("data-service");
    Object.keys(config.categories).forEach(function (key) {
      if (allows(key) || key === category) {
        data.append("category", key);
      }
    });
    Object.keys(config.services).forEach(function (key) {
      if (allows(config.services[key], key) || key === service) {
        data.append("service", key);
      }
    });
    send(data).then(function (answer) {
      applyAnswer(answer, false);
    }, function () {
      announce("Your choice could not be saved. Please try again.");
    });
  }

  /* --- On every page --------------------------------------------------------------- */

  showBanner(!state.valid && !early.gpc);
  clearRefused();
  activate();
  if (!state.valid && early.gpc) {
    var signal = new FormData();
    signal.append("action", "gpc");
    signal.append("surface", "gpc");
    signal.append("version", String(config.version));
    send(signal).then(function (answer) {
      applyAnswer(answer, true);
    }, function () {
      /* Not recorded this time; nothing optional runs, and the next page tries again. */
    });
  }

  window.lpConsent = {
    allows: allows,
    open: openDialog,
    close: closeDialog,
    state: function () {
      return state;
    },
    scan: activate
  };
})();
