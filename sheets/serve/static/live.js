// Search as you type, and pages that update themselves when the catalog changes.
// Everything here is an extra: without it, the search form and links do the same.
"use strict";

const searchBox = document.getElementById("q");
const results = document.getElementById("results");
if (searchBox && results) {
  let asked = 0;
  searchBox.addEventListener("input", async () => {
    const ask = ++asked;
    const params = new URLSearchParams(new FormData(searchBox.form));
    let found = null;
    try {
      const answer = await fetch("/search?" + params, { headers: { Accept: "text/html" } });
      found = answer.ok ? await answer.text() : null;
    } catch {
      return; // the server is away (restarting): the next keystroke asks again
    }
    if (ask !== asked || found === null) return; // a later keystroke has asked since
    results.innerHTML = found;
    history.replaceState(null, "", "/?" + params); // a reload keeps the query
  });
}

// A page with something typed into one of its forms is not reloaded under the typist's hands,
// nor one that answers a form: it says the catalog changed, with a link to the new version.
function typedInto() {
  return [...document.querySelectorAll("form.keep input:not([type=hidden]), form.keep textarea")]
    .some((field) => field.value !== field.defaultValue);
}

const shown = document.body.dataset.version;
function listen() {
  const events = new EventSource("/events");
  events.onmessage = (event) => {
    if (event.data === shown) return;
    // A page answering a form is never reloaded: that would post the form again.
    if (typedInto() || "posted" in document.body.dataset) {
      document.getElementById("update").hidden = false;
    } else {
      events.close();
      location.reload();
    }
  };
  // A page left for another is kept for the Back button: its connection is closed meanwhile,
  // or a few pages visited would hold every connection the browser opens to the server.
  addEventListener("pagehide", () => events.close(), { once: true });
}
if (window.EventSource) {
  listen();
  addEventListener("pageshow", (event) => event.persisted && listen()); // back: listen again
}
