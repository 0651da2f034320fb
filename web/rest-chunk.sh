#!/bin/sh
# Run by web/post-build.sh, Trunk.toml's post_build hook, before the service worker is written:
# copies the rest of the story (the prose of later acts, build.rs's `story-<hash>.bin`, which
# the page fetches after its first paint) into the player page's build. The name comes from
# the built wasm itself (src/story_data.rs's REST_FILE), and build.rs keeps every chunk under
# that content-hashed name in the cargo target folder's story-chunks/ (that of the wasm target), so the copy is the one
# this wasm was built with, never a stale one (the page checks its fingerprint anyway). A wasm
# that names no chunk embeds the whole story: nothing to copy.
set -eu
dir="$TRUNK_STAGING_DIR"
name=$(cat "$dir"/*.wasm | grep -ao 'story-[0-9a-f]\{16\}\.bin' | head -n 1 || true)
if [ -z "$name" ]; then
  exit 0
fi
target="${CARGO_TARGET_DIR:-}"
if [ -z "$target" ]; then
  target=$(cargo metadata --format-version 1 --no-deps | sed 's/.*"target_directory":"\([^"]*\)".*/\1/')
fi
# build.rs writes it under the first cache folder above its OUT_DIR: the wasm target's folder.
for chunk in "$target/wasm32-unknown-unknown/story-chunks/$name" "$target/story-chunks/$name"; do
  if [ -f "$chunk" ]; then
    cp "$chunk" "$dir/$name"
    exit 0
  fi
done
echo "rest-chunk.sh: the wasm names $name, which is not under $target/*/story-chunks/" >&2
exit 1
