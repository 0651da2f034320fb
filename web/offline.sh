#!/bin/sh
# Writes the service worker into the player page's build (web/post-build.sh runs this after
# Trunk has written index.html and its hashed files): dist/sw.js is two generated lines, the
# build's id and the files to precache, followed by web/sw.js. The files are every file
# directly in the build folder (index.html, boot.js, the hashed js, wasm and css, the
# manifest), plus the manifest's 192 px icon, which Chromium fetches on every load (offline
# too: uncached, that load logs an error); not author/ (the author tools are not for playing
# offline, and would more than double what a player downloads) and not the larger icons (the
# browser fetches them only when installing).
# The id is a hash of those files' contents, so a build that changes any of them is a new
# worker, and a build that changes none is byte for byte the same worker.
set -eu
dir="$TRUNK_STAGING_DIR"
out="$dir/sw.js"
rm -f "$out"
if [ "${TRUNK_PROFILE:-debug}" != release ]; then
  # Development: a worker that caches nothing and clears what a release build left.
  { printf 'const BUILD = "dev";\nconst FILES = null;\n'; cat web/sw.js; } > "$out"
  exit 0
fi
# Comments are for readers of web/: the release page ships boot.js and the worker without
# their whole-line comments (both count towards the first load).
strip() { grep -v '^[[:space:]]*//' "$1"; }
strip "$dir/boot.js" > "$dir/boot.js.new" && mv "$dir/boot.js.new" "$dir/boot.js"
files=$(cd "$dir" && { find . -maxdepth 1 -type f; find ./icons -name icon-192.png; } \
  | sed 's|^\./||' | LC_ALL=C sort)
case "$files" in
  *index.html*) ;;
  *) echo "offline.sh: $dir has no index.html" >&2; exit 1 ;;
esac
build=$(cd "$dir" && cat $files | sha256sum | cut -c1-16)
list=$(printf '%s\n' $files | sed 's|.*|"&"|' | paste -sd, -)
{ printf 'const BUILD = "%s";\nconst FILES = [%s];\n' "$build" "$list"; strip web/sw.js; } > "$out"
