package dev.brigade.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InstanceSpecTest {
  @ParameterizedTest
  @CsvSource({"20ms, '', PT0.02S", "2s, '', PT2S", "app2=300ms, app2, PT0.3S", "1m, '', PT1M"})
  void latencies_parse(String text, String instance, Duration expected) {
    InstanceSpec spec = InstanceSpec.parse(text);
    assertThat(spec.instance()).isEqualTo(instance);
    assertThat(spec.latency()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"0.05, 0.05", "5%, 0.05", "app3=0.5, 0.5", "1, 1.0", "0, 0.0"})
  void failureRates_parse(String text, double expected) {
    assertThat(InstanceSpec.parse(text).failureRate()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fast", "20", "-5ms", "app2=", "app2=slow", "20 ms"})
  void badLatencies_sayWhatToWrite(String text) {
    assertThatThrownBy(() -> InstanceSpec.parse(text).latency())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("e.g. 20ms");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "-0.1", "150%", "often", "app3=x"})
  void badFailureRates_sayWhatToWrite(String text) {
    assertThatThrownBy(() -> InstanceSpec.parse(text).failureRate())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("from 0 to 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"app4=10ms", "web1=10ms"})
  void unknownInstance_isNamed(String text) {
    assertThatThrownBy(() -> InstanceSpec.parse(text).checkInstance(3))
        .hasMessageContaining("no instance")
        .hasMessageContaining("app1 to app3");
  }
}
