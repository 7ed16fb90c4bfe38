#!/usr/bin/env bash
# Builds an OCI image of a WebAssembly module, without a registry, as an
# OCI image layout in a tar file: what `ctr images import` (containerd)
# reads, and skopeo as `oci-archive:OUT.tar` (to push it to a registry).
#
#   scripts/oci-image.sh [--name REF] [--dir DIR] [--platform OS/ARCH]...
#                        -o OUT.tar MODULE.wasm [ARGS...]
#
# The image follows the convention of runwasi's shims for wasm images
# built from a plain layer: platform `wasi/wasm` (config `os` "wasi",
# `architecture` "wasm"), one uncompressed tar layer holding the module as
# /NAME.wasm (mode 0644), entrypoint ["/NAME.wasm"] and ARGS as its `Cmd`.
# --dir DIR adds the contents of DIR to the layer, under /.
# --name REF names the image (default mote.test/NAME:latest).
# --platform OS/ARCH (repeatable) lists the image under these platforms
# instead of wasi/wasm alone; with more than one, the image is an image
# index (a multi-platform image) listing the same manifest for each.
# Kubernetes pulls images for the node's platform (containerd's CRI
# matches the host's strictly), so an image for a cluster lists its
# nodes' platforms too, e.g. --platform wasi/wasm --platform linux/amd64;
# the image's config still says wasi/wasm.
# The tar is the same, byte for byte, for the same inputs.
#
# Import and run it (the platform must be given: it is not the host's):
#   ctr images import --platform wasi/wasm OUT.tar
#   ctr run --rm --runtime io.containerd.mote.v1 --platform wasi/wasm REF ID
set -euo pipefail

usage() {
    echo "usage: $0 [--name REF] [--dir DIR] [--platform OS/ARCH]... -o OUT.tar MODULE.wasm [ARGS...]" >&2
    exit 2
}

name="" dir="" out=""
platforms=()
while [ $# -gt 0 ]; do
    case "$1" in
        --name) [ $# -ge 2 ] || usage; name="$2"; shift 2 ;;
        --dir) [ $# -ge 2 ] || usage; dir="$2"; shift 2 ;;
        --platform)
            [ $# -ge 2 ] || usage
            [[ $2 =~ ^[a-z0-9_]+/[a-z0-9_]+(/[a-z0-9_]+)?$ ]] ||
                { echo "oci-image: --platform $2: expected OS/ARCH[/VARIANT]" >&2; exit 2; }
            platforms+=("$2")
            shift 2 ;;
        -o) [ $# -ge 2 ] || usage; out="$2"; shift 2 ;;
        -h|--help) usage ;;
        -*) echo "oci-image: unknown option $1" >&2; usage ;;
        *) break ;;
    esac
done
[ -n "$out" ] && [ $# -ge 1 ] || usage
module="$1"
shift
[ -f "$module" ] || { echo "oci-image: $module: no such file" >&2; exit 1; }
[ -z "$dir" ] || [ -d "$dir" ] || { echo "oci-image: $dir: not a directory" >&2; exit 1; }
if [ "$(head -c 4 "$module" | od -An -tx1 | tr -d ' \n')" != 0061736d ]; then
    echo "oci-image: $module is not a WebAssembly binary (no \\0asm header)" >&2
    exit 1
fi
base="$(basename "$module" .wasm)"
file="$base.wasm"
case "$file" in
    *[!A-Za-z0-9._-]*) echo "oci-image: $file: use letters, digits, '.', '_' or '-' in the module's name" >&2; exit 1 ;;
esac
name="${name:-mote.test/$base:latest}"
tag="${name##*:}"
[ "$tag" != "$name" ] && [[ "$tag" != */* ]] || tag=latest

# A JSON string: quotes, backslashes and control characters escaped.
json_str() {
    local s="$1" out="" c i code
    for ((i = 0; i < ${#s}; i++)); do
        c="${s:i:1}"
        case "$c" in
            '"') out+='\"' ;;
            '\') out+='\\' ;;
            *)
                printf -v code '%d' "'$c"
                if [ "$code" -ge 0 ] && [ "$code" -lt 32 ]; then
                    printf -v c '\\u%04x' "$code"
                fi
                out+="$c" ;;
        esac
    done
    printf '"%s"' "$out"
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
blobs="$work/layout/blobs/sha256"
mkdir -p "$blobs" "$work/root"
chmod 0755 "$work/root"
[ -z "$dir" ] || cp -a "$dir/." "$work/root/"
install -m 0644 "$module" "$work/root/$file"

# Reproducible tar: sorted names, owner 0:0, time 0, no extended headers.
det_tar() {
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 \
        --format=ustar -cf "$@"
}
# Stores a file as a blob; prints its digest and size.
add_blob() {
    local digest size
    digest="$(sha256sum "$1" | cut -d' ' -f1)"
    size="$(stat -c %s "$1")"
    mv "$1" "$blobs/$digest"
    echo "$digest $size"
}

(cd "$work/root" && det_tar "$work/layer.tar" .)
read -r layer_digest layer_size < <(add_blob "$work/layer.tar")

cmd=""
for a in "$@"; do cmd+="${cmd:+,}$(json_str "$a")"; done
printf '{"architecture":"wasm","os":"wasi","config":{"Entrypoint":[%s],"Cmd":[%s]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$(json_str "/$file")" "$cmd" "$layer_digest" >"$work/config.json"
read -r config_digest config_size < <(add_blob "$work/config.json")

printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
    "$config_digest" "$config_size" "$layer_digest" "$layer_size" >"$work/manifest.json"
read -r manifest_digest manifest_size < <(add_blob "$work/manifest.json")

annotations="$(printf '{"io.containerd.image.name":%s,"org.opencontainers.image.ref.name":%s}' \
    "$(json_str "$name")" "$(json_str "$tag")")"
# A descriptor of the manifest for platform OS/ARCH[/VARIANT].
manifest_for() {
    local os arch variant
    IFS=/ read -r os arch variant <<<"$1"
    printf '{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"%s","os":"%s"%s}' \
        "$manifest_digest" "$manifest_size" "$arch" "$os" "${variant:+,\"variant\":\"$variant\"}"
}
if [ ${#platforms[@]} -le 1 ]; then
    # One platform: index.json names the manifest.
    top="$(manifest_for "${platforms[0]:-wasi/wasm}"),\"annotations\":$annotations}"
    image_digest="$manifest_digest"
else
    # Several: index.json names an image index (a multi-platform image)
    # that lists the manifest once per platform, as multi-platform
    # builders write it.
    entries=""
    for p in "${platforms[@]}"; do entries+="${entries:+,}$(manifest_for "$p")}"; done
    printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[%s]}' \
        "$entries" >"$work/image-index.json"
    read -r index_digest index_size < <(add_blob "$work/image-index.json")
    top="$(printf '{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"sha256:%s","size":%s,"annotations":%s}' \
        "$index_digest" "$index_size" "$annotations")"
    image_digest="$index_digest"
fi
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[%s]}' \
    "$top" >"$work/layout/index.json"
printf '{"imageLayoutVersion":"1.0.0"}' >"$work/layout/oci-layout"

(cd "$work/layout" && det_tar "$work/image.tar" oci-layout index.json blobs)
mv "$work/image.tar" "$out"
echo "$name $out sha256:$image_digest"
