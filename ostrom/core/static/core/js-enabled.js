// Loaded at the very start of <body>, before anything is drawn, in place of the NHS.UK frontend's
// inline snippet (which the Content-Security-Policy would refuse): the NHS.UK styles for JavaScript
// (menus, conditional questions) apply only once the body carries these classes.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " nhsuk-frontend-supported" : "");
