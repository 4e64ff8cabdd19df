package dev.brigade.demo;

import dev.brigade.traffic.HitClass;
import java.util.random.RandomGenerator;

/**
 * What the simulated visitors ask for: shares of green (static files), yellow (cacheable pages,
 * product ids by Zipf's law) and red (per-user pages of logged-in users) requests. Pure: the next
 * request is a function of a random source and of the users' login states.
 *
 * @param green share of static files
 * @param yellow share of cacheable pages
 * @param red share of per-user pages (logins, account, cart)
 * @param products how many products the shop has (yellow {@code /products/ID})
 * @param zipfExponent how skewed product popularity is (1 is classic Zipf)
 * @param users how many simulated users log in and keep their session cookie
 * @param logoutRate probability that a logged-in user's request is its last (so logins go on)
 */
public record TrafficMix(
    double green,
    double yellow,
    double red,
    int products,
    double zipfExponent,
    int users,
    double logoutRate) {

  /** Mostly static files, a third cacheable pages, a tenth per-user pages. */
  public static final TrafficMix DEFAULT = new TrafficMix(0.55, 0.35, 0.10, 2000, 1.0, 200, 0.01);

  /** A login state of one simulated user. */
  public enum UserState {
    /** No session cookie: the next red request is a login. */
    LOGGED_OUT,
    /** The login is in flight; the user waits for its cookie. */
    LOGGING_IN,
    /** Has a session cookie and sends it with every red request. */
    LOGGED_IN
  }

  /** The login states of the users, as the traffic generator keeps them. */
  @FunctionalInterface
  public interface Users {
    UserState state(int user);
  }

  /**
   * One request to send.
   *
   * @param kind its hit class
   * @param method GET or POST
   * @param path the request target
   * @param user the simulated user (0 to users - 1) for red requests, -1 otherwise
   * @param form the form body of a POST, empty otherwise
   * @param logout whether the user forgets its cookie once this request is answered
   */
  public record Request(
      HitClass kind, String method, String path, int user, String form, boolean logout) {
    /** True for a login, whose answer brings the user's session cookie. */
    public boolean login() {
      return path.equals("/login");
    }
  }

  private static final String[] STATIC = {
    "/static/style.css", "/static/app.js", "/static/logo.svg", "/static/kb.txt"
  };

  public TrafficMix {
    if (green < 0 || yellow < 0 || red < 0 || !(green + yellow + red > 0)) {
      throw new IllegalArgumentException("the shares must be 0 or more and not all 0");
    }
    if (users < 1 || users > 100_000) {
      throw new IllegalArgumentException("users must be from 1 to 100000, not " + users);
    }
    if (!(logoutRate >= 0 && logoutRate <= 1)) {
      throw new IllegalArgumentException("the logout rate must be from 0 to 1, not " + logoutRate);
    }
    new ZipfIds(products, zipfExponent); // checks both
  }

  /** A sampler of this mix; it holds the Zipf table, so build it once. */
  public Sampler sampler() {
    return new Sampler(this);
  }

  /** Draws requests of one mix. */
  public static final class Sampler {
    private final TrafficMix mix;
    private final ZipfIds ids;

    private Sampler(TrafficMix mix) {
      this.mix = mix;
      this.ids = new ZipfIds(mix.products, mix.zipfExponent);
    }

    /** The next request. */
    public Request next(RandomGenerator random, Users users) {
      double total = mix.green + mix.yellow + mix.red;
      double pick = random.nextDouble() * total;
      if (pick < mix.green) {
        return green(random);
      }
      if (pick < mix.green + mix.yellow) {
        return yellow(random);
      }
      return red(random, users);
    }

    private static Request green(RandomGenerator random) {
      double p = random.nextDouble();
      String path = p < 0.01 ? "/static/download.bin" : STATIC[random.nextInt(STATIC.length)];
      return new Request(HitClass.GREEN, "GET", path, -1, "", false);
    }

    private Request yellow(RandomGenerator random) {
      double p = random.nextDouble();
      String path =
          p < 0.05 ? "/" : p < 0.15 ? "/news" : "/products/" + ids.id(random.nextDouble());
      return new Request(HitClass.YELLOW, "GET", path, -1, "", false);
    }

    private Request red(RandomGenerator random, Users users) {
      int n = mix.users;
      int start = random.nextInt(n);
      int user = start;
      // a user whose login is in flight waits for its cookie; ask another one
      for (int i = 0; i < n && users.state(user) == UserState.LOGGING_IN; i++) {
        user = (start + i + 1) % n;
      }
      if (users.state(user) != UserState.LOGGED_IN) {
        return new Request(HitClass.RED, "POST", "/login", user, "user=user" + user, false);
      }
      boolean logout = random.nextDouble() < mix.logoutRate;
      double p = random.nextDouble();
      if (p < 0.5) {
        return new Request(HitClass.RED, "GET", "/account", user, "", logout);
      }
      if (p < 0.85) {
        return new Request(HitClass.RED, "GET", "/cart", user, "", logout);
      }
      int product = ids.id(random.nextDouble());
      return new Request(HitClass.RED, "POST", "/cart", user, "item=product-" + product, logout);
    }
  }
}
