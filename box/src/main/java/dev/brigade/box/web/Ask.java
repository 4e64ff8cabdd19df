package dev.brigade.box.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request as a page sees it: already signed in, its role checked and, for a change, its CSRF
 * token checked.
 *
 * @param method GET, POST, ...
 * @param path the path, decoded, without the query
 * @param query the query parameters, each name with all its values in order
 * @param form the form fields of a {@code application/x-www-form-urlencoded} body (empty for
 *     others)
 * @param body the raw body (empty for GET), at most the server's body limit
 * @param contentType the request's Content-Type, or empty
 * @param user who asks
 * @param role what they may do
 * @param csrf the token a page puts into its forms as a hidden {@code csrf} field
 * @param box the running box: model, monitor, metrics, store
 */
public record Ask(
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, List<String>> form,
    byte[] body,
    String contentType,
    String user,
    Role role,
    String csrf,
    BoxContext box) {

  /** The first value of a query parameter. */
  public Optional<String> param(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
  }

  /** Every value of a query parameter (e.g. {@code series=a&series=b}). */
  public List<String> params(String name) {
    return query.getOrDefault(name, List.of());
  }

  /** The first value of a form field. */
  public Optional<String> field(String name) {
    List<String> v = form.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
  }

  /** Every value of a form field (e.g. the ticked rows of a bulk action). */
  public List<String> fields(String name) {
    return form.getOrDefault(name, List.of());
  }

  /** Whether the client asked for JSON ({@code Accept: application/json} or {@code .json}). */
  public boolean wantsJson() {
    return path.endsWith(".json") || param("format").map("json"::equals).orElse(false);
  }
}
