#!/usr/bin/env bash
# Obtain third-party sources into third_party/ (git-ignored), pinned by version and sha256.
#   scripts/deps.sh [kissfft|all ...]
# Order of sources: Debian's source archive (apt-get source --download-only with a private deb-src list
# derived from this machine's own /etc/apt/sources.list.d/debian.sources), then the upstream release.
# Idempotent: a dependency already unpacked is kept.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tp="${HS_THIRD_PARTY:-$root/third_party}"
dl="$tp/downloads"
mkdir -p "$dl"

log() { echo "deps: $*" >&2; }

sha_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

# apt_source SUITE PKG: fetch PKG's source files into $dl via a private apt configuration.
apt_source() {
  local suite="$1" pkg="$2" srcs=/etc/apt/sources.list.d/debian.sources
  command -v apt-get >/dev/null 2>&1 && [ -f "$srcs" ] || return 1
  local st="$tp/apt-$suite"
  mkdir -p "$st/lists/partial"
  # Same mirror URI and keyring as the machine's main archive entry, deb-src, one suite.
  awk -v suite="$suite" '
    /^URIs:/ && !uri { uri=$2 } /^Signed-By:/ && !key { key=$2 }
    END { if (uri == "") exit 1; print "Types: deb-src"; print "URIs: " uri; print "Suites: " suite;
          print "Components: main"; if (key != "") print "Signed-By: " key }' "$srcs" > "$st/src.sources" || return 1
  local opts=(-o Dir::Etc::SourceList="$st/src.sources" -o Dir::Etc::SourceParts=/dev/null
              -o Dir::State::Lists="$st/lists" -o Debug::NoLocking=1)
  [ -n "$(ls "$st/lists" 2>/dev/null | grep -v partial)" ] || apt-get "${opts[@]}" update >/dev/null 2>&1 || return 1
  # Exit status ignored on purpose: some packages lack their .dsc; the caller checks the checksum.
  (cd "$dl" && apt-get "${opts[@]}" source --download-only "$pkg" >/dev/null 2>&1) || true
}

# fetch FILE SHA256 DEBIAN_SUITE DEBIAN_PKG UPSTREAM_URL
fetch() {
  local file="$1" sha="$2" suite="$3" pkg="$4" url="$5"
  sha_ok "$dl/$file" "$sha" && return 0
  log "fetching $file from the Debian source archive ($suite)"
  apt_source "$suite" "$pkg" || true
  sha_ok "$dl/$file" "$sha" && return 0
  log "Debian archive not reachable; trying upstream $url"
  if command -v curl >/dev/null 2>&1; then curl -fsSL -o "$dl/$file.part" "$url" && mv "$dl/$file.part" "$dl/$file" || true
  elif command -v wget >/dev/null 2>&1; then wget -q -O "$dl/$file.part" "$url" && mv "$dl/$file.part" "$dl/$file" || true; fi
  sha_ok "$dl/$file" "$sha" && return 0
  log "could not obtain $file with sha256 $sha"; return 1
}

# unpack FILE DIR: extract a tarball whose single top folder becomes $tp/DIR.
unpack() {
  local file="$1" dir="$2" tmp
  [ -d "$tp/$dir" ] && return 0
  tmp="$(mktemp -d "$tp/.unpack.XXXXXX")"
  tar -xf "$dl/$file" -C "$tmp"
  mv "$tmp"/* "$tp/$dir"
  rmdir "$tmp"
  log "unpacked $tp/$dir"
}

dep_kissfft() {
  [ -f "$tp/kissfft-131.1.0/kiss_fftr.c" ] && return 0
  fetch kissfft_131.1.0.orig.tar.gz 76c1aac87ddb7258f34b08a13f0eebf9e53afa299857568346aa5c82bcafaf1a \
        bookworm kissfft https://github.com/mborgerding/kissfft/archive/refs/tags/131.1.0.tar.gz
  unpack kissfft_131.1.0.orig.tar.gz kissfft-131.1.0
}

[ $# -gt 0 ] || set -- all
for d in "$@"; do
  case "$d" in
    kissfft) dep_kissfft ;;
    all) dep_kissfft ;;
    *) log "unknown dependency '$d'"; exit 1 ;;
  esac
done
