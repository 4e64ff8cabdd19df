// Brigade demo: a static (green) script. Shows when the page was rendered by the server.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("rendered");
  if (el) {
    el.title = "rendered by " + el.dataset.server + " at " + el.dataset.time;
  }
});
