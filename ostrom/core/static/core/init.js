// Start the NHS.UK frontend components (header menu, character counts, error summary focus …).
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();

// htmx swaps replace markup, so start any NHS.UK components inside the new content too.
document.addEventListener("htmx:afterSettle", (event) => initAll({ scope: event.detail.elt }));

// htmx does not swap in an answer with an error status. Some fragments answer a refused request
// (a form with its error message, "you have already voted") with 400, 409 or 429: an element marks
// the statuses it shows with data-swap-statuses="400 409", and requests from inside it swap those in.
// (A listener here rather than hx-on, which evals and so is refused by the Content-Security-Policy.)
document.addEventListener("htmx:beforeSwap", (event) => {
  const holder = event.target.closest && event.target.closest("[data-swap-statuses]");
  if (holder && holder.dataset.swapStatuses.split(" ").includes(String(event.detail.xhr.status))) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
