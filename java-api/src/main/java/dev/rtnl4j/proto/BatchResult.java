package dev.rtnl4j.proto;

import java.util.List;

/**
 * The outcome of a batch of independent requests sent together: which of them failed, each
 * failure against the request that caused it ({@code index} in submission order).
 */
public record BatchResult(int requests, List<Failure> failures) {

  /** Request number {@code index} (0-based, in submission order) failed with {@code error}. */
  public record Failure(int index, Request request, KernelException error) {}

  /** Copies {@code failures}. */
  public BatchResult {
    failures = List.copyOf(failures);
  }

  /** True when every request was acknowledged. */
  public boolean ok() {
    return failures.isEmpty();
  }

  /** Throws the first failure (the others attached as suppressed) unless all succeeded. */
  public void throwIfFailed() {
    if (failures.isEmpty()) {
      return;
    }
    KernelException first = failures.get(0).error();
    for (int i = 1; i < failures.size(); i++) {
      first.addSuppressed(failures.get(i).error());
    }
    throw first;
  }
}
