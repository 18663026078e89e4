// The admin token is typed once and kept for this tab only; every button posts to the API with it.
(function () {
  "use strict";
  var KEY = "jobqueue.adminToken";
  var LIVE = "jobqueue.live";

  function say(text, failed) {
    var box = document.getElementById("message");
    box.textContent = text;
    box.className = failed ? "message failed" : "message";
    box.hidden = false;
  }

  function showTokenState() {
    var state = document.getElementById("token-state");
    if (state) state.textContent = sessionStorage.getItem(KEY) ? "token set" : "";
  }

  function bodyOf(button) {
    var body = JSON.parse(button.dataset.body || "{}");
    var database = document.getElementById("action-database");
    if (database && database.value.trim() && "type" in body) body.database = database.value.trim();
    return body;
  }

  function post(button) {
    var token = sessionStorage.getItem(KEY);
    if (!token) { say("Type the admin token first (top right).", true); return; }
    if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
    button.disabled = true;
    fetch(button.dataset.post, {
      method: "POST",
      headers: { "Authorization": "Bearer " + token, "Content-Type": "application/json" },
      body: JSON.stringify(bodyOf(button))
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        var lines = (answer.output || []).concat(answer.errors || []);
        if (answer.error) lines.push(answer.error);
        say((response.ok ? "Done. " : "Failed (" + response.status + "). ") + lines.join("\n"), !response.ok);
        if (response.ok) window.setTimeout(function () { window.location.reload(); }, 1500);
      });
    }).catch(function (failure) {
      say("Failed: " + failure, true);
    }).finally(function () {
      button.disabled = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("token-form");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = document.getElementById("token");
      if (input.value) sessionStorage.setItem(KEY, input.value); else sessionStorage.removeItem(KEY);
      input.value = "";
      showTokenState();
    });
    showTokenState();
    var live = document.getElementById("live");
    if (live) {
      live.checked = sessionStorage.getItem(LIVE) === "on";
      live.addEventListener("change", function () { sessionStorage.setItem(LIVE, live.checked ? "on" : "off"); });
      window.setInterval(function () { if (live.checked) window.location.reload(); }, 5000);
    }
    document.querySelectorAll("button[data-post]").forEach(function (button) {
      button.addEventListener("click", function () { post(button); });
    });
  });
})();
