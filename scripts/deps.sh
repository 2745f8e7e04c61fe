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

# tree_sha DIR: sha256 of the sorted "sha256  path" listing of every file below DIR (paths relative to DIR),
# plus symlinks as "target  path", so two archives of the same commit packed differently (GitHub vs Debian's
# orig tarball) agree.
tree_sha() {
  (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum &&
   find . -type l -printf '%l  %p\n' | LC_ALL=C sort) | sha256sum | cut -d' ' -f1
}

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

# fetch FILE SHA256 DEBIAN_SUITE DEBIAN_PKG UPSTREAM_URL: leaves the Debian tarball FILE (checked by SHA256)
# in $dl, or else the upstream archive as FILE.upstream (its extracted tree is checked later by unpack).
fetch() {
  local file="$1" sha="$2" suite="$3" pkg="$4" url="$5"
  sha_ok "$dl/$file" "$sha" && return 0
  log "fetching $file from the Debian source archive ($suite)"
  apt_source "$suite" "$pkg" || true
  sha_ok "$dl/$file" "$sha" && return 0
  [ -s "$dl/$file.upstream" ] && return 0
  log "Debian archive not reachable; trying upstream $url"
  if command -v curl >/dev/null 2>&1; then curl -fsSL -o "$dl/$file.part" "$url" || true
  elif command -v wget >/dev/null 2>&1; then wget -q -O "$dl/$file.part" "$url" || true; fi
  if sha_ok "$dl/$file.part" "$sha"; then mv "$dl/$file.part" "$dl/$file"; return 0; fi
  [ -s "$dl/$file.part" ] && { mv "$dl/$file.part" "$dl/$file.upstream"; return 0; }
  rm -f "$dl/$file.part"
  log "could not obtain $file with sha256 $sha"; return 1
}

# unpack FILE DIR TREE_SHA: extract a tarball; its single top folder becomes $tp/DIR. Some Debian orig
# tarballs (xnnpack) have no top folder: then the extracted tree itself becomes $tp/DIR. An upstream archive
# (FILE.upstream, see fetch) is accepted only if its extracted tree has the pinned TREE_SHA.
unpack() {
  local file="$1" dir="$2" want="$3" src tmp top got
  [ -d "$tp/$dir" ] && return 0
  src="$dl/$file"; [ -f "$src" ] || src="$dl/$file.upstream"
  tmp="$(mktemp -d "$tp/.unpack.XXXXXX")"
  tar -xf "$src" -C "$tmp"
  top="$tmp"
  if [ "$(ls -A "$tmp" | wc -l)" = 1 ] && [ -d "$tmp/$(ls -A "$tmp")" ]; then top="$tmp/$(ls -A "$tmp")"; fi
  got="$(tree_sha "$top")"
  if [ "$got" != "$want" ]; then
    log "$dir: extracted tree sha256 $got != pinned $want; refusing it"
    rm -rf "$tmp"; [ "$src" = "$dl/$file" ] || rm -f "$src"; return 1
  fi
  chmod 755 "$top"  # mktemp -d made it private
  mv "$top" "$tp/$dir"
  rm -rf "$tmp"
  log "unpacked $tp/$dir"
}

dep_kissfft() {
  [ -f "$tp/kissfft-131.1.0/kiss_fftr.c" ] && return 0
  fetch kissfft_131.1.0.orig.tar.gz 76c1aac87ddb7258f34b08a13f0eebf9e53afa299857568346aa5c82bcafaf1a \
        bookworm kissfft https://github.com/mborgerding/kissfft/archive/refs/tags/131.1.0.tar.gz
  unpack kissfft_131.1.0.orig.tar.gz kissfft-131.1.0 b4d6ab0bc56f94e9a279df6310f58d052f25a5e5b6b4bd1bcee47e59904895c2
}

# XNNPACK (upstream commit 4ea82e5, Nov 2024) and the two headers/libraries it builds against.
# Debian ships the 2024 sources only in trixie's source archive (orig tarballs, no .dsc there).
# Two pins per dependency: the sha256 of Debian's orig tarball and the tree hash (tree_sha) of its contents.
# GitHub's archives of the same commits are packed differently (other tarball bytes), so the upstream
# fallback is checked by the tree hash; a tree that differs is refused (a clear error, never an unpinned
# tree). The tree hashes were computed from Debian's tarballs here; GitHub was not reachable to confirm
# that its archive of each commit holds exactly the same files.
dep_fxdiv() {
  [ -f "$tp/fxdiv/include/fxdiv.h" ] && return 0
  fetch fxdiv_0.0~git20200417.b408327.orig.tar.xz 7953482badaf4cb34026c3487c257b8e4ab2df061c019bd6fabbbc12ad52c44b \
        bookworm fxdiv https://github.com/Maratyszcza/FXdiv/archive/b408327.tar.gz
  unpack fxdiv_0.0~git20200417.b408327.orig.tar.xz fxdiv 61c3d78bb10d936638cdcef616e89d07ecfb99422990be8cd875a079fae76dbc
}

dep_pthreadpool() {
  [ -f "$tp/pthreadpool/CMakeLists.txt" ] && return 0
  fetch pthreadpool_0.0~git20240616.560c60d.orig.tar.xz 4cc3cbd933b28131d2a34edc54f76af9fb41bc490af5eae1a5bd3cd07ea90708 \
        trixie pthreadpool https://github.com/Maratyszcza/pthreadpool/archive/560c60d.tar.gz
  unpack pthreadpool_0.0~git20240616.560c60d.orig.tar.xz pthreadpool f88c2a547d0d8ba15f895453e1fbc32e094ca50d0c499e341be70f5f1e855a07
}

dep_xnnpack() {
  dep_fxdiv
  dep_pthreadpool
  [ -f "$tp/xnnpack/CMakeLists.txt" ] && return 0
  fetch xnnpack_0.0~git20241108.4ea82e5.orig.tar.xz 90bde2caef0f880f627bab0dc805a86c4b8070cd98e3243db3046ab3f3be1a99 \
        trixie xnnpack https://github.com/google/XNNPACK/archive/4ea82e5.tar.gz
  unpack xnnpack_0.0~git20241108.4ea82e5.orig.tar.xz xnnpack 16b9182c0b69c62e0f1d9fc152b46a8dd57f513320e20e1f30f1639888712861
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
