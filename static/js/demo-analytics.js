/* Demonstration "reading statistics" (analytics, declared in the cookie registry).

   The page holds this script inert until the reader allows it; it then counts pages in this
   browser only and sends nothing anywhere. It exists to show, and to test, that optional
   scripts wait for consent. */
(function () {
  "use strict";
  var match = document.cookie.match(/(?:^|; )lp_demo_stats=([0-9a-f]{16})/);
  var id = match ? match[1] : "";
  if (!id) {
    var bytes = new Uint8Array(8);
    window.crypto.getRandomValues(bytes);
    for (var i = 0; i < bytes.length; i += 1) {
      id += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    }
  }
  var secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = "lp_demo_stats=" + id + "; Max-Age=15552000; Path=/; SameSite=Lax" + secure;
  var pages = 1;
  try {
    pages = (parseInt(window.localStorage.getItem("lp_demo_stats_pages"), 10) || 0) + 1;
    window.localStorage.setItem("lp_demo_stats_pages", String(pages));
  } catch (error) {
    /* storage switched off: count this page only */
  }
  document.documentElement.setAttribute("data-demo-analytics", "ran");
  window.lpDemoAnalytics = { id: id, pages: pages };
})();
