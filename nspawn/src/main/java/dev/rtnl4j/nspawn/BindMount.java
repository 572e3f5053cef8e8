package dev.rtnl4j.nspawn;

/**
 * A host directory bound into the container (containers.nix {@code bindMounts}).
 *
 * @param mountPoint absolute path in the container
 * @param hostPath absolute path on the host; null means the same path as mountPoint
 * @param readOnly {@code --bind-ro} rather than {@code --bind} (containers.nix default: true)
 */
public record BindMount(String mountPoint, String hostPath, boolean readOnly) {

  /** The source on the host: hostPath, or mountPoint when hostPath is null. */
  public String source() {
    return hostPath == null ? mountPoint : hostPath;
  }

  /**
   * The nspawn argument, {@code --bind=SRC:DST} or {@code --bind-ro=SRC:DST}, with {@code \} and
   * {@code :} escaped as nspawn's --bind parser reads them (backslash escapes are interpreted).
   */
  public String nspawnArgument() {
    return (readOnly ? "--bind-ro=" : "--bind=") + escape(source()) + ":" + escape(mountPoint);
  }

  static String escape(String path) {
    StringBuilder sb = new StringBuilder(path.length() + 4);
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\' || c == ':') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
