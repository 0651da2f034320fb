#!/bin/sh
# Trunk.toml's post_build hook: builds the author page (author.html, Trunk.author.toml) into
# the player page's staging folder as author/, so every `trunk build` and every rebuild of
# `trunk serve` makes both pages, and the player's build moves both into dist/ together.
# Trunk gives hooks the build's profile, staging folder and public URL in these variables.
set -eu
if [ "${TRUNK_PROFILE:-debug}" = release ]; then
  set -- --release
else
  set --
fi
exec trunk --config Trunk.author.toml build "$@" \
  --dist "$TRUNK_STAGING_DIR/author" \
  --public-url "${TRUNK_PUBLIC_URL%/}/author/"
