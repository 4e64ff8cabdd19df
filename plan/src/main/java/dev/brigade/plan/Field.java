package dev.brigade.plan;

/** What one directive of a log format carries, as far as planning needs it. */
enum Field {
  /** A value planning does not need (client address, user, referer, user agent, ...). */
  SKIP,
  /** {@code [10/Oct/2000:13:55:36 -0700]} without the brackets (Apache %t, nginx $time_local). */
  TIME_CLF,
  /** {@code 2000-10-10T13:55:36-07:00} (nginx $time_iso8601). */
  TIME_ISO,
  /** Seconds since the epoch with a fraction (nginx $msec). */
  TIME_EPOCH,
  /** The request line {@code GET /path HTTP/1.1} (%r, $request). */
  REQUEST,
  /** The method alone (%m, $request_method). */
  METHOD,
  /** The request target alone (%U, $request_uri, $uri). */
  TARGET,
  /** The final status (%>s, %s, $status). */
  STATUS,
  /** Response bytes, {@code -} for none (%b, %B, %O, $body_bytes_sent, $bytes_sent). */
  BYTES,
  /** The request's Cookie header (%{Cookie}i, $http_cookie), for red requests. */
  COOKIE,
  /** A cache's verdict: Brigade's, nginx $upstream_cache_status, Varnish:hitmiss / handling. */
  CACHE
}
