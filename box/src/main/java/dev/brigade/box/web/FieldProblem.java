package dev.brigade.box.web;

/** A request's field is missing or wrong: a 400 whose problem details (RFC 9457) name the field. */
public final class FieldProblem extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;

  /** {@code field} is wrong; {@code message} says how, in one line. */
  public FieldProblem(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The field's name. */
  public String field() {
    return field;
  }
}
