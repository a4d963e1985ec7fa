// Starts Swagger UI on /api/docs/. A file of this origin rather than drf-spectacular's inline script, so the
// strict content security policy (script-src 'self') holds; settings come from the page's data attributes.
"use strict";
(() => {
  const root = document.getElementById("swagger-ui");
  const { schemaUrl, csrfHeader, csrfToken } = root.dataset;
  window.ui = SwaggerUIBundle({
    url: schemaUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    requestInterceptor: (request) => {
      // "Try it out" runs in the signed-in session: writes need the CSRF token.
      if (!["GET", "HEAD", "OPTIONS", undefined].includes(request.method)) {
        request.headers[csrfHeader] = csrfToken;
      }
      return request;
    },
  });
})();
