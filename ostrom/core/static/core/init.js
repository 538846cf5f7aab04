// Start the NHS.UK frontend components (header menu, character counts, error summary focus …).
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();

// htmx swaps replace markup, so start any NHS.UK components inside the new content too.
document.addEventListener("htmx:afterSettle", (event) => initAll({ scope: event.detail.elt }));
