#!/bin/sh
# A class-data sharing archive of the operator's classes, dumped by the JVM that will map it (the image's own:
# the Dockerfile's operator stage and e2e/images/build run this in the image; the benchmark with its JDK).
#
#   dump-archive.sh CLASSLIST ARCHIVE CLASSPATH
#
# CLASSLIST: the classes to archive (operator.classlist beside this script, from e2e/bench/cds-classlist.sh);
# a class it lacks is loaded from the class path as without an archive. CLASSPATH must be the one the operator
# is started with, character for character: the archive records each entry's path, size and modification time
# and serves only those files. Started with -XX:SharedArchiveFile=ARCHIVE, the JVM maps the operator's classes
# and the JDK's from it (7 MiB less RSS at 100 stacks, e2e/bench/HISTORY.md, thirty-fourth slice); an archive
# it cannot map (another JVM build, another class path) leaves it with no class sharing at all, not even the
# JDK's own, so this script fails rather than leave one: it starts the JVM once more with -Xshare:on, which
# refuses to start on an archive it cannot map.
set -eu
[ $# -eq 3 ] || { echo "usage: $0 CLASSLIST ARCHIVE CLASSPATH" >&2; exit 2; }
list="$1" archive="$2" classpath="$3"
# The collector at dump time must not matter: JDK 17 archives no heap objects with the serial collector, the
# operator's (it archives them only with G1), so the archive holds classes alone and serves every collector.
# The dump warns about each listed class it cannot archive (JFR's event classes, ...): only errors are shown.
java -Xshare:dump -XX:+UseSerialGC -Xlog:cds=error -XX:SharedClassListFile="$list" \
  -XX:SharedArchiveFile="$archive" -cp "$classpath" >/dev/null
if ! java -Xshare:on -XX:SharedArchiveFile="$archive" -cp "$classpath" -version >/dev/null 2>&1; then
  echo "dump-archive: the JVM would not map $archive for this class path" >&2
  rm -f "$archive"
  exit 1
fi
echo "dump-archive: $archive ($(du -k "$archive" | cut -f1) KiB) for $(grep -cv '^[#@]' "$list") listed classes"
