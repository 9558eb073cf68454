// copydesk web app: submit the form without leaving the page. Without this script the form
// posts normally and the server answers with the same page, report included.
"use strict";
(function () {
  const form = document.getElementById("check-form");
  const result = document.getElementById("result");
  const status = document.getElementById("status");
  const button = document.getElementById("submit");
  if (!form || !result || !window.fetch || !window.DOMParser) return;

  function setBusy(busy) {
    button.disabled = busy;
    status.textContent = busy ? "Checking…" : "";
    form.setAttribute("aria-busy", busy ? "true" : "false");
  }

  function showError(message) {
    const box = document.createElement("div");
    box.className = "app-error";
    box.setAttribute("role", "alert");
    const strong = document.createElement("strong");
    strong.textContent = "Could not check this. ";
    box.append(strong, document.createTextNode(message));
    result.replaceChildren(box);
  }

  form.addEventListener("submit", async function (event) {
    if (event.submitter && event.submitter.name === "download") return;  // a file: let the browser save it
    event.preventDefault();
    setBusy(true);
    try {
      const response = await fetch(form.action, { method: "POST", body: new FormData(form) });
      // The server renders (and escapes) the result; take its #result, which holds no scripts.
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById("result");
      if (fresh) {
        result.replaceChildren(...Array.from(fresh.childNodes, (node) => document.importNode(node, true)));
      } else {
        showError("the server answered " + response.status + " " + response.statusText + ".");
      }
      document.title = page.title || document.title;
      result.scrollIntoView({ behavior: "smooth", block: "start" });
    } catch (err) {
      showError("the server could not be reached (" + err.message + ").");
    } finally {
      setBusy(false);
    }
  });

  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });
})();
