// The newsletter issue's preview (admin): switch the frame between desktop (600 px) and
// phone (375 px) without reloading; without JavaScript the links reload the page instead.
(function () {
  "use strict";
  var frame = document.getElementById("issue-frame");
  if (!frame) {
    return;
  }
  document.querySelectorAll(".issue-widths a[data-width]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      frame.width = link.getAttribute("data-width");
      document.querySelectorAll(".issue-widths a").forEach(function (other) {
        other.classList.toggle("default", other === link);
        if (other === link) {
          other.setAttribute("aria-current", "true");
        } else {
          other.removeAttribute("aria-current");
        }
      });
    });
  });
})();
