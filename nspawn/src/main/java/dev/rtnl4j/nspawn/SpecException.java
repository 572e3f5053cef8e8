package dev.rtnl4j.nspawn;

/**
 * A container specification that cannot be used: says which container, which field and what is
 * wrong, e.g. {@code container "web": localAddress "10.0.0.300": not an IPv4 address}.
 */
public final class SpecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String container;
  private final String field;

  /** A problem with {@code field} (a containers.nix option name or path, may be null) of {@code container}. */
  public SpecException(String container, String field, String problem) {
    super(format(container, field, problem));
    this.container = container;
    this.field = field;
  }

  /** A bad value: {@code container "web": localAddress "10.0.0.300": not an IPv4 address}. */
  public static SpecException badValue(String container, String field, String value, String problem) {
    return new SpecException(container, field, value, problem);
  }

  private SpecException(String container, String field, String value, String problem) {
    super("container \"" + container + "\": " + field + " \"" + value + "\": " + problem);
    this.container = container;
    this.field = field;
  }

  private static String format(String container, String field, String problem) {
    StringBuilder sb = new StringBuilder();
    sb.append("container \"").append(container).append('"');
    if (field != null) {
      sb.append(": ").append(field);
    }
    return sb.append(": ").append(problem).toString();
  }

  /** The container's name as given. */
  public String container() {
    return container;
  }

  /** The field that is wrong (e.g. {@code extraVeths.ve1.localAddress}), or null for the whole spec. */
  public String field() {
    return field;
  }
}
