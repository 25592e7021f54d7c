// Marks the page as scripted before it paints, as the design system expects (kept out of the HTML so the
// content security policy can forbid inline script).
document.body.className +=
  ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' nhsuk-frontend-supported' : '');
