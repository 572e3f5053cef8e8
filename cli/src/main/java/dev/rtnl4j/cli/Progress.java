package dev.rtnl4j.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Progress of a long step: a bar redrawn in place on a terminal ({@code System.console()} is a
 * terminal), plain lines at 0, 25, 50, 75 and 100 % otherwise (logs, pipes, tests). Thread-safe;
 * redraws at most ten times a second, so reporting from a timed loop costs next to nothing.
 */
final class Progress implements IntConsumer, AutoCloseable {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final String label;
  private final int total;
  private final boolean terminal;
  private final long started = System.nanoTime();
  private long lastDraw;
  private int lastQuarter = -1;
  private int done;
  private boolean closed;

  private Progress(PrintStream out, String label, int total, boolean terminal) {
    this.out = out;
    this.label = label;
    this.total = Math.max(1, total);
    this.terminal = terminal;
  }

  /** Progress of {@code label} over {@code total} units, on stderr. */
  static Progress start(String label, int total) {
    // JDK 17 and 25 give a console only when stdin and stdout are a terminal (22 to 24 may give one
    // that is not: Console.isTerminal, which tells, is JDK 22 and later)
    Progress p = new Progress(System.err, label, total, System.console() != null);
    p.accept(0);
    return p;
  }

  /** {@code value} units are done (values going back are ignored). */
  @Override
  public synchronized void accept(int value) {
    if (closed || value < done && value != 0) {
      return;
    }
    done = Math.min(value, total);
    if (terminal) {
      long now = System.nanoTime();
      if (done == total || now - lastDraw > 100_000_000L || lastDraw == 0) {
        lastDraw = now;
        int fill = done * WIDTH / total;
        out.print("\r  " + label + " [" + "#".repeat(fill) + " ".repeat(WIDTH - fill) + "] " + done + "/" + total
            + String.format(Locale.ROOT, " %.1fs ", (now - started) / 1e9));
        out.flush();
      }
    } else {
      int quarter = done * 4 / total;
      if (quarter != lastQuarter) {
        lastQuarter = quarter;
        out.println("  " + label + ": " + done + "/" + total + " (" + quarter * 25 + "%)");
        out.flush();
      }
    }
  }

  /** Ends the bar (a terminal gets its newline). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    if (terminal) {
      out.println();
      out.flush();
    }
    closed = true;
  }
}
