// A small, offline renderer for the OpenAPI document (the usual Swagger UI comes from a CDN).
"use strict";
(function () {
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function resolve(spec, schema) {
    let current = schema || {};
    for (let depth = 0; current.$ref && depth < 10; depth++) {
      current = current.$ref.replace(/^#\//, "").split("/").reduce((o, k) => (o || {})[k], spec) || {};
    }
    return current;
  }

  function schemaTable(spec, schema) {
    const resolved = resolve(spec, schema);
    const table = el("table");
    const head = table.createTHead().insertRow();
    ["Field", "Type", "Description"].forEach((h) => head.append(el("th", "", h)));
    const body = table.createTBody();
    Object.entries(resolved.properties || {}).forEach(([name, prop]) => {
      const row = body.insertRow();
      const types = (prop.anyOf || [prop]).map((p) => p.format || p.type || (p.$ref || "").split("/").pop()).filter(Boolean);
      row.append(el("td", "", name + ((resolved.required || []).includes(name) ? " *" : "")),
                 el("td", "", types.join(" | ")), el("td", "", prop.description || prop.title || ""));
    });
    return table;
  }

  function render(spec) {
    const root = document.getElementById("docs");
    root.replaceChildren(el("h1", "", (spec.info.title || "API") + " " + (spec.info.version || "")),
                         el("p", "", spec.info.description || ""));
    Object.entries(spec.paths || {}).forEach(([path, methods]) => {
      Object.entries(methods).forEach(([method, op]) => {
        const card = el("section", "app-form docs-op");
        const title = el("h2");
        title.append(el("span", "docs-method docs-" + method, method.toUpperCase()), document.createTextNode(" " + path));
        card.append(title, el("p", "", op.summary || ""));
        const content = ((op.requestBody || {}).content || {})["application/json"];
        if (content) { card.append(el("h3", "", "Request body (JSON)"), schemaTable(spec, content.schema)); }
        const responses = el("ul");
        Object.entries(op.responses || {}).forEach(([code, r]) => responses.append(el("li", "", code + " — " + (r.description || ""))));
        card.append(el("h3", "", "Responses"), responses);
        root.append(card);
      });
    });
  }

  fetch("/openapi.json").then((r) => r.json()).then(render).catch((err) => {
    document.getElementById("docs").replaceChildren(el("p", "app-error", "Could not load /openapi.json: " + err.message));
  });

  document.getElementById("try-send").addEventListener("click", async function () {
    const out = document.getElementById("try-out");
    const status = document.getElementById("try-status");
    status.textContent = "Sending…";
    try {
      const response = await fetch("/v1/check", { method: "POST", headers: { "Content-Type": "application/json" },
                                                   body: document.getElementById("try-body").value });
      status.textContent = response.status + " " + response.statusText;
      out.textContent = JSON.stringify(await response.json(), null, 2);
    } catch (err) {
      status.textContent = "failed: " + err.message;
    }
  });
})();
