package dev.rtnl4j.kmod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The outcome of loading a list of modules: per name asked for, the outcome of every module its
 * plan touched, in plan order.
 *
 * @param outcomes per requested name, in the order asked
 */
public record LoadReport(Map<String, List<LoadOutcome>> outcomes) {
  /** Copies. */
  public LoadReport {
    outcomes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outcomes));
  }

  /** True when nothing failed. */
  public boolean success() {
    return failures().isEmpty();
  }

  /** Every failed outcome. */
  public List<LoadOutcome> failures() {
    List<LoadOutcome> f = new ArrayList<>();
    for (List<LoadOutcome> l : outcomes.values()) {
      for (LoadOutcome o : l) {
        if (!o.ok()) {
          f.add(o);
        }
      }
    }
    return f;
  }

  /** The exit status systemd-modules-load would give: 0 on success, 1 when anything failed. */
  public int exitStatus() {
    return success() ? 0 : 1;
  }
}
