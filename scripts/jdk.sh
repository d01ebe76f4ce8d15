# Sourced by ./nibble and .ci/run: finds a JDK >= 21 without trusting the default `java`
# (17 on these machines). Order: $JAVA_HOME, the `java` on PATH, then /usr/lib/jvm/*,
# newest first. Prints the JDK's home, or a message saying what to install.

NIBBLE_MIN_JAVA=21

# Feature version (17, 21, 25, ...) of the JDK at $1, or nothing.
nibble_jdk_version() {
  local home=$1 v=
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 1
  if [[ -f "$home/release" ]]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [[ -z $v ]]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  fi
  [[ $v == 1 ]] && v=8 # "1.8.0_x"
  [[ -n $v ]] && echo "$v"
}

nibble_find_jdk() {
  local candidates=() home v
  [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    candidates+=("$home")
  fi
  for home in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r); do candidates+=("${home%/}"); done
  for home in "${candidates[@]}"; do
    v=$(nibble_jdk_version "$home") || continue
    if [[ -n $v && $v -ge $NIBBLE_MIN_JAVA ]]; then
      echo "$home"
      return 0
    fi
  done
  {
    echo "nibble needs a JDK $NIBBLE_MIN_JAVA or newer (with javac), and found none."
    echo "Looked at: \$JAVA_HOME, the java on PATH, /usr/lib/jvm/*."
    echo "Install one (e.g. Temurin 21 or 25 from adoptium.net, or 'apt-get install openjdk-21-jdk' where your"
    echo "distribution has it) and set JAVA_HOME to it."
  } >&2
  return 1
}

# Maven itself calls sun.misc.Unsafe, which JDK 24+ warns about on every run; silence that.
nibble_maven_opts() {
  local v
  v=$(nibble_jdk_version "$JAVA_HOME")
  if [[ $v -ge 24 ]]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}
