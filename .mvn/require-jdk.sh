#!/bin/sh
# Fails the build with one clear sentence when no JDK >= 22 can be found (Maven itself may run on Java 17;
# the toolchains plugin then selects the newer JDK for compiling and testing).
ver() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p' | head -1; }
for j in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
  [ -n "$j" ] && [ -x "$j/bin/javac" ] || continue
  v=$(ver "$j"); v=${v%%.*}
  [ "${v:-0}" -ge 22 ] 2>/dev/null && exit 0
done
for v in 22 23 24 25 26 27 28 29 30; do eval "h=\${JAVA${v}_HOME:-}"; [ -n "$h" ] && [ -x "$h/bin/javac" ] && exit 0; done
echo "dust4j needs a JDK 22 or newer (25 recommended) to build: install one (for example the temurin-25-jdk package, or any JDK 25 under /usr/lib/jvm) or point JAVA_HOME at it." >&2
exit 1
