#!/bin/sh
# Trunk.toml's one post_build hook. Trunk runs a stage's hooks at the same time, and the
# service worker must list the player's page as built, so the steps run here in order: the
# author page into author/ (web/author-page.sh), the rest of the story beside the page
# (web/rest-chunk.sh), then the service worker (web/offline.sh), which so precaches it.
set -eu
sh web/author-page.sh
sh web/rest-chunk.sh
sh web/offline.sh
