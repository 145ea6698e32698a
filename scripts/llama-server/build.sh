#!/usr/bin/env bash
# Builds llama-server (CPU only) from the llama.cpp source node-llama-cpp ships
# (node_modules/node-llama-cpp/llama/gitRelease.bundle, a git bundle), so the server tests run the
# same llama.cpp as the worker. No download: the registries carry no llama-server binary.
# Cached in .cache/llama-server/: a no-op when the binary for the bundle's commit is already there.
# Prints the binary's path on its last line. About 10 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
out="$root/.cache/llama-server"
# The server is built from node-llama-cpp 3.22.1's bundle (llama.cpp v0.5.0), not from the bundle
# of the node-llama-cpp the worker runs (3.21.1, pinned for its every-platform binaries: v0.4.0):
# v0.4.0's llama-server failed every streamed answer of the synthetic models with "The model
# produced output that does not match the expected Content-only format" (its output parser), which
# v0.5.0 does not. The tarball comes from the npm registry (npm pack), like every other package.
SERVER_NLC_VERSION="${LLAMA_SERVER_NODE_LLAMA_CPP_VERSION:-3.22.1}"
bundle="$out/node-llama-cpp-$SERVER_NLC_VERSION.bundle"
binary="$out/bin/llama-server"
jobs="${LLAMA_SERVER_BUILD_JOBS:-2}"

mkdir -p "$out"
if [ ! -f "$bundle" ]; then
  echo "== fetching node-llama-cpp@$SERVER_NLC_VERSION's llama.cpp bundle from the npm registry"
  pack="$(mktemp -d)"
  (cd "$pack" && npm pack -q "node-llama-cpp@$SERVER_NLC_VERSION" >/dev/null)
  tar -xzf "$pack"/node-llama-cpp-*.tgz -C "$pack" package/llama/gitRelease.bundle
  mv "$pack/package/llama/gitRelease.bundle" "$bundle.tmp" && mv "$bundle.tmp" "$bundle"
  rm -rf "$pack"
fi
commit="$(git bundle list-heads "$bundle" | awk '$2 == "HEAD" {print $1}')"
[ -n "$commit" ] || { echo "llama-server build: no HEAD in $bundle." >&2; exit 1; }

mkdir -p "$out"
# One build at a time: .cache is shared by every worktree on this machine.
exec 9>"$out/.lock"
flock 9

if [ -x "$binary" ] && [ "$(cat "$out/bin/COMMIT" 2>/dev/null)" = "$commit" ]; then
  echo "llama-server (llama.cpp $commit) already built"
  echo "$binary"
  exit 0
fi

if ! command -v cmake >/dev/null || ! command -v g++ >/dev/null; then
  echo "== installing cmake and g++ from Debian"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cmake g++ >/dev/null
fi

src="$out/src"
rm -rf "$src" "$out/build"
echo "== extracting llama.cpp $commit from the node-llama-cpp bundle"
git -c advice.detachedHead=false clone -q "$bundle" "$src"
git -C "$src" checkout -q "$commit"

echo "== configuring (CPU only, static, no curl)"
cmake -S "$src" -B "$out/build" -DCMAKE_BUILD_TYPE=Release \
  -DBUILD_SHARED_LIBS=OFF -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
  -DLLAMA_BUILD_SERVER=ON -DLLAMA_BUILD_TOOLS=ON \
  -DGGML_CUDA=OFF -DGGML_VULKAN=OFF -DGGML_METAL=OFF -DGGML_OPENMP=OFF >/dev/null

echo "== building llama-server with -j$jobs"
cmake --build "$out/build" --target llama-server -j"$jobs" -- --no-print-directory >"$out/build.log" 2>&1 || {
  tail -30 "$out/build.log" >&2; echo "llama-server build failed; full log: $out/build.log" >&2; exit 1; }

mkdir -p "$out/bin"
cp "$out/build/bin/llama-server" "$binary.tmp" && mv "$binary.tmp" "$binary"
echo "$commit" >"$out/bin/COMMIT"
rm -rf "$src" "$out/build"
echo "llama-server (llama.cpp $commit) built"
echo "$binary"
