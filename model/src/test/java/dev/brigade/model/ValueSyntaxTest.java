package dev.brigade.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueSyntaxTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.1",
        "127.0.0.1",
        "::1",
        "2001:db8::1",
        "fe80::1:2:3:4",
        "::ffff:10.0.0.1",
        "2001:db8:0:0:0:0:0:1",
        "web1",
        "web1.example.com",
        "db-1.ams1.example.com."
      })
  void validAddresses_areAccepted(String address) {
    assertThat(Addresses.problem(address)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.300",
        "10.0.0",
        "10.0.0.1.2",
        "010.0.0.1",
        "2001:db8::1::2",
        "2001:db8:1",
        "12345::1",
        "web_1.example.com",
        "-web.example.com",
        "web..example.com",
        "a b",
        "gggg::1"
      })
  void invalidAddresses_areRefused(String address) {
    assertThat(Addresses.problem(address)).isNotNull();
  }

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "10s, PT10S",
    "5m, PT5M",
    "1h30m, PT1H30M",
    "7d, PT168H",
    "2w, PT336H",
    "0, PT0S"
  })
  void durations_parse(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10", "10 seconds", "s", "1h 30m", "-5s", "1.5s", ""})
  void nonDurations_areRefused(String text) {
    assertThat(Durations.parse(text)).isNull();
  }

  @ParameterizedTest
  @CsvSource({"512, 512", "64KB, 65536", "256MB, 268435456", "2GiB, 2147483648", "1.5k, 1536"})
  void sizes_parse(String text, long bytes) {
    assertThat(Durations.parseSize(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({"rols, roles", "hsots, hosts", "stage, stages", "adress, address", "Roles, roles"})
  void typos_suggestTheKnownKey(String typo, String expected) {
    assertThat(Suggestions.closest(typo, List.of("roles", "hosts", "stages", "address", "layers")))
        .contains(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"memcached", "xyz", "datacenter"})
  void unrelatedWords_suggestNothing(String word) {
    assertThat(Suggestions.closest(word, List.of("roles", "hosts", "stages"))).isEmpty();
  }
}
