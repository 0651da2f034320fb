#!/bin/sh
# Run by web/post-build.sh, Trunk.toml's post_build hook: builds the author page (author.html, Trunk.author.toml) into
# the player page's staging folder as author/, so every `trunk build` and every rebuild of
# `trunk serve` makes both pages, and the player's build moves both into dist/ together.
# Trunk gives hooks the build's profile, staging folder and public URL in these variables.
set -eu
if [ "${TRUNK_PROFILE:-debug}" = release ]; then
  set -- --release
else
  set --
fi
# A relative public URL (Trunk.toml's "./", for a page that works from any folder) stays
# relative: the author page's files sit beside its own index.html. An absolute one (`trunk
# serve --public-url /`, as `cargo xtask play` runs it) gets author/ appended.
case "${TRUNK_PUBLIC_URL:-./}" in
  /* | *://*) public="${TRUNK_PUBLIC_URL%/}/author/" ;;
  *) public="./" ;;
esac
trunk --config Trunk.author.toml build "$@" \
  --dist "$TRUNK_STAGING_DIR/author" \
  --public-url "$public"
