#!/usr/bin/env bash
# Decode the PhysioNet 2016 recordings (FLAC in the shared data folder) to WAV under build/data-wav.
#   HEARTSOUND_DATA   shared data folder holding physionet2016/ and unpack.sh (default ../shared/data)
#   HEARTSOUND_WAV_DIR  destination (default build/data-wav)
# Idempotent (unpack.sh keeps files already decoded). Prints the destination on stdout.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${HEARTSOUND_DATA:-$root/../shared/data}"
dest="${HEARTSOUND_WAV_DIR:-$root/build/data-wav}"
if [ ! -x "$data/unpack.sh" ]; then
  echo "data.sh: no PhysioNet data at $data (set HEARTSOUND_DATA)" >&2; exit 1
fi
mkdir -p "$dest"
"$data/unpack.sh" "$dest" >&2
echo "$dest"
