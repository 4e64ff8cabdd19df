package dev.brigade.plan;

import java.util.List;
import java.util.Map;

/**
 * What the access logs say about the traffic: its shape over the period (hourly, by weekday and
 * hour, the typical and the absolute peak) and its hit distribution. Serialised as the {@code
 * traffic} part of {@code brigade plan --json}.
 *
 * @param files the logs read, in the order given
 * @param formats each file's log format (detected or given)
 * @param lines lines read, blank ones included
 * @param requests lines that parsed
 * @param bytes response bytes of those requests
 * @param malformed lines that did not parse
 * @param malformedExamples the first few of them, with file and line
 * @param problems problems with whole files (unknown format, damaged gzip), one line each
 * @param first the local time of the first request
 * @param last the local time of the last request
 * @param zone the zone the local times are in ({@code as logged} for each line's own offset)
 * @param hours every hour of the period, those without requests included
 * @param weekdayHours average requests per hour by weekday (Monday first) and local hour
 * @param days local dates in the period
 * @param percentile the percentile of the daily peak hours that defines the typical peak
 * @param typicalPeak the peak hour of a typical day (that percentile of the daily peak hours)
 * @param absolutePeak the busiest hour of the whole period
 * @param classes requests by hit class: {@code green}, {@code yellow}, {@code red}
 * @param cacheableShare the share of requests a reverse proxy cache could answer (green and yellow)
 * @param statuses requests by status class ({@code 2xx} ...; {@code other} for the rest)
 */
public record TrafficReport(
    List<String> files,
    Map<String, String> formats,
    long lines,
    long requests,
    long bytes,
    long malformed,
    List<Malformed> malformedExamples,
    List<String> problems,
    String first,
    String last,
    String zone,
    List<HourCount> hours,
    List<List<Double>> weekdayHours,
    int days,
    int percentile,
    Peak typicalPeak,
    Peak absolutePeak,
    Map<String, ClassStats> classes,
    double cacheableShare,
    Map<String, Long> statuses) {

  /**
   * A line that did not parse.
   *
   * @param file the log file
   * @param line its line number (1-based)
   * @param reason what was wrong
   * @param text the line's start, control characters escaped
   */
  public record Malformed(String file, long line, String reason, String text) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + reason + ": " + text;
    }
  }

  /**
   * One hour of the period.
   *
   * @param start its local start, ISO 8601 with offset
   * @param requests requests in it
   * @param bytes response bytes in it
   */
  public record HourCount(String start, long requests, long bytes) {}

  /**
   * A peak hour and the rates inside it.
   *
   * @param start its local start, ISO 8601 with offset
   * @param weekday its weekday, e.g. {@code Sat}
   * @param requests requests in the hour
   * @param perSecond the hour's average requests per second
   * @param peakMinutePerSecond the busiest minute's requests per second; null when not known
   * @param peakSecond the busiest second's requests; null when not known
   * @param classRequests the hour's requests by class: green, yellow, red
   */
  public record Peak(
      String start,
      String weekday,
      long requests,
      double perSecond,
      Double peakMinutePerSecond,
      Integer peakSecond,
      List<Long> classRequests) {}

  /**
   * One hit class.
   *
   * @param requests its requests
   * @param bytes its response bytes
   * @param share its share of all requests
   * @param cacheHits requests the log marks as served by the cache
   * @param cacheMisses requests the log marks as passed to the backends
   * @param measuredHitRate hits / (hits + misses); null when the log has no cache status
   * @param top the most requested paths (query cut off)
   * @param topUndercount how many requests any listed count may miss (bounded counting)
   */
  public record ClassStats(
      long requests,
      long bytes,
      double share,
      long cacheHits,
      long cacheMisses,
      Double measuredHitRate,
      List<UrlCount> top,
      long topUndercount) {}

  /**
   * A path and its requests.
   *
   * @param path the path, without its query
   * @param requests requests for it
   * @param bytes response bytes for it
   */
  public record UrlCount(String path, long requests, long bytes) {}
}
