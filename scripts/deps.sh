#!/usr/bin/env bash
# Obtain third-party sources into third_party/ (git-ignored), pinned by version and sha256.
#   scripts/deps.sh [kissfft|xnnpack|emscripten|all ...]   (all = the source trees)
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

# unpack FILE DIR: extract a tarball; its single top folder becomes $tp/DIR. Some Debian orig tarballs
# (xnnpack) have no top folder: then the extracted tree itself becomes $tp/DIR.
unpack() {
  local file="$1" dir="$2" tmp
  [ -d "$tp/$dir" ] && return 0
  tmp="$(mktemp -d "$tp/.unpack.XXXXXX")"
  tar -xf "$dl/$file" -C "$tmp"
  if [ "$(ls -A "$tmp" | wc -l)" = 1 ] && [ -d "$tmp/$(ls -A "$tmp")" ]; then
    mv "$tmp"/* "$tp/$dir"
    rmdir "$tmp"
  else
    chmod 755 "$tmp"  # mktemp -d made it private
    mv "$tmp" "$tp/$dir"
  fi
  log "unpacked $tp/$dir"
}

dep_kissfft() {
  [ -f "$tp/kissfft-131.1.0/kiss_fftr.c" ] && return 0
  fetch kissfft_131.1.0.orig.tar.gz 76c1aac87ddb7258f34b08a13f0eebf9e53afa299857568346aa5c82bcafaf1a \
        bookworm kissfft https://github.com/mborgerding/kissfft/archive/refs/tags/131.1.0.tar.gz
  unpack kissfft_131.1.0.orig.tar.gz kissfft-131.1.0
}

# XNNPACK (upstream commit 4ea82e5, Nov 2024) and the two headers/libraries it builds against.
# Debian ships the 2024 sources only in trixie's source archive (orig tarballs, no .dsc there).
# The checksums pin Debian's orig tarballs; GitHub's archives of the same commits are packed differently,
# so the upstream fallback is refused by the checksum (a clear error, never an unpinned tree).
dep_fxdiv() {
  [ -f "$tp/fxdiv/include/fxdiv.h" ] && return 0
  fetch fxdiv_0.0~git20200417.b408327.orig.tar.xz 7953482badaf4cb34026c3487c257b8e4ab2df061c019bd6fabbbc12ad52c44b \
        bookworm fxdiv https://github.com/Maratyszcza/FXdiv/archive/b408327.tar.gz
  unpack fxdiv_0.0~git20200417.b408327.orig.tar.xz fxdiv
}

dep_pthreadpool() {
  [ -f "$tp/pthreadpool/CMakeLists.txt" ] && return 0
  fetch pthreadpool_0.0~git20240616.560c60d.orig.tar.xz 4cc3cbd933b28131d2a34edc54f76af9fb41bc490af5eae1a5bd3cd07ea90708 \
        trixie pthreadpool https://github.com/Maratyszcza/pthreadpool/archive/560c60d.tar.gz
  unpack pthreadpool_0.0~git20240616.560c60d.orig.tar.xz pthreadpool
}

dep_xnnpack() {
  dep_fxdiv
  dep_pthreadpool
  [ -f "$tp/xnnpack/CMakeLists.txt" ] && return 0
  fetch xnnpack_0.0~git20241108.4ea82e5.orig.tar.xz 90bde2caef0f880f627bab0dc805a86c4b8070cd98e3243db3046ab3f3be1a99 \
        trixie xnnpack https://github.com/google/XNNPACK/archive/4ea82e5.tar.gz
  unpack xnnpack_0.0~git20241108.4ea82e5.orig.tar.xz xnnpack
}

# The WebAssembly toolchain (not a source tree): an emsdk already on PATH is used as is; otherwise, as root
# on Debian, the distribution's emscripten package (3.1.6 on bookworm; it needs NODE_PATH=/usr/share/nodejs,
# which scripts/build.sh sets). Not part of `all`: native-only builds do not need it.
dep_emscripten() {
  command -v emcc >/dev/null 2>&1 && command -v emcmake >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian's emscripten"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends emscripten >/dev/null 2>&1 || {
      apt-get update -qq >/dev/null 2>&1
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends emscripten >/dev/null; }
  fi
  command -v emcmake >/dev/null 2>&1 && return 0
  log "emcc/emcmake not found: install Debian's emscripten (as root) or activate an emsdk (source emsdk_env.sh)"
  return 1
}

[ $# -gt 0 ] || set -- all
for d in "$@"; do
  case "$d" in
    kissfft) dep_kissfft ;;
    xnnpack) dep_xnnpack ;;
    emscripten) dep_emscripten ;;
    all) dep_kissfft; dep_xnnpack ;;
    *) log "unknown dependency '$d'"; exit 1 ;;
  esac
done
