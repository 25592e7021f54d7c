// Starts the design system's components (header menu, error summary focus, conditional radios...).
// Every page works without this script; it only adds behaviour.
import { initAll } from '/assets/nhsuk-frontend.min.js';

initAll();
