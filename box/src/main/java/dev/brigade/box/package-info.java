/**
 * The management box: one daemon ({@code brigade box}) that hosts the failure monitor and the
 * metrics engine, keeps their state, and serves the web dashboard and the JSON API.
 *
 * <p>The dashboard is a set of {@link dev.brigade.box.web.BoxPage}s found through {@link
 * java.util.ServiceLoader}; the server wraps every page in the same login, roles, CSRF check,
 * layout and Content-Security-Policy, so a page is only its own content.
 */
package dev.brigade.box;
