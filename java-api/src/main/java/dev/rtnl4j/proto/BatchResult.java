package dev.rtnl4j.proto;

import dev.rtnl4j.codec.ErrorMessage;
import java.util.List;

/**
 * The outcome of a batch of independent requests sent together: which of them failed, each
 * failure against the request that caused it ({@code index} in submission order).
 */
public record BatchResult(int requests, List<Failure> failures) {

  /**
   * Request number {@code index} (0-based, in submission order) failed with errno {@link #errno()}.
   * Its {@link #error()} is made when first asked for: a refusal the caller expects (ENODEV on a
   * delete of what may be gone) costs no exception, no stack trace and no description.
   */
  public static final class Failure {
    private final int index;
    private final Request request;
    private final ErrorMessage reply;
    private final String namespaceLabel;
    private KernelException error;

    /** A failure whose exception is made already. */
    public Failure(int index, Request request, KernelException error) {
      this(index, request, null, null, error);
    }

    private Failure(int index, Request request, ErrorMessage reply, String namespaceLabel, KernelException error) {
      this.index = index;
      this.request = request;
      this.reply = reply;
      this.namespaceLabel = namespaceLabel;
      this.error = error;
    }

    /** The failure the kernel's {@code reply} reports, its exception made when asked for. */
    static Failure of(int index, Request request, ErrorMessage reply, String namespaceLabel) {
      return new Failure(index, request, reply, namespaceLabel, null);
    }

    /** The request's place in submission order, 0-based. */
    public int index() {
      return index;
    }

    /** The request that failed. */
    public Request request() {
      return request;
    }

    /** The positive errno the kernel answered with. */
    public int errno() {
      return error != null ? error.errno() : reply.errno();
    }

    /** The refusal as an exception (errno, what the request did, the kernel's message and offending attribute). */
    public KernelException error() {
      KernelException e = error;
      if (e == null) {
        e = NetlinkChannel.toException(request, reply, namespaceLabel);
        error = e;
      }
      return e;
    }

    @Override
    public String toString() {
      return "Failure[index=" + index + ", error=" + error().getMessage() + "]";
    }
  }

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
    throwFirstOf(failures);
  }

  /**
   * As {@link #throwIfFailed()}, but a refusal with errno {@code expected} counts as none (ENODEV
   * for a delete of what may be gone already); such refusals make no exception.
   */
  public void throwIfFailedOtherThan(int expected) {
    List<Failure> unexpected = new java.util.ArrayList<>();
    for (Failure f : failures) {
      if (f.errno() != expected) {
        unexpected.add(f);
      }
    }
    throwFirstOf(unexpected);
  }

  /**
   * Throws the first of {@code failed} with the others attached as suppressed; nothing when empty.
   * A failure's exception is made once and kept, so a second call finds them attached already.
   */
  private static void throwFirstOf(List<Failure> failed) {
    if (failed.isEmpty()) {
      return;
    }
    KernelException first = failed.get(0).error();
    List<Throwable> attached = List.of(first.getSuppressed());
    for (int i = 1; i < failed.size(); i++) {
      KernelException other = failed.get(i).error();
      if (!attached.contains(other)) {
        first.addSuppressed(other);
      }
    }
    throw first;
  }
}
