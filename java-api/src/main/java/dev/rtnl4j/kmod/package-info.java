/**
 * Kernel modules without modprobe: kmod's lookups and plans, and an in-process loader.
 *
 * <ul>
 *   <li>{@link dev.rtnl4j.kmod.KernelModules} opens a module directory ({@code /lib/modules/RELEASE},
 *       or any other, as on NixOS) and its configuration ({@link dev.rtnl4j.kmod.ModprobeConfig}:
 *       {@code modprobe.d}, {@code modules.softdep}, the kernel command line), finds modules by name,
 *       alias or {@code symbol:} in kmod's order, and makes {@link dev.rtnl4j.kmod.ProbePlan}s:
 *       the softdeps, dependencies and options kmod 30 would use, step by step. kmod's own
 *       {@code modprobe --show-depends} is the oracle: the tests compare every module of Debian's
 *       6.1 tree byte for byte.</li>
 *   <li>The indexes are kmod's binary tries ({@code modules.dep.bin}, {@code modules.alias.bin},
 *       {@code modules.symbols.bin}, {@code modules.builtin.bin}, {@code modules.builtin.alias.bin}),
 *       memory-mapped and bounds-checked ({@link dev.rtnl4j.kmod.CorruptIndexException}), with the
 *       text files as a fallback.</li>
 *   <li>{@link dev.rtnl4j.kmod.ModuleLoader} loads with {@code finit_module} ({@code EEXIST} is
 *       success), hands compressed files to the kernel ({@code MODULE_INIT_COMPRESSED_FILE}) only
 *       when {@code /sys/module/compression} names their algorithm, else decompresses them here
 *       (gzip: JDK; xz: optional {@code org.tukaani:xz}; zstd: optional
 *       {@code io.airlift:aircompressor}, which needs {@code jdk.unsupported}) for
 *       {@code init_module}; loads independent modules in parallel; strict or tolerant
 *       ({@link dev.rtnl4j.kmod.LoadPolicy}).</li>
 *   <li>{@link dev.rtnl4j.kmod.ModulesLoadConfig} reads {@code modules-load.d} as
 *       systemd-modules-load does; {@link dev.rtnl4j.kmod.KernelConfig} checks build options as
 *       NixOS's {@code lib.kernelConfig} does; {@link dev.rtnl4j.kmod.LinkKindModules} makes the link
 *       kinds of a container plan available before the first container starts.</li>
 * </ul>
 *
 * <p>Facts of kmod 30 (Debian 12) that the code follows: the default configuration directories are
 * {@code /etc/modprobe.d}, {@code /run/modprobe.d}, {@code /usr/local/lib/modprobe.d},
 * {@code /lib/modprobe.d}; {@code *.alias} files are read besides {@code *.conf};
 * {@code modules.softdep} is sorted in among the configuration files by its name; a path given to
 * {@code modprobe} is looked up as a name; the first matching {@code softdep} and {@code install}
 * line wins, and a module with softdeps ignores its install command; a module reached twice through
 * softdeps is loaded (and printed) twice.
 */
package dev.rtnl4j.kmod;
