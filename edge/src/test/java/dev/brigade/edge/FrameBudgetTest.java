package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameBudgetTest {
  @Test
  void theMaxInOneWindowPasses_theNextIsRefused_andANewWindowStartsAfresh() {
    FrameBudget b = new FrameBudget(3, 1_000);
    assertThat(b.take(0)).isTrue();
    assertThat(b.take(10)).isTrue();
    assertThat(b.take(999)).isTrue();
    assertThat(b.take(999)).isFalse();
    assertThat(b.take(1_000)).isTrue(); // the window restarted at 1,000
    assertThat(b.take(1_500)).isTrue();
    assertThat(b.take(1_999)).isTrue();
    assertThat(b.take(1_999)).isFalse();
  }

  @Test
  void aClockThatStartsNegative_orWrapsLikeNanoTime_isFine() {
    FrameBudget b = new FrameBudget(1, 100);
    assertThat(b.take(Long.MAX_VALUE - 10)).isTrue();
    assertThat(b.take(Long.MAX_VALUE)).isFalse();
    assertThat(b.take(Long.MIN_VALUE + 200)).isTrue(); // 210 ns later, past the wrap
  }

  @Test
  void aBudgetOfNothing_isAProgrammingError() {
    assertThatThrownBy(() -> new FrameBudget(0, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
