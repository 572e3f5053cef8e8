package dev.rtnl4j.kmod;

import dev.rtnl4j.sys.Errno;
import dev.rtnl4j.sys.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Loads modules in-process, as {@code modprobe} would, with {@code finit_module}: the module file
 * is handed to the kernel as an fd, compressed ones with {@code MODULE_INIT_COMPRESSED_FILE} when
 * {@code /sys/module/compression} names their algorithm, else decompressed here and given to
 * {@code init_module}. {@code EEXIST} (loaded meanwhile) is success; {@code ENOSYS} means the
 * kernel has no module support, which is no error for a built-in module.
 *
 * <p>{@link #load} loads several modules, the independent ones in parallel: each name's plan runs
 * in order on a thread of its own, and a module two plans share is loaded once (the second waits
 * for the first). Thread-safe.
 */
public final class ModuleLoader {
  private final KernelModules modules;
  private final ModuleSyscalls sys;

  /** A loader for the modules of {@code modules}, using the real system calls. */
  public ModuleLoader(KernelModules modules) {
    this(modules, ModuleSyscalls.NATIVE);
  }

  ModuleLoader(KernelModules modules, ModuleSyscalls sys) {
    this.modules = modules;
    this.sys = sys;
  }

  /** The kmod-style result of one step: 0 or -errno, and what happened. */
  record StepResult(int err, LoadOutcome outcome) {}

  /**
   * Takes the steps of {@code plan} as kmod's {@code kmod_module_probe_insert_module} does:
   * a failing softdep is ignored, a failing required module stops the plan, a module already in
   * the kernel is skipped.
   *
   * @param outcomes receives the outcome of every step taken
   * @return 0, or the negative errno of the failure that stopped the plan
   */
  public int execute(ProbePlan plan, ProbeOptions o, List<LoadOutcome> outcomes) {
    return execute(plan, o, outcomes, new ConcurrentHashMap<>(), new AtomicBoolean());
  }

  private int execute(ProbePlan plan, ProbeOptions o, List<LoadOutcome> outcomes,
      Map<String, CompletableFuture<StepResult>> shared, AtomicBoolean stop) {
    switch (plan.outcome()) {
      case ALREADY_IN_KERNEL -> {
        outcomes.add(modules.state(plan.module()) == ModuleState.BUILTIN
            ? new LoadOutcome.BuiltIn(plan.module().name()) : new LoadOutcome.AlreadyLive(plan.module().name()));
        return o.failOnLoaded() ? -Errno.EEXIST : 0;
      }
      case BLACKLISTED -> {
        outcomes.add(new LoadOutcome.Blacklisted(plan.module().name()));
        return 0;
      }
      case STEPS -> { }
    }
    int err = 0;
    List<ProbeStep> steps = plan.steps();
    for (int i = 0; i < steps.size(); i++) {
      ProbeStep step = steps.get(i);
      if (stop.get()) {
        outcomes.add(new LoadOutcome.Skipped(step.module().name(), "an earlier module failed to load"));
        continue;
      }
      StepResult r = result(step, shared);
      outcomes.add(r.outcome());
      err = r.err();
      boolean required = true;
      if (step instanceof ProbeStep.Insert in) {
        required = in.required();
      } else if (step instanceof ProbeStep.RunInstall ri) {
        required = ri.required();
      } else if (step instanceof ProbeStep.Unresolved u) {
        required = u.required();
      }
      if (err == -Errno.EEXIST && step.module() == plan.module() && o.failOnLoaded()) {
        break;
      }
      if (err == -Errno.EEXIST || !required) {
        err = 0;
      } else if (err < 0) {
        for (ProbeStep rest : steps.subList(i + 1, steps.size())) {
          outcomes.add(new LoadOutcome.Skipped(rest.module().name(), step.module().name() + " failed to load"));
        }
        break;
      }
    }
    return err;
  }

  private interface Step {
    StepResult run();
  }

  /** Takes one step of a plan: inserts or runs the install command (once per module), or reports what needs no work. */
  private StepResult result(ProbeStep step, Map<String, CompletableFuture<StepResult>> shared) {
    if (step instanceof ProbeStep.AlreadyInKernel a) {
      return new StepResult(-Errno.EEXIST, a.state() == ModuleState.BUILTIN
          ? new LoadOutcome.BuiltIn(a.module().name()) : new LoadOutcome.AlreadyLive(a.module().name()));
    }
    if (step instanceof ProbeStep.Builtin b) {
      return new StepResult(0, new LoadOutcome.BuiltIn(b.module().name()));
    }
    if (step instanceof ProbeStep.Unresolved u) {
      return new StepResult(-Errno.ENOENT, new LoadOutcome.NotAvailable(u.module().name(),
          "could not find module by name='" + u.module().name() + "' in " + modules.directory()));
    }
    if (step instanceof ProbeStep.RunInstall ri) {
      return once(shared, ri.module().name(), () -> runInstall(ri));
    }
    if (step instanceof ProbeStep.Insert in) {
      return once(shared, in.module().name(), () -> insert(in.module().name(), in.module()::isBuiltin, in.file(), in.options()));
    }
    throw new AssertionError("unknown probe step " + step);
  }

  /** Runs {@code step} for {@code name} unless another plan of the same load did or does. */
  private static StepResult once(Map<String, CompletableFuture<StepResult>> shared, String name, Step step) {
    CompletableFuture<StepResult> mine = new CompletableFuture<>();
    CompletableFuture<StepResult> theirs = shared.putIfAbsent(name, mine);
    if (theirs != null) {
      StepResult r = theirs.join();
      return r.err() == 0 ? new StepResult(0, new LoadOutcome.AlreadyLive(name)) : r;
    }
    try {
      StepResult r = step.run();
      mine.complete(r);
      return r;
    } catch (RuntimeException e) {
      StepResult r = new StepResult(-Errno.EINVAL, new LoadOutcome.Failed(name, 0, e.getMessage()));
      mine.complete(r);
      return r;
    }
  }

  private StepResult runInstall(ProbeStep.RunInstall ri) {
    String cmd = ri.commandLine();
    String name = ri.module().name();
    // Only because a modprobe.d file says so: the command is a shell command line by definition.
    ProcessBuilder pb = new ProcessBuilder(List.of("/bin/sh", "-c", cmd)).inheritIO();
    pb.environment().put("MODPROBE_MODULE", name);
    try {
      int status = pb.start().waitFor();
      if (status != 0) {
        return new StepResult(-Errno.EINVAL, new LoadOutcome.Failed(name, 0,
            "Error running install command '" + cmd + "' for module " + name + ": retcode " + status));
      }
      return new StepResult(0, new LoadOutcome.InstallCommandRan(name, cmd));
    } catch (IOException e) {
      return new StepResult(-Errno.EINVAL, new LoadOutcome.Failed(name, 0,
          "Could not run install command '" + cmd + "' for module " + name + ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new StepResult(-Errno.EINTR, new LoadOutcome.Failed(name, Errno.EINTR, "interrupted running " + cmd));
    }
  }

  /**
   * Loads the module in {@code file} alone, as {@code insmod} does: no dependencies, no
   * configuration; compressed files as the kernel allows (see the class comment).
   *
   * @param params module parameters ({@code "a=1 b=2"}), or "" for none
   */
  public LoadOutcome loadFile(Path file, String params) {
    String abs = file.toAbsolutePath().toString();
    return insert(ModuleNames.fromPath(abs), () -> false, abs, params == null ? "" : params).outcome();
  }

  /**
   * Loads one module file with {@code params}.
   *
   * @return 0 (loaded, or {@code EEXIST}: already there) or -errno, with the outcome
   */
  StepResult insert(String name, java.util.function.BooleanSupplier builtin, String file, String params) {
    Path path = Path.of(file);
    byte[] head = new byte[6];
    int n;
    try (InputStream in = Files.newInputStream(path)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      return new StepResult(-Errno.ENOENT, new LoadOutcome.NotAvailable(name, "cannot read " + file + ": " + e));
    }
    Compression c = Compression.detect(head, n);
    Compression kernel = Compression.ofKernel(modules.settings().sysModule().resolve("compression"));
    int rc = -Errno.ENOSYS;
    String how = "finit_module";
    if (c == Compression.NONE || c == kernel) {
      int fd = sys.open(file);
      if (fd < 0) {
        return new StepResult(fd, failed(name, fd, "open " + file));
      }
      try {
        rc = sys.finitModule(fd, params, c == Compression.NONE ? 0 : Syscalls.MODULE_INIT_COMPRESSED_FILE);
      } finally {
        sys.close(fd);
      }
      if (c != Compression.NONE) {
        how = "finit_module (" + c.name().toLowerCase(java.util.Locale.ROOT) + ", decompressed by the kernel)";
      }
    }
    if (rc == -Errno.ENOSYS) {
      // The kernel cannot take this file (or has no finit_module): the image from user space.
      ByteBuffer image;
      try {
        image = c == Compression.NONE ? mapped(path) : direct(Decompressors.decompress(path, c));
      } catch (IOException e) {
        return new StepResult(-Errno.EIO, new LoadOutcome.Failed(name, Errno.EIO, "cannot read " + file + ": " + e));
      } catch (KmodException e) {
        return new StepResult(-Errno.ENOEXEC, new LoadOutcome.NotAvailable(name, e.getMessage()));
      }
      rc = sys.initModule(image, params);
      how = c == Compression.NONE ? "init_module"
          : "init_module (" + c.name().toLowerCase(java.util.Locale.ROOT) + ", decompressed in user space)";
    }
    if (rc == 0) {
      return new StepResult(0, new LoadOutcome.Loaded(name, how));
    }
    if (rc == -Errno.EEXIST) {
      return new StepResult(rc, new LoadOutcome.AlreadyLive(name));
    }
    if (rc == -Errno.ENOSYS) {
      if (builtin.getAsBoolean()) {
        return new StepResult(0, new LoadOutcome.BuiltIn(name));
      }
      return new StepResult(rc, new LoadOutcome.NotAvailable(name, "this kernel has no module support"));
    }
    return new StepResult(rc, failed(name, rc, "finit_module " + file + (params.isEmpty() ? "" : " " + params)));
  }

  /** The file mapped read-only (a direct buffer, unmapped by the garbage collector): no copy of a large module. */
  private static ByteBuffer mapped(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      // an empty file maps to a buffer without an address; init_module then refuses the 0 bytes (ENOEXEC)
      return size == 0 ? ByteBuffer.allocateDirect(0) : ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
    }
  }

  /** {@code image} copied into a direct buffer. */
  private static ByteBuffer direct(byte[] image) {
    return ByteBuffer.allocateDirect(image.length).put(image).flip();
  }

  private static LoadOutcome failed(String name, int rc, String op) {
    int errno = -rc;
    return new LoadOutcome.Failed(name, errno, op + ": " + Errno.name(errno) + " (" + Errno.describe(errno) + ")"
        + (errno == Errno.ENOENT ? ": unknown symbol in module, or unknown parameter (see dmesg)"
        : errno == Errno.EPERM ? ": loading kernel modules needs CAP_SYS_MODULE (and kernel.modules_disabled=0)" : ""));
  }

  /**
   * Loads {@code names} (module names or aliases) with their dependencies and softdeps, the plans
   * of different names in parallel.
   *
   * @param policy {@link LoadPolicy#STRICT} stops starting new steps after the first failure;
   *     {@link LoadPolicy#TOLERANT} tries everything
   */
  public LoadReport load(List<String> names, ProbeOptions o, LoadPolicy policy) {
    Map<String, CompletableFuture<StepResult>> shared = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    Map<String, List<LoadOutcome>> results = new LinkedHashMap<>();
    List<Future<List<LoadOutcome>>> futures = new ArrayList<>();
    int threads = Math.max(1, Math.min(names.size(), Runtime.getRuntime().availableProcessors() * 2));
    ExecutorService ex = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "rtnl4j-kmod-load");
      t.setDaemon(true);
      return t;
    });
    try {
      for (String name : names) {
        futures.add(ex.submit(() -> loadOne(name, o, policy, shared, stop)));
      }
      for (int i = 0; i < names.size(); i++) {
        try {
          results.merge(names.get(i), futures.get(i).get(), (a, b) -> {
            List<LoadOutcome> l = new ArrayList<>(a);
            l.addAll(b);
            return l;
          });
        } catch (java.util.concurrent.ExecutionException e) {
          results.put(names.get(i), List.of(new LoadOutcome.Failed(names.get(i), 0, String.valueOf(e.getCause()))));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new KmodException("interrupted while loading modules", e);
        }
      }
    } finally {
      ex.shutdownNow();
    }
    return new LoadReport(results);
  }

  private List<LoadOutcome> loadOne(String name, ProbeOptions o, LoadPolicy policy,
      Map<String, CompletableFuture<StepResult>> shared, AtomicBoolean stop) {
    List<LoadOutcome> out = new ArrayList<>();
    if (stop.get()) {
      out.add(new LoadOutcome.Skipped(name, "an earlier module failed to load"));
      return out;
    }
    List<KernelModule> found;
    try {
      found = modules.lookup(name);
    } catch (IllegalArgumentException e) {
      out.add(new LoadOutcome.NotAvailable(name, e.getMessage()));
      found = List.of();
    }
    if (found.isEmpty()) {
      if (out.isEmpty()) {
        out.add(new LoadOutcome.NotAvailable(name, "Module " + name + " not found in directory " + modules.directory()));
      }
    }
    for (KernelModule m : found) {
      ProbePlan plan = modules.plan(m, null, o);
      AtomicBoolean planStop = policy == LoadPolicy.STRICT ? stop : new AtomicBoolean();
      execute(plan, o, out, shared, planStop);
    }
    if (policy == LoadPolicy.STRICT && out.stream().anyMatch(x -> !x.ok())) {
      stop.set(true);
    }
    return out;
  }
}
