package dev.rtnl4j.kmod;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * A kernel's build configuration ({@code .config}), read from {@code /proc/config.gz} or
 * {@code /boot/config-RELEASE}, with the checks NixOS's {@code lib.kernelConfig} offers:
 * {@code isYes}, {@code isNo}, {@code isModule}, {@code isEnabled} (y or m) and
 * {@code isDisabled} (n or not set). A line {@code # CONFIG_X is not set} reads as {@code n}.
 * Option names may be given with or without {@code CONFIG_}.
 */
public final class KernelConfig {
  /** The running kernel's configuration, when built with {@code CONFIG_IKCONFIG_PROC}. */
  public static final Path PROC_CONFIG = Path.of("/proc/config.gz");

  private final Path source;
  private final Map<String, String> values;

  private KernelConfig(Path source, Map<String, String> values) {
    this.source = source;
    this.values = values;
  }

  /**
   * Reads {@code file}, gzip-compressed or not (found by its magic).
   *
   * @throws KmodException when it cannot be read
   */
  public static KernelConfig load(Path file) {
    try {
      byte[] b = Files.readAllBytes(file);
      if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
          b = in.readAllBytes();
        }
      }
      return parse(file, new String(b, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      throw new KmodException("cannot read the kernel configuration " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The configuration of kernel {@code release}: {@code /boot/config-RELEASE}, or, for the
   * running kernel, {@code /proc/config.gz} when there is no such file.
   *
   * @throws KmodException when neither exists
   */
  public static KernelConfig forRelease(String release) {
    Path boot = Path.of("/boot/config-" + release);
    if (Files.isRegularFile(boot)) {
      return load(boot);
    }
    if (release.equals(ModuleSettings.runningRelease()) && Files.exists(PROC_CONFIG)) {
      return load(PROC_CONFIG);
    }
    throw new KmodException("no configuration for kernel " + release + ": neither " + boot
        + (release.equals(ModuleSettings.runningRelease()) ? " nor " + PROC_CONFIG : "") + " exists");
  }

  /** The running kernel's configuration: {@code /proc/config.gz}, else {@code /boot/config-$(uname -r)}. */
  public static KernelConfig running() {
    if (Files.exists(PROC_CONFIG)) {
      return load(PROC_CONFIG);
    }
    return forRelease(ModuleSettings.runningRelease());
  }

  /** Parses {@code .config} text. */
  public static KernelConfig parse(Path source, String text) {
    Map<String, String> v = new HashMap<>();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.startsWith("# CONFIG_") && l.endsWith(" is not set")) {
        v.put(l.substring(2, l.length() - " is not set".length()), "n");
      } else if (l.startsWith("CONFIG_")) {
        int eq = l.indexOf('=');
        if (eq > 0) {
          String val = l.substring(eq + 1);
          if (val.length() >= 2 && val.startsWith("\"") && val.endsWith("\"")) {
            val = val.substring(1, val.length() - 1);
          }
          v.put(l.substring(0, eq), val);
        }
      }
    }
    return new KernelConfig(source, Map.copyOf(v));
  }

  /** Where this configuration was read from. */
  public Path source() {
    return source;
  }

  static String key(String option) {
    return option.startsWith("CONFIG_") ? option : "CONFIG_" + option;
  }

  /** The value of {@code option} ("y", "m", "n", a number or a string), or empty when unset. */
  public Optional<String> value(String option) {
    return Optional.ofNullable(values.get(key(option)));
  }

  /** {@code =y}. */
  public boolean isYes(String option) {
    return "y".equals(values.get(key(option)));
  }

  /** {@code =n} (or {@code # ... is not set}). */
  public boolean isNo(String option) {
    return "n".equals(values.get(key(option)));
  }

  /** {@code =m}. */
  public boolean isModule(String option) {
    return "m".equals(values.get(key(option)));
  }

  /** {@code =y} or {@code =m}. */
  public boolean isEnabled(String option) {
    return isYes(option) || isModule(option);
  }

  /** {@code =n} or absent. */
  public boolean isDisabled(String option) {
    return !values.containsKey(key(option)) || isNo(option);
  }

  /** What a {@link Requirement} asks of an option. */
  public enum Expectation {
    /** {@code =y}. */
    YES("y"),
    /** {@code =n}: listed as {@code # CONFIG_X is not set} (NixOS's {@code isNo}). */
    NO("n"),
    /** {@code =m}. */
    MODULE("m"),
    /** {@code =y} or {@code =m}. */
    ENABLED("y or m"),
    /** {@code =n} or absent. */
    DISABLED("n or not set");

    private final String words;

    Expectation(String words) {
      this.words = words;
    }
  }

  /** A required kernel option, as NixOS's {@code system.requiredKernelConfig} lists them. */
  public record Requirement(String option, Expectation expectation) {
    /** Canonicalises the option name to {@code CONFIG_...}. */
    public Requirement {
      option = key(option);
    }

    /**
     * Parses {@code CONFIG_X} (enabled: y or m), {@code CONFIG_X=y}, {@code =m}, {@code =n}
     * (disabled: n or absent), {@code =enabled}, {@code =disabled}, {@code =yes}, {@code =module},
     * {@code =no} (strictly n, as NixOS's {@code isNo}).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Requirement parse(String spec) {
      int eq = spec.indexOf('=');
      if (eq < 0) {
        return new Requirement(spec, Expectation.ENABLED);
      }
      String opt = spec.substring(0, eq);
      Expectation e = switch (spec.substring(eq + 1)) {
        case "y", "yes" -> Expectation.YES;
        case "m", "module" -> Expectation.MODULE;
        case "no" -> Expectation.NO;
        case "enabled" -> Expectation.ENABLED;
        case "n", "disabled" -> Expectation.DISABLED;
        default -> throw new IllegalArgumentException("'" + spec + "': expected OPTION, OPTION=y, =m, =n, =enabled or =disabled");
      };
      if (opt.isEmpty()) {
        throw new IllegalArgumentException("'" + spec + "': no option name before '='");
      }
      return new Requirement(opt, e);
    }

    /** True when {@code config} meets this requirement. */
    public boolean isMetBy(KernelConfig config) {
      return switch (expectation) {
        case YES -> config.isYes(option);
        case NO -> config.isNo(option);
        case MODULE -> config.isModule(option);
        case ENABLED -> config.isEnabled(option);
        case DISABLED -> config.isDisabled(option);
      };
    }

    /** "CONFIG_X is m, not y" and the like. */
    public String describe(KernelConfig config) {
      String actual = config.value(option).map(v -> "is " + v).orElse("is not set");
      return option + " " + actual + (isMetBy(config) ? "" : ", not " + expectation.words);
    }
  }

  /** The requirements of {@code required} that this configuration does not meet. */
  public List<Requirement> unmet(List<Requirement> required) {
    List<Requirement> out = new ArrayList<>();
    for (Requirement r : required) {
      if (!r.isMetBy(this)) {
        out.add(r);
      }
    }
    return out;
  }
}
