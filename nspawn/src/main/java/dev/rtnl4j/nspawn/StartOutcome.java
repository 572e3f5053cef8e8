package dev.rtnl4j.nspawn;

/**
 * The result of one container of {@link ContainerRuntime#startAll}: started, or failed (and
 * undone).
 *
 * @param name the container's name
 * @param container the running container, or null when the start failed
 * @param failure why the start failed, or null
 */
public record StartOutcome(String name, RunningContainer container, StartException failure) {
  /** True when the container is running. */
  public boolean started() {
    return container != null;
  }
}
