// Follow a background job on its page: move the progress bar, then reload once it has finished.
// The page works without this script; the Content-Security-Policy allows only our own files.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.getAttribute("data-finished") === "1" || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("job-progress");
  var count = document.getElementById("job-count");
  var status = document.getElementById("job-status");
  var log = document.getElementById("job-log");

  function show(state) {
    if (state.total) {
      bar.max = state.total;
      bar.value = state.done;
      bar.textContent = state.percent + "%";
      count.textContent = state.done + " of " + state.total + " (" + state.percent + "%)";
    }
    status.textContent = state.status_label;
    log.textContent = state.log;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }

  window.setTimeout(poll, 1000);
})();
