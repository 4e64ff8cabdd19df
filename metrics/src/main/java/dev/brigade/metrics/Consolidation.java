package dev.brigade.metrics;

/** How the points of one archive row were combined from finer ones (RRDtool's CF). */
public enum Consolidation {
  AVERAGE,
  MIN,
  MAX;

  org.rrd4j.ConsolFun rrd() {
    return switch (this) {
      case AVERAGE -> org.rrd4j.ConsolFun.AVERAGE;
      case MIN -> org.rrd4j.ConsolFun.MIN;
      case MAX -> org.rrd4j.ConsolFun.MAX;
    };
  }
}
