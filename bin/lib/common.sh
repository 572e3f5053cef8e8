# Shared by bin/rtnl4j, bin/test and bin/sandbox-java. Sourced, not run.

# rtnl4j_root: the project's root directory (the parent of bin/).
rtnl4j_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# java_feature JAVA: prints the feature version (17, 22, 25 ...) of a java binary, or nothing.
java_feature() {
  local release_file
  release_file="$(dirname "$(dirname "$1")")/release"
  if [ -r "$release_file" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release_file"
  else
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
  fi
}

# find_jdk MIN [TOOL]: sets JAVA_HOME to a JDK of at least MIN: $JAVA_HOME when it is one,
# else the newest under /usr/lib/jvm. TOOL is the binary it must have: javac (the default, to
# build) or java (to run: a JRE will do). Returns 1 with a message saying what to install.
find_jdk() {
  local min=$1 tool=${2:-javac} best="" best_v=0 dir v
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/$tool" ]; then
    v=$(java_feature "$JAVA_HOME/bin/java")
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then return 0; fi
  fi
  for dir in /usr/lib/jvm/*/; do
    dir=${dir%/}
    [ -x "$dir/bin/$tool" ] || continue
    [ -L "$dir" ] && continue
    v=$(java_feature "$dir/bin/java")
    if [ -n "$v" ] && [ "$v" -ge "$min" ] && [ "$v" -gt "$best_v" ]; then best=$dir; best_v=$v; fi
  done
  if [ -z "$best" ]; then
    echo "rtnl4j: needs a JDK $min or newer; none found in JAVA_HOME or under /usr/lib/jvm." >&2
    echo "rtnl4j: install one (Debian: apt-get install openjdk-$min-jdk-headless, or Temurin $min+) or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME=$best
}

# quiet_maven_on_new_jdks: Maven 3.9's Guice uses sun.misc.Unsafe, which JDK 24+ warns about on
# every build; allow it explicitly so the build output shows only the project's own messages.
quiet_maven_on_new_jdks() {
  local v
  v=$(java_feature "$JAVA_HOME/bin/java")
  if [ -n "$v" ] && [ "$v" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}
