package dev.brigade.edge;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Counters and a latency histogram of one backend (or, added up, of one pool). */
final class BackendMetrics {
  final LongAdder requests = new LongAdder();
  final LongAdder[] byClass = {
    new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()
  };
  final LongAdder connectErrors = new LongAdder();
  final LongAdder timeouts = new LongAdder();
  final LongAdder badResponses = new LongAdder();
  final LongAdder retries = new LongAdder();
  final LongAdder transitions = new LongAdder();
  private final Recorder recorder = Backend.newRecorder();
  private final Histogram total = new Histogram(3);

  void response(int status, long micros) {
    requests.increment();
    int c = status / 100 - 1;
    if (c >= 0 && c < 5) {
      byClass[c].increment();
    }
    recorder.recordValue(Math.max(0, micros));
  }

  /** Everything recorded so far (the recorder's intervals, accumulated). */
  synchronized Histogram histogram() {
    total.add(recorder.getIntervalHistogram());
    return total.copy();
  }
}
