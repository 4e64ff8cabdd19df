package dev.brigade.box.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The OpenAPI document names every route the API page and the server answer. */
class OpenApiTest {
  @Test
  void everyRouteOfTheServer_isInTheOpenApiDocument() throws Exception {
    JsonNode doc = new ObjectMapper().readTree(ApiPage.openapi());
    assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
    JsonNode paths = doc.get("paths");
    java.util.List<String> routes = new java.util.ArrayList<>(ApiPage.ROUTES);
    routes.addAll(
        java.util.List.of("GET /api/stream", "GET /login", "POST /login", "POST /logout"));
    for (String a : Actions.NAMES) {
      routes.add("POST /actions/{action}");
      assertThat(ApiPage.ROUTES).contains("POST /api/" + a);
    }
    for (String route : routes) {
      String[] mp = route.split(" ");
      assertThat(paths.has(mp[1])).as(route).isTrue();
      assertThat(paths.get(mp[1]).has(mp[0].toLowerCase(Locale.ROOT))).as(route).isTrue();
    }
  }
}
