package dev.brigade.model;

/**
 * A top-level section of {@code brigade.yml} that one part of Brigade owns ({@code edge:}, {@code
 * monitor:}, {@code deploy:}, ...), read and validated by that part, so the model module does not
 * need to know its details.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} (list them in {@code
 * META-INF/services/dev.brigade.model.SectionType}) or passed to {@link ClusterLoader} directly.
 * {@link #read} is called even when the section is absent, so that defaults apply.
 *
 * @param <T> the settings this section turns into
 */
public interface SectionType<T> {

  /** The top-level key, e.g. {@code edge}. */
  String key();

  /** The class of the settings, for the typed lookup in {@link Cluster#section}. */
  Class<T> valueType();

  /**
   * Reads and validates the section. Problems go to {@link SectionContext#problems()}; return
   * usable settings anyway (defaults in place of wrong values) so later checks still run.
   */
  T read(SectionContext context);

  /**
   * Whether {@link #read} uses {@link SectionContext#stageOverrides()}. A section that does not is
   * refused under {@code stages.NAME}, so that an override is never silently ignored.
   */
  default boolean readsStageOverrides() {
    return false;
  }
}
