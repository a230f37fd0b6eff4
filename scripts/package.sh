#!/usr/bin/env bash
# The packages officers download, in dist/:
#   thidua-<version>-windows-x64.zip     thidua.exe and what goes with it
#   thidua-<version>-linux-x64.tar.gz    the same for Linux
# (and thidua-<version>-macos-<arch>.tar.gz on a Mac). Each holds the program
# (profile "dist": release without symbols), "Hướng dẫn sử dụng.html" (the user
# guide, docs/huong-dan/, pictures inside), Mẫu/ (the commented rules template
# and a blank self-scoring workbook made from it) and Khối mẫu/ (the sample bloc).
#
#   scripts/package.sh                   Linux and Windows (cross-compiled with MinGW)
#   scripts/package.sh windows|linux|macos   one of them
#
# On Linux, Windows needs the rustup target x86_64-pc-windows-gnu and MinGW
# (Debian: gcc-mingw-w64-x86-64, binutils-mingw-w64-x86-64); on Windows
# (Git Bash) it builds natively with MSVC, the C runtime linked statically.
# The version is Cargo.toml's. Needs Python 3, standard library only (PYTHON=…
# names it if python3 is not the one).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target_dir="${CARGO_TARGET_DIR:-$root/target}"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
python="${PYTHON:-$(command -v python3 || command -v python)}"
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(linux windows)

case "$(uname -s)" in
    Linux) host=linux ;;
    Darwin) host=macos ;;
    MINGW* | MSYS* | CYGWIN*) host=windows ;;
    *) echo "package.sh: unknown system $(uname -s)" >&2; exit 2 ;;
esac

# The host's own build runs `thidua template` for the blank workbook.
echo "== thidua $version: build for this machine (profile dist)"
cargo build --locked --profile dist
exe=""; [ "$host" = windows ] && exe=.exe
host_bin="$target_dir/dist/thidua$exe"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
"$host_bin" template --rules templates/quy-dinh-mau.toml -o "$stage/template" >/dev/null
mkdir -p dist

for kind in "${kinds[@]}"; do
    case "$kind" in
        windows)
            if [ "$host" = windows ]; then
                bin="$host_bin"
            else
                echo "== thidua.exe: cross-compile for x86_64-pc-windows-gnu (profile dist)"
                cargo build --locked --profile dist --target x86_64-pc-windows-gnu
                bin="$target_dir/x86_64-pc-windows-gnu/dist/thidua.exe"
            fi
            archive="dist/thidua-$version-windows-x64.zip"
            ;;
        linux | macos)
            if [ "$kind" != "$host" ]; then
                echo "package.sh: the $kind package is built on $kind" >&2
                exit 2
            fi
            bin="$host_bin"
            arch=$(uname -m)
            case "$arch" in x86_64 | amd64) arch=x64 ;; aarch64) arch=arm64 ;; esac
            archive="dist/thidua-$version-$kind-$arch.tar.gz"
            ;;
        *) echo "package.sh: unknown package '$kind' (windows, linux, macos)" >&2; exit 2 ;;
    esac
    "$python" scripts/package.py --version "$version" --binary "$bin" \
        --template "$stage/template" --output "$archive"
done
