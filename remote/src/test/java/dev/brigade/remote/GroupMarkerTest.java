package dev.brigade.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GroupMarkerTest {
  private final BoundedOutput kept = new BoundedOutput(1000);
  private final GroupMarker marker = new GroupMarker(kept, "brigade-pgid-ab12");

  private void write(String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    marker.write(bytes, 0, bytes.length);
  }

  @Test
  void markerLine_isTakenOutAndGivesTheProcessGroup() throws IOException {
    write("brigade-pgid-ab12 4242\nerr\n");
    marker.finish();

    assertThat(marker.processGroup()).isEqualTo(4242);
    assertThat(kept.text()).isEqualTo("err\n");
  }

  @Test
  void linesBeforeTheMarker_passThrough_andAMarkerSplitAcrossWritesIsFound() throws IOException {
    write("bashrc says hi\nbrigade-pgid-");
    write("ab12 77");
    write("\npartial");
    marker.finish();

    assertThat(marker.processGroup()).isEqualTo(77);
    assertThat(kept.text()).isEqualTo("bashrc says hi\npartial");
  }

  @Test
  void withoutMarker_everythingPassesThrough() throws IOException {
    write("no marker here\nbrigade-pgid-other 5\n");
    marker.finish();

    assertThat(marker.processGroup()).isEqualTo(-1);
    assertThat(kept.text()).isEqualTo("no marker here\nbrigade-pgid-other 5\n");
  }
}
