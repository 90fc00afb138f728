// The newsletter issue's progress page (admin): refresh the counts and the bar every two
// seconds from the delivery rows (progress.json) until the issue is sent.
(function () {
  "use strict";
  var page = document.querySelector(".issue-progress[data-progress-url]");
  if (!page) {
    return;
  }
  var bar = document.getElementById("issue-bar");
  var url = page.getAttribute("data-progress-url");

  function show(progress) {
    page.querySelectorAll("[data-field]").forEach(function (element) {
      var name = element.getAttribute("data-field");
      if (Object.prototype.hasOwnProperty.call(progress, name)) {
        element.textContent = String(progress[name]);
      }
    });
    bar.max = Math.max(progress.total, 1);
    bar.value = progress.done;
    bar.textContent = progress.percent + "%";
  }

  function tick() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (progress) {
        show(progress);
        if (progress.finished) {
          page.setAttribute("data-finished", "1");
        } else {
          window.setTimeout(tick, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(tick, 10000);
      });
  }

  if (page.getAttribute("data-finished") !== "1") {
    window.setTimeout(tick, 2000);
  }
})();
